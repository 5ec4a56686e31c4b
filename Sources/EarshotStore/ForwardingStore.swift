import EarshotCore
import Foundation

/// A store that passes every call to another one. Decorators (`CachingStore`, `WriteBehindStore`)
/// conform to it and implement only the calls they change; everything else forwards to `base`.
public protocol ForwardingStore: Store {
    var base: any Store { get }
}

extension ForwardingStore {
    public func upsertPeople(_ people: [Person]) async throws { try await base.upsertPeople(people) }
    public func person(_ id: PersonID) async throws -> Person? { try await base.person(id) }
    public func people(after: PersonID?, limit: Int) async throws -> [Person] {
        try await base.people(after: after, limit: limit)
    }
    public func upsertAccounts(_ accounts: [Account]) async throws { try await base.upsertAccounts(accounts) }
    public func account(_ id: AccountID) async throws -> Account? { try await base.account(id) }
    public func accounts(of person: PersonID) async throws -> [Account] { try await base.accounts(of: person) }
    public func existingEvents(_ ids: [EventID]) async throws -> Set<EventID> { try await base.existingEvents(ids) }
    public func commit(_ batch: IngestBatch, halfLife: TimeInterval) async throws -> [EventID] {
        try await base.commit(batch, halfLife: halfLife)
    }
    public func eventRecord(_ id: EventID) async throws -> EventRecord? { try await base.eventRecord(id) }
    public func profileAggregates(of person: PersonID) async throws -> [ProfileAggregate] {
        try await base.profileAggregates(of: person)
    }
    public func signals(of person: PersonID, topics: [TopicID]?) async throws -> [Signal] {
        try await base.signals(of: person, topics: topics)
    }
    public func withdrawSignals(_ selector: SignalSelector, halfLife: TimeInterval) async throws -> Int {
        try await base.withdrawSignals(selector, halfLife: halfLife)
    }
    public func signalCount(ofEvent id: EventID) async throws -> Int { try await base.signalCount(ofEvent: id) }
    public func quarantine(_ conversation: ConversationID, of person: PersonID) async throws {
        try await base.quarantine(conversation, of: person)
    }
    public func isQuarantined(_ conversation: ConversationID, of person: PersonID) async throws -> Bool {
        try await base.isQuarantined(conversation, of: person)
    }
    public func appendAudit(_ records: [AuditRecord]) async throws { try await base.appendAudit(records) }
    public func auditRecords(of person: PersonID, limit: Int) async throws -> [AuditRecord] {
        try await base.auditRecords(of: person, limit: limit)
    }
    public func upsertApproval(_ request: ApprovalRequest) async throws { try await base.upsertApproval(request) }
    public func approval(_ id: String) async throws -> ApprovalRequest? { try await base.approval(id) }
    public func approvals(involving person: PersonID) async throws -> [ApprovalRequest] {
        try await base.approvals(involving: person)
    }
    public func recordImpressions(_ impressions: [Impression]) async throws { try await base.recordImpressions(impressions) }
    public func recordServing(_ impressions: [Impression], audit: [AuditRecord]) async throws {
        try await base.recordServing(impressions, audit: audit)
    }
    public func impression(_ id: ImpressionID) async throws -> Impression? { try await base.impression(id) }
    public func recordClick(_ id: ImpressionID) async throws -> Bool { try await base.recordClick(id) }
    public func campaignSpend(since: Date) async throws -> [CampaignID: Double] {
        try await base.campaignSpend(since: since)
    }
    public func impressions(ofPerson id: PersonID, limit: Int) async throws -> [Impression] {
        try await base.impressions(ofPerson: id, limit: limit)
    }
    public func impressions(ofCampaign id: CampaignID) async throws -> [Impression] {
        try await base.impressions(ofCampaign: id)
    }
    public func impressionCounts(of person: PersonID, since: Date) async throws -> [CampaignID: Int] {
        try await base.impressionCounts(of: person, since: since)
    }
    public func upsertCampaigns(_ campaigns: [Campaign]) async throws { try await base.upsertCampaigns(campaigns) }
    public func campaigns() async throws -> [Campaign] { try await base.campaigns() }
    public func deleteCampaign(_ id: CampaignID) async throws -> Bool { try await base.deleteCampaign(id) }
    public func upsertAdvertisers(_ advertisers: [Advertiser]) async throws { try await base.upsertAdvertisers(advertisers) }
    public func advertisers() async throws -> [Advertiser] { try await base.advertisers() }
    public func upsertFeedItems(_ items: [FeedItem]) async throws { try await base.upsertFeedItems(items) }
    public func feedItems() async throws -> [FeedItem] { try await base.feedItems() }
    public func registerExchangeUsers(_ users: [ExchangeUser]) async throws { try await base.registerExchangeUsers(users) }
    public func person(forExchangeUser id: String) async throws -> PersonID? { try await base.person(forExchangeUser: id) }
    public func exchangeUsers(of person: PersonID) async throws -> [ExchangeUser] {
        try await base.exchangeUsers(of: person)
    }
    public func saveCredential(_ credential: Credential) async throws { try await base.saveCredential(credential) }
    public func credential(_ id: String) async throws -> Credential? { try await base.credential(id) }
    public func credentials() async throws -> [Credential] { try await base.credentials() }
    public func revokeCredential(_ id: String, at time: Date) async throws -> Bool {
        try await base.revokeCredential(id, at: time)
    }
    public func deletePerson(_ id: PersonID) async throws -> DeletionReport { try await base.deletePerson(id) }
}
