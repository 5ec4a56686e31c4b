import EarshotCore
import Foundation

/// An in-memory store for tests and demos. Passes the same conformance suite as SQLite.
public actor MemoryStore: Store {
    private var people: [PersonID: Person] = [:]
    private var accountsByID: [AccountID: Account] = [:]
    private var events: [EventID: EventRecord] = [:]
    private var signalsByPerson: [PersonID: [Signal]] = [:]
    private var aggregates: [PersonID: [TopicID: ProfileAggregate]] = [:]
    private var campaignsByID: [CampaignID: Campaign] = [:]
    private var items: [FeedItemID: FeedItem] = [:]
    private var quarantined: Set<String> = []
    private var audit: [AuditRecord] = []
    private var approvalsByID: [String: ApprovalRequest] = [:]
    private var impressions: [ImpressionID: Impression] = [:]
    private var advertisersByID: [AdvertiserID: Advertiser] = [:]
    private var credentialsByID: [String: Credential] = [:]
    private var exchangeUsersByID: [String: PersonID] = [:]

    public init() {}

    public func upsertPeople(_ people: [Person]) { for p in people { self.people[p.id] = p } }
    public func person(_ id: PersonID) -> Person? { people[id] }
    public func people(after: PersonID?, limit: Int) -> [Person] {
        Array(people.values.filter { after == nil || $0.id > after! }.sorted { $0.id < $1.id }.prefix(limit))
    }
    public func upsertAccounts(_ accounts: [Account]) { for a in accounts { accountsByID[a.id] = a } }
    public func account(_ id: AccountID) -> Account? { accountsByID[id] }
    public func accounts(of person: PersonID) -> [Account] {
        accountsByID.values.filter { $0.personID == person }.sorted { $0.id < $1.id }
    }

    public func existingEvents(_ ids: [EventID]) -> Set<EventID> { Set(ids.filter { events[$0] != nil }) }

    public func commit(_ batch: IngestBatch, halfLife: TimeInterval) -> [EventID] {
        var recorded: [EventID] = []
        var fresh: Set<EventID> = []
        for r in batch.records where events[r.eventID] == nil {
            events[r.eventID] = r
            recorded.append(r.eventID)
            fresh.insert(r.eventID)
        }
        for s in batch.signals where fresh.contains(s.eventID) {
            signalsByPerson[s.personID, default: []].append(s)
            var agg = aggregates[s.personID, default: [:]][s.topicID]
                ?? ProfileAggregate(topicID: s.topicID, score: 0, anchor: s.time, lastSeen: s.time, signalCount: 0)
            agg.add(score: s.score, at: s.time, halfLife: halfLife)
            aggregates[s.personID, default: [:]][s.topicID] = agg
        }
        return recorded
    }

    public func eventRecord(_ id: EventID) -> EventRecord? { events[id] }

    public func profileAggregates(of person: PersonID) -> [ProfileAggregate] {
        (aggregates[person] ?? [:]).values.filter { $0.signalCount > 0 }.sorted { $0.topicID < $1.topicID }
    }

    public func signals(of person: PersonID, topics: [TopicID]?) -> [Signal] {
        let all = signalsByPerson[person] ?? []
        let filtered = topics.map { t in all.filter { t.contains($0.topicID) } } ?? all
        return filtered.sorted { $0.time != $1.time ? $0.time > $1.time : $0.eventID < $1.eventID }
    }

    public func withdrawSignals(_ selector: SignalSelector, halfLife: TimeInterval) -> Int {
        func matches(_ s: Signal) -> Bool {
            switch selector {
            case .person(let p): return s.personID == p
            case .topics(let p, let topics): return s.personID == p && topics.contains(s.topicID)
            case .account(let a): return events[s.eventID]?.accountID == a
            case .conversation(let p, let c): return s.personID == p && events[s.eventID]?.conversationID == c
            case .before(let t): return s.time < t
            }
        }
        var count = 0
        for (person, list) in signalsByPerson {
            let (gone, kept) = (list.filter(matches), list.filter { !matches($0) })
            guard !gone.isEmpty else { continue }
            signalsByPerson[person] = kept
            for s in gone {
                aggregates[person]?[s.topicID]?.remove(score: s.score, at: s.time, halfLife: halfLife)
                if aggregates[person]?[s.topicID]?.signalCount == 0 { aggregates[person]?[s.topicID] = nil }
            }
            count += gone.count
        }
        return count
    }

    public func signalCount(ofEvent id: EventID) -> Int {
        guard let p = events[id]?.personID else { return 0 }
        return (signalsByPerson[p] ?? []).filter { $0.eventID == id }.count
    }

    public func quarantine(_ conversation: ConversationID, of person: PersonID) {
        quarantined.insert(person.rawValue + "\u{0}" + conversation.rawValue)
    }

    public func isQuarantined(_ conversation: ConversationID, of person: PersonID) -> Bool {
        quarantined.contains(person.rawValue + "\u{0}" + conversation.rawValue)
    }

    public func appendAudit(_ records: [AuditRecord]) { audit += records }

    public func auditRecords(of person: PersonID, limit: Int) -> [AuditRecord] {
        Array(audit.filter { $0.personID == person }.reversed().prefix(limit))
    }

    public func upsertApproval(_ request: ApprovalRequest) { approvalsByID[request.id] = request }
    public func approval(_ id: String) -> ApprovalRequest? { approvalsByID[id] }
    public func approvals(involving person: PersonID) -> [ApprovalRequest] {
        approvalsByID.values.filter { $0.teenID == person || $0.parentID == person }
            .sorted { $0.createdAt != $1.createdAt ? $0.createdAt > $1.createdAt : $0.id < $1.id }
    }

    public func recordImpressions(_ list: [Impression]) { for i in list { impressions[i.id] = i } }
    public func impression(_ id: ImpressionID) -> Impression? { impressions[id] }
    public func recordClick(_ id: ImpressionID) -> Bool {
        guard impressions[id] != nil else { return false }
        impressions[id]?.clicked = true
        return true
    }
    public func campaignSpend(since: Date) -> [CampaignID: Double] {
        var spend: [CampaignID: Double] = [:]
        for i in impressions.values where i.time >= since { spend[i.campaignID, default: 0] += i.priceCPM / 1000 }
        return spend
    }
    public func impressions(ofPerson id: PersonID, limit: Int) -> [Impression] {
        Array(impressions.values.filter { $0.personID == id }.sorted { ($0.time, $0.id) > ($1.time, $1.id) }.prefix(limit))
    }
    public func impressions(ofCampaign id: CampaignID) -> [Impression] {
        impressions.values.filter { $0.campaignID == id }.sorted { $0.id < $1.id }
    }
    public func impressionCounts(of person: PersonID, since: Date) -> [CampaignID: Int] {
        var counts: [CampaignID: Int] = [:]
        for i in impressions.values where i.personID == person && i.time >= since { counts[i.campaignID, default: 0] += 1 }
        return counts
    }

    public func upsertCampaigns(_ campaigns: [Campaign]) { for c in campaigns { campaignsByID[c.id] = c } }
    public func campaigns() -> [Campaign] { campaignsByID.values.sorted { $0.id < $1.id } }
    public func deleteCampaign(_ id: CampaignID) -> Bool { campaignsByID.removeValue(forKey: id) != nil }
    public func upsertAdvertisers(_ advertisers: [Advertiser]) { for a in advertisers { advertisersByID[a.id] = a } }
    public func advertisers() -> [Advertiser] { advertisersByID.values.sorted { $0.id < $1.id } }
    public func upsertFeedItems(_ items: [FeedItem]) { for i in items { self.items[i.id] = i } }
    public func feedItems() -> [FeedItem] { items.values.sorted { $0.id < $1.id } }

    public func deletePerson(_ id: PersonID) -> DeletionReport {
        var report = DeletionReport()
        if people.removeValue(forKey: id) != nil { report.people = 1 }
        let owned = Set(accountsByID.values.filter { $0.personID == id }.map(\.id))
        for a in owned { accountsByID.removeValue(forKey: a) }
        report.accounts = owned.count
        let doomed = events.values.filter { $0.personID == id || owned.contains($0.accountID) }.map(\.eventID)
        for e in doomed { events.removeValue(forKey: e) }
        report.events = doomed.count
        report.signals = signalsByPerson.removeValue(forKey: id)?.count ?? 0
        report.profileTopics = aggregates.removeValue(forKey: id)?.count ?? 0
        quarantined = quarantined.filter { !$0.hasPrefix(id.rawValue + "\u{0}") }
        audit.removeAll { $0.personID == id }
        approvalsByID = approvalsByID.filter { $0.value.teenID != id && $0.value.parentID != id }
        impressions = impressions.filter { $0.value.personID != id }
        credentialsByID = credentialsByID.filter { $0.value.person != id }
        exchangeUsersByID = exchangeUsersByID.filter { $0.value != id }
        return report
    }

    public func registerExchangeUsers(_ users: [ExchangeUser]) { for u in users { exchangeUsersByID[u.id] = u.personID } }
    public func person(forExchangeUser id: String) -> PersonID? { exchangeUsersByID[id] }
    public func exchangeUsers(of person: PersonID) -> [ExchangeUser] {
        exchangeUsersByID.filter { $0.value == person }.map { ExchangeUser(id: $0.key, personID: $0.value) }.sorted { $0.id < $1.id }
    }
    public func saveCredential(_ credential: Credential) throws {
        guard credentialsByID[credential.id] == nil else { throw StoreError("a credential with this id exists already") }
        credentialsByID[credential.id] = credential
    }
    public func credential(_ id: String) -> Credential? { credentialsByID[id] }
    public func credentials() -> [Credential] {
        credentialsByID.values.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }
    public func revokeCredential(_ id: String, at time: Date) -> Bool {
        guard var c = credentialsByID[id], c.revokedAt == nil else { return false }
        c.revokedAt = time
        credentialsByID[id] = c
        return true
    }
}
