import EarshotCore
import EarshotStore
import Foundation
import Testing

/// The storage conformance suite: every backend runs exactly these checks.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqliteInMemory, sqliteFile, cachedSQLite, servingSQLite

    var testDescription: String { rawValue }

    func make() throws -> any Store {
        switch self {
        case .memory: return MemoryStore()
        case .sqliteInMemory: return try SQLiteStore()
        case .sqliteFile:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return try SQLiteStore(path: dir.appendingPathComponent("test.sqlite").path)
        case .cachedSQLite: return CachingStore(try SQLiteStore())
        // The server's layering. The timer is too slow to matter here: every read must find buffered rows by itself.
        case .servingSQLite: return CachingStore(WriteBehindStore(try SQLiteStore(), maxDelay: .seconds(3_600)))
        }
    }
}

@Suite struct StoreConformanceTests {
    let halfLife: TimeInterval = 30 * 86_400
    let t0 = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01

    func record(_ id: String, account: String = "acc", person: String? = "p1", signals: Int = 1,
                decisions: [Decision] = []) -> EventRecord {
        EventRecord(eventID: EventID(id), accountID: AccountID(account), personID: person.map { PersonID($0) },
                    surface: "assistant", kind: .chatMessage, time: t0, receivedAt: t0, conversationID: "c1",
                    topics: [TopicScore(id: "668", score: 0.8)], sensitive: [.health], crisis: false,
                    decisions: decisions, signalCount: signals)
    }

    func signal(_ event: String, topic: TopicID = "668", score: Double = 0.8, person: String = "p1", days: Double = 0) -> Signal {
        Signal(personID: PersonID(person), topicID: topic, score: score, surface: "assistant",
               time: t0.addingTimeInterval(days * 86_400), eventID: EventID(event))
    }

    @Test(arguments: Backend.allCases)
    func peopleAndAccountsRoundTrip(_ backend: Backend) async throws {
        let store = try backend.make()
        let settings = PersonSettings(aiAdsOptOut: true, globalPrivacyControl: false, noticeVersion: "v1", noticeSentAt: t0)
        let p = Person(id: "p1", country: "us", birthDate: Day("1990-02-28"), settings: settings)
        try await store.upsertPeople([p, Person(id: "p2", country: "DE", birthDate: nil)])
        #expect(try await store.person("p1") == p)
        #expect(try await store.person("p2")?.birthDate == nil)
        #expect(try await store.person("nobody") == nil)
        #expect(try await store.people(after: nil, limit: 1).map(\.id) == ["p1"])
        #expect(try await store.people(after: "p1", limit: 10).map(\.id) == ["p2"])
        #expect(try await store.people(after: "p2", limit: 10).isEmpty)
        try await store.upsertAccounts([Account(id: "a1", product: "assistant", personID: "p1"),
                                        Account(id: "a2", product: "glasses", personID: nil),
                                        Account(id: "a0", product: "social_feed", personID: "p1")])
        #expect(try await store.account("a2") == Account(id: "a2", product: "glasses", personID: nil))
        #expect(try await store.accounts(of: "p1").map(\.id) == ["a0", "a1"])
        // Replacing an account relinks it.
        try await store.upsertAccounts([Account(id: "a2", product: "glasses", personID: "p1")])
        #expect(try await store.accounts(of: "p1").count == 3)
    }

    @Test(arguments: Backend.allCases)
    func commitIsIdempotentPerEventID(_ backend: Backend) async throws {
        let store = try backend.make()
        let decision = Decision(activity: .deriveInterests, allowed: true,
                                rules: [RuleOutcome(rule: .jurisdiction, effect: .allow, reason: "ok")])
        let batch = IngestBatch(records: [record("e1", decisions: [decision]), record("e2")],
                                signals: [signal("e1"), signal("e2", topic: "672", score: 0.5)])
        #expect(try await store.commit(batch, halfLife: halfLife).sorted() == ["e1", "e2"])
        #expect(try await store.commit(batch, halfLife: halfLife).isEmpty)
        #expect(try await store.existingEvents(["e1", "e3"]) == ["e1"])
        #expect(try await store.signals(of: "p1", topics: nil).count == 2)
        let aggregates = try await store.profileAggregates(of: "p1")
        #expect(aggregates.map(\.topicID) == ["668", "672"])
        #expect(abs(aggregates[0].score - 0.8) < 1e-9 && aggregates[0].signalCount == 1)
        let stored = try #require(try await store.eventRecord("e1"))
        #expect(stored == record("e1", decisions: [decision]))
    }

