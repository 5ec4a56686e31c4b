import EarshotCore
import Foundation

/// What one ingest call writes: processed events and the signals derived from them.
public struct IngestBatch: Sendable {
    public var records: [EventRecord]
    public var signals: [Signal]

    public init(records: [EventRecord], signals: [Signal]) {
        self.records = records
        self.signals = signals
    }
}

/// What deleting a person removed, table by table.
public struct DeletionReport: Sendable, Hashable, Codable {
    public var people: Int
    public var accounts: Int
    public var events: Int
    public var signals: Int
    public var profileTopics: Int

    public init(people: Int = 0, accounts: Int = 0, events: Int = 0, signals: Int = 0, profileTopics: Int = 0) {
        self.people = people
        self.accounts = accounts
        self.events = events
        self.signals = signals
        self.profileTopics = profileTopics
    }
}

/// Which signals to withdraw.
public enum SignalSelector: Sendable, Hashable {
    /// Every signal of a person.
    case person(PersonID)
    /// A person's signals on these topics (exactly these ids).
    case topics(PersonID, [TopicID])
    /// Signals derived from events of one account.
    case account(AccountID)
    /// Signals derived from events of one conversation of a person.
    case conversation(PersonID, ConversationID)
    /// Signals older than a moment (retention).
    case before(Date)
}

/// Earshot's storage. Every backend passes the same conformance suite.
///
/// Batch-oriented and transactional: a call either applies completely or not at all. Holds only
/// derived data: no conversation text ever reaches a store.
public protocol Store: Sendable {
    /// Inserts or replaces people.
    func upsertPeople(_ people: [Person]) async throws
    func person(_ id: PersonID) async throws -> Person?
    /// Every person, in id order, a page at a time (`after` is the last id of the previous page).
    func people(after: PersonID?, limit: Int) async throws -> [Person]
    /// Inserts or replaces accounts.
    func upsertAccounts(_ accounts: [Account]) async throws
    func account(_ id: AccountID) async throws -> Account?
    /// Accounts linked to a person.
    func accounts(of person: PersonID) async throws -> [Account]

    /// Which of these event ids are already recorded.
    func existingEvents(_ ids: [EventID]) async throws -> Set<EventID>
    /// Records events and their signals, and folds the signals into the profile aggregates, in one
    /// transaction. Records whose event id exists already are skipped with their signals.
    /// - Returns: the ids actually recorded.
    func commit(_ batch: IngestBatch, halfLife: TimeInterval) async throws -> [EventID]
    func eventRecord(_ id: EventID) async throws -> EventRecord?

    /// The running decayed aggregates of a person's interests (one row per topic).
    func profileAggregates(of person: PersonID) async throws -> [ProfileAggregate]
    /// A person's stored signals, optionally only for some topics, newest first.
    func signals(of person: PersonID, topics: [TopicID]?) async throws -> [Signal]

    /// Deletes the selected signals and takes them out of the profile aggregates, in one transaction.
    /// - Returns: how many signals were withdrawn.
    func withdrawSignals(_ selector: SignalSelector, halfLife: TimeInterval) async throws -> Int
    /// How many signals of an event remain stored.
    func signalCount(ofEvent id: EventID) async throws -> Int

    /// Marks a person's conversation as quarantined (a sensitive message was seen in it).
    func quarantine(_ conversation: ConversationID, of person: PersonID) async throws
    func isQuarantined(_ conversation: ConversationID, of person: PersonID) async throws -> Bool

    /// Appends audit records.
    func appendAudit(_ records: [AuditRecord]) async throws
    /// A person's audit records, newest first.
    func auditRecords(of person: PersonID, limit: Int) async throws -> [AuditRecord]

    func upsertApproval(_ request: ApprovalRequest) async throws
    func approval(_ id: String) async throws -> ApprovalRequest?
    /// Requests where the person is the teen or the parent, newest first.
    func approvals(involving person: PersonID) async throws -> [ApprovalRequest]

    /// Records served ads.
    func recordImpressions(_ impressions: [Impression]) async throws
    /// Records served ads and the audit records of the decisions behind them, in one transaction where
    /// the backend has transactions (the server's `WriteBehindStore` commits its batches through this).
    func recordServing(_ impressions: [Impression], audit: [AuditRecord]) async throws
    func impression(_ id: ImpressionID) async throws -> Impression?
    /// Marks an impression clicked; false when it does not exist.
    func recordClick(_ id: ImpressionID) async throws -> Bool
    /// Spend (price CPM / 1000 per impression) per campaign since a moment.
    func campaignSpend(since: Date) async throws -> [CampaignID: Double]
    /// A person's most recent impressions, newest first (for "why am I seeing this ad").
    func impressions(ofPerson id: PersonID, limit: Int) async throws -> [Impression]
    /// Every impression of a campaign (for advertiser reports).
    func impressions(ofCampaign id: CampaignID) async throws -> [Impression]
    /// Impressions per campaign shown to a person since a moment.
    func impressionCounts(of person: PersonID, since: Date) async throws -> [CampaignID: Int]

    func upsertCampaigns(_ campaigns: [Campaign]) async throws
    func campaigns() async throws -> [Campaign]
    /// Deletes a campaign (its impressions stay, for reports); false when it does not exist.
    func deleteCampaign(_ id: CampaignID) async throws -> Bool
    func upsertAdvertisers(_ advertisers: [Advertiser]) async throws
    /// Every advertiser, in id order.
    func advertisers() async throws -> [Advertiser]
    func upsertFeedItems(_ items: [FeedItem]) async throws
    func feedItems() async throws -> [FeedItem]

    /// Registers exchange user ids (replacing the person of an id registered before).
    func registerExchangeUsers(_ users: [ExchangeUser]) async throws
    /// The person an exchange user id was registered for.
    func person(forExchangeUser id: String) async throws -> PersonID?
    /// A person's registered exchange user ids, in id order.
    func exchangeUsers(of person: PersonID) async throws -> [ExchangeUser]

    /// Stores a new API key or session (by id; the secret is only a hash).
    func saveCredential(_ credential: Credential) async throws
    func credential(_ id: String) async throws -> Credential?
    /// Every credential, newest first.
    func credentials() async throws -> [Credential]
    /// Marks a credential revoked; false when it does not exist or was revoked already.
    func revokeCredential(_ id: String, at time: Date) async throws -> Bool

    /// Deletes every stored trace of a person: the person, their accounts, the events from those
    /// accounts, signals, profile rows, quarantines, audit records, approval requests, impressions,
    /// registered exchange user ids and the person's sessions.
    func deletePerson(_ id: PersonID) async throws -> DeletionReport
}

/// Errors raised by stores. Messages never include personal data or text.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Store {
    /// Two separate writes, for backends without transactions.
    public func recordServing(_ impressions: [Impression], audit: [AuditRecord]) async throws {
        if !impressions.isEmpty { try await recordImpressions(impressions) }
        if !audit.isEmpty { try await appendAudit(audit) }
    }
}