    @Test(arguments: Backend.allCases)
    func aggregatesDecayAndAccumulate(_ backend: Backend) async throws {
        let store = try backend.make()
        _ = try await store.commit(IngestBatch(records: [record("e1"), record("e2")],
                                           signals: [signal("e1", score: 1, days: 0), signal("e2", score: 1, days: 30)]),
                               halfLife: halfLife)
        let a = try #require(try await store.profileAggregates(of: "p1").first)
        #expect(abs(a.score(at: t0.addingTimeInterval(30 * 86_400), halfLife: halfLife) - 1.5) < 1e-9)
        #expect(a.signalCount == 2)
        #expect(try await store.signals(of: "p1", topics: ["668"]).map(\.eventID) == ["e2", "e1"])
        #expect(try await store.signals(of: "p1", topics: []).isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func deletingAPersonRemovesEveryTrace(_ backend: Backend) async throws {
        let store = try backend.make()
        try await store.upsertPeople([Person(id: "p1", country: "US", birthDate: nil), Person(id: "p2", country: "US", birthDate: nil)])
        try await store.upsertAccounts([Account(id: "acc", product: "assistant", personID: "p1"),
                                        Account(id: "other", product: "assistant", personID: "p2")])
        _ = try await store.commit(IngestBatch(records: [record("e1"), record("e0", person: nil), record("x1", account: "other", person: "p2")],
                                           signals: [signal("e1"), signal("x1", person: "p2")]), halfLife: halfLife)
        let report = try await store.deletePerson("p1")
        #expect(report == DeletionReport(people: 1, accounts: 1, events: 2, signals: 1, profileTopics: 1))
        #expect(try await store.person("p1") == nil)
        #expect(try await store.eventRecord("e1") == nil)
        #expect(try await store.eventRecord("e0") == nil)  // from the person's account before linking
        #expect(try await store.profileAggregates(of: "p1").isEmpty)
        #expect(try await store.signals(of: "p1", topics: nil).isEmpty)
        // The other person is untouched.
        #expect(try await store.eventRecord("x1") != nil)
        #expect(try await store.profileAggregates(of: "p2").count == 1)
        if let sqlite = store as? SQLiteStore {
            let values = try await sqlite.allTextValues()
            #expect(!values.contains { $0 == "p1" || $0 == "acc" || $0 == "e1" || $0 == "e0" })
        }
    }

    @Test(arguments: Backend.allCases)
    func campaignsAndFeedItemsRoundTrip(_ backend: Backend) async throws {
        let store = try backend.make()
        let c = Campaign(id: "c1", advertiserID: "adv", advertiserName: "Adv", creative: Creative(headline: "h", body: "b", url: "u"),
                         targetTopics: ["653"], countries: ["US"], minAge: 21, maxAge: 65, surfaces: ["social_feed"], bidCPM: 2.5)
        try await store.upsertCampaigns([c])
        #expect(try await store.campaigns() == [c])
        let item = FeedItem(id: "f1", kind: .reel, title: "t", author: "a", topics: ["160"], publishedAt: t0)
        try await store.upsertFeedItems([item])
        #expect(try await store.feedItems() == [item])
    }

    @Test(arguments: Backend.allCases)
    func concurrentCommitsOfTheSameEventRecordItOnce(_ backend: Backend) async throws {
        let store = try backend.make()
        let batch = IngestBatch(records: [record("e1")], signals: [signal("e1")])
        let results = try await withThrowingTaskGroup(of: [EventID].self) { group in
            for _ in 0..<8 { group.addTask { try await store.commit(batch, halfLife: self.halfLife) } }
            var all: [[EventID]] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(results.flatMap { $0 } == ["e1"])
        #expect(try await store.profileAggregates(of: "p1").first?.signalCount == 1)
    }

    @Test(arguments: Backend.allCases)
    func withdrawalAndExpiryLeaveNoStaleSignal(_ backend: Backend) async throws {
        let store = try backend.make()
        var other = record("o1", account: "acc2")
        other.conversationID = "c2"
        _ = try await store.commit(IngestBatch(records: [record("e1"), record("e2"), other],
                                           signals: [signal("e1", days: 0), signal("e2", topic: "672", days: 10),
                                                     signal("o1", topic: "630", days: 20)]), halfLife: halfLife)
        // By conversation: e1 and e2 are in c1.
        #expect(try await store.withdrawSignals(.conversation("p1", "c1"), halfLife: halfLife) == 2)
        #expect(try await store.profileAggregates(of: "p1").map(\.topicID) == ["630"])
        #expect(try await store.signalCount(ofEvent: "e1") == 0)
        // By time (retention): o1 is at day 20.
        #expect(try await store.withdrawSignals(.before(t0.addingTimeInterval(21 * 86_400)), halfLife: halfLife) == 1)
        #expect(try await store.profileAggregates(of: "p1").isEmpty)
        #expect(try await store.signals(of: "p1", topics: nil).isEmpty)
        // By account and by topic, with partial aggregates left correct.
        _ = try await store.commit(IngestBatch(records: [record("e3"), record("e4", account: "acc3")],
                                           signals: [signal("e3", score: 0.5), signal("e4", score: 0.25)]), halfLife: halfLife)
        #expect(try await store.withdrawSignals(.account("acc3"), halfLife: halfLife) == 1)
        let left = try #require(try await store.profileAggregates(of: "p1").first)
        #expect(abs(left.score(at: t0, halfLife: halfLife) - 0.5) < 1e-9 && left.signalCount == 1)
        #expect(try await store.withdrawSignals(.topics("p1", ["668"]), halfLife: halfLife) == 1)
        #expect(try await store.withdrawSignals(.person("p1"), halfLife: halfLife) == 0)
        #expect(try await store.profileAggregates(of: "p1").isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func quarantinesAuditAndApprovalsRoundTripAndAreForgotten(_ backend: Backend) async throws {
        let store = try backend.make()
        try await store.upsertPeople([Person(id: "p1", country: "US", birthDate: nil), Person(id: "kid", country: "US", birthDate: nil)])
        try await store.quarantine("c1", of: "p1")
        #expect(try await store.isQuarantined("c1", of: "p1"))
        #expect(try await !store.isQuarantined("c1", of: "p2"))
        let rule = RuleOutcome(rule: .optOut, effect: .deny, reason: "opted out")
        try await store.appendAudit([AuditRecord(time: t0, personID: "p1", subject: "s1", action: "a1", allowed: false, rules: [rule]),
                                     AuditRecord(time: t0, personID: "p1", subject: "s2", action: "a2", allowed: true)])
        #expect(try await store.auditRecords(of: "p1", limit: 10).map(\.subject) == ["s2", "s1"])
        #expect(try await store.auditRecords(of: "p1", limit: 10).last?.rules == [rule])
        let request = ApprovalRequest(id: "r1", teenID: "kid", parentID: "p1", requestedLevel: .standard, createdAt: t0)
        try await store.upsertApproval(request)
        #expect(try await store.approval("r1") == request)
        #expect(try await store.approvals(involving: "kid") == [request])
        _ = try await store.deletePerson("p1")
        #expect(try await !store.isQuarantined("c1", of: "p1"))
        #expect(try await store.auditRecords(of: "p1", limit: 10).isEmpty)
        #expect(try await store.approval("r1") == nil)
    }

    @Test(arguments: Backend.allCases)
    func impressionsCountClickAndAreForgotten(_ backend: Backend) async throws {
        let store = try backend.make()
        let explanation = Explanation(basis: .contextual, matchedInterests: [], summary: "s", policyReasons: ["r"], howToChange: "h")
        func imp(_ id: String, _ campaign: String, days: Double) -> Impression {
            Impression(id: ImpressionID(id), personID: "p1", campaignID: CampaignID(campaign), advertiserID: "a", surface: "social_feed",
                       time: t0.addingTimeInterval(days * 86_400), priceCPM: 1.5, explanation: explanation)
        }
        try await store.recordImpressions([imp("i1", "c1", days: 0), imp("i2", "c1", days: 3), imp("i3", "c2", days: 3)])
        #expect(try await store.impressionCounts(of: "p1", since: t0.addingTimeInterval(86_400)) == ["c1": 1, "c2": 1])
        #expect(try await store.impression("i1") == imp("i1", "c1", days: 0))
        #expect(try await store.recordClick("i1"))
        #expect(try await !store.recordClick("missing"))
        #expect(try await store.impression("i1")?.clicked == true)
        #expect(try await store.impressions(ofPerson: "p1", limit: 2).map(\.id) == ["i3", "i2"])
        // A targeted impression with evidence and awkward text survives the round trip exactly.
        let evidence = InterestEvidence(topicID: "653", name: "Travel \"quoted\" / \\ \n 日本", score: 0.123456789,
                                        surfaces: ["assistant", "glasses"], firstSeen: t0.addingTimeInterval(0.25),
                                        lastSeen: t0.addingTimeInterval(86_400.5), eventCount: 3)
        let targeted = Impression(id: "i9", personID: "p1", campaignID: "c1", advertiserID: "a", surface: "social_feed",
                                  time: t0.addingTimeInterval(1.5), priceCPM: 0.1 + 0.2,
                                  explanation: Explanation(basis: .aiInterests, matchedInterests: [evidence], summary: "s\tt",
                                                           policyReasons: [], howToChange: "h"))
        let decision = AuditRecord(time: t0, personID: "p1", subject: "surface:social_feed", action: "target_ads", allowed: true)
        try await store.recordServing([targeted], audit: [decision])
        #expect(try await store.impression("i9") == targeted)
        #expect(try await store.auditRecords(of: "p1", limit: 5).map(\.subject) == ["surface:social_feed"])
        #expect(try await store.impressions(ofPerson: "p2", limit: 5).isEmpty)
        _ = try await store.deletePerson("p1")
        #expect(try await store.impression("i2") == nil)
    }

    @Test(arguments: Backend.allCases)
    func credentialsAreStoredRevokedAndForgottenWithTheirPerson(_ backend: Backend) async throws {
        let store = try backend.make()
        let key = Credential(id: "aaaaaaaaaaaa", kind: .apiKey, scopes: [.advertiser("acme"), .ingest], label: "acme",
                             secretHash: SHA256.hex("secret".utf8), createdAt: t0)
        let session = Credential(id: "bbbbbbbbbbbb", kind: .session, scopes: [.person("p1")], label: "s",
                                 secretHash: SHA256.hex("other".utf8), createdAt: t0.addingTimeInterval(60),
                                 expiresAt: t0.addingTimeInterval(3600))
        try await store.saveCredential(key)
        try await store.saveCredential(session)
        await #expect(throws: StoreError.self) { try await store.saveCredential(key) }
        #expect(try await store.credential("aaaaaaaaaaaa") == key)
        #expect(try await store.credentials().map(\.id) == ["bbbbbbbbbbbb", "aaaaaaaaaaaa"])
        #expect(try await store.revokeCredential("aaaaaaaaaaaa", at: t0.addingTimeInterval(5)))
        #expect(try await !store.revokeCredential("aaaaaaaaaaaa", at: t0.addingTimeInterval(6)))
        #expect(try await !store.revokeCredential("missing", at: t0))
        #expect(try await store.credential("aaaaaaaaaaaa")?.revokedAt == t0.addingTimeInterval(5))
        _ = try await store.deletePerson("p1")
        #expect(try await store.credential("bbbbbbbbbbbb") == nil)
        #expect(try await store.credential("aaaaaaaaaaaa") != nil)
    }

    @Test(arguments: Backend.allCases)
    func exchangeUsersResolveAndAreForgottenWithTheirPerson(_ backend: Backend) async throws {
        let store = try backend.make()
        try await store.registerExchangeUsers([ExchangeUser(id: "x-1", personID: "p1"), ExchangeUser(id: "x-2", personID: "p2"),
                                               ExchangeUser(id: "x-0", personID: "p1")])
        #expect(try await store.person(forExchangeUser: "x-1") == "p1")
        #expect(try await store.person(forExchangeUser: "nope") == nil)
        #expect(try await store.exchangeUsers(of: "p1").map(\.id) == ["x-0", "x-1"])
        try await store.registerExchangeUsers([ExchangeUser(id: "x-1", personID: "p2")])  // re-registered
        #expect(try await store.person(forExchangeUser: "x-1") == "p2")
        _ = try await store.deletePerson("p2")
        #expect(try await store.person(forExchangeUser: "x-1") == nil)
        #expect(try await store.person(forExchangeUser: "x-2") == nil)
        #expect(try await store.person(forExchangeUser: "x-0") == "p1")
    }

    @Test(arguments: Backend.allCases)
    func advertisersAndCampaignDeletion(_ backend: Backend) async throws {
        let store = try backend.make()
        try await store.upsertAdvertisers([Advertiser(id: "b", name: "B"), Advertiser(id: "a", name: "A")])
        try await store.upsertAdvertisers([Advertiser(id: "a", name: "A2")])
        #expect(try await store.advertisers() == [Advertiser(id: "a", name: "A2"), Advertiser(id: "b", name: "B")])
        let c = Campaign(id: "c1", advertiserID: "a", advertiserName: "A", creative: Creative(headline: "h", body: "b", url: "u"),
                         targetTopics: ["1"], bidCPM: 1)
        try await store.upsertCampaigns([c])
        #expect(try await store.deleteCampaign("c1"))
        #expect(try await !store.deleteCampaign("c1"))
        #expect(try await store.campaigns().isEmpty)
    }
}
