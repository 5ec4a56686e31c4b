import EarshotCore
import Foundation
import GRDB

/// The embedded default store: SQLite through GRDB, in WAL mode, with migrations in code.
public final class SQLiteStore: Store {
    let writer: any DatabaseWriter

    /// Runs GRDB's blocking calls. GRDB waits for a free connection by blocking its thread; doing that on
    /// Swift's cooperative pool (two threads on a two-core machine) can stall every task under load, so
    /// database work runs on these dispatch queues and is awaited with a continuation.
    private let readQueue = DispatchQueue(label: "earshot.sqlite.read", attributes: .concurrent)
    private let writeQueue = DispatchQueue(label: "earshot.sqlite.write")

    func read<T>(_ block: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let writer = self.writer
        return try await run(on: readQueue) { try writer.read(block) }
    }

    func write<T>(_ block: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let writer = self.writer
        return try await run(on: writeQueue) { try writer.write(block) }
    }

    private func run<T>(on queue: DispatchQueue, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        let result: Handoff<T> = try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { Handoff(value: try work()) }) }
        }
        return result.value
    }

    /// Moves a value fetched on a database queue to the awaiting task. Rows fetched with `fetchAll`/`fetchOne`
    /// are copies that no other thread touches afterwards.
    private struct Handoff<T>: @unchecked Sendable { let value: T }

    /// Opens (and migrates) a database file; WAL mode, `synchronous = NORMAL` (durable across
    /// application crashes; a power loss can lose the last transactions, never corrupt the file).
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.maximumReaderCount = 8
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        writer = try DatabasePool(path: path, configuration: config)
        try Self.migrator.migrate(writer)
    }

    /// An in-memory database, for tests.
    public init() throws {
        writer = try DatabaseQueue()
        try Self.migrator.migrate(writer)
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .secondsSince1970
        e.outputFormatting = .sortedKeys
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .secondsSince1970
        return d
    }()

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
    static func value<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(T.self, from: Data(text.utf8))
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE people (id TEXT PRIMARY KEY, country TEXT NOT NULL, birth_date TEXT, settings TEXT NOT NULL);
                CREATE TABLE accounts (id TEXT PRIMARY KEY, product TEXT NOT NULL, person_id TEXT);
                CREATE INDEX accounts_person ON accounts(person_id);
                CREATE TABLE events (
                    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, person_id TEXT, surface TEXT NOT NULL,
                    kind TEXT NOT NULL, time REAL NOT NULL, received_at REAL NOT NULL, conversation_id TEXT,
                    topics TEXT NOT NULL, sensitive TEXT NOT NULL, crisis INTEGER NOT NULL,
                    decisions TEXT NOT NULL, signal_count INTEGER NOT NULL);
                CREATE INDEX events_person ON events(person_id);
                CREATE INDEX events_account ON events(account_id);
                CREATE TABLE signals (
                    id INTEGER PRIMARY KEY, person_id TEXT NOT NULL, topic_id TEXT NOT NULL, score REAL NOT NULL,
                    surface TEXT NOT NULL, time REAL NOT NULL, event_id TEXT NOT NULL);
                CREATE INDEX signals_person_topic ON signals(person_id, topic_id);
                CREATE INDEX signals_event ON signals(event_id);
                CREATE TABLE profile_topics (
                    person_id TEXT NOT NULL, topic_id TEXT NOT NULL, score REAL NOT NULL, anchor REAL NOT NULL,
                    last_seen REAL NOT NULL, signal_count INTEGER NOT NULL, PRIMARY KEY (person_id, topic_id));
                CREATE TABLE campaigns (id TEXT PRIMARY KEY, body TEXT NOT NULL);
                CREATE TABLE feed_items (id TEXT PRIMARY KEY, body TEXT NOT NULL);
                """)
        }
        m.registerMigration("v2-policy") { db in
            try db.execute(sql: """
                CREATE TABLE quarantines (person_id TEXT NOT NULL, conversation_id TEXT NOT NULL,
                    PRIMARY KEY (person_id, conversation_id));
                CREATE TABLE audit (id INTEGER PRIMARY KEY, time REAL NOT NULL, person_id TEXT, subject TEXT NOT NULL,
                    action TEXT NOT NULL, allowed INTEGER NOT NULL, rules TEXT NOT NULL, note TEXT NOT NULL);
                CREATE INDEX audit_person ON audit(person_id, id);
                CREATE TABLE approvals (id TEXT PRIMARY KEY, teen_id TEXT NOT NULL, parent_id TEXT NOT NULL, body TEXT NOT NULL);
                CREATE INDEX approvals_teen ON approvals(teen_id);
                CREATE INDEX approvals_parent ON approvals(parent_id);
                CREATE INDEX signals_time ON signals(time);
                """)
        }
        m.registerMigration("v3-impressions") { db in
            try db.execute(sql: """
                CREATE TABLE impressions (id TEXT PRIMARY KEY, person_id TEXT NOT NULL, campaign_id TEXT NOT NULL,
                    time REAL NOT NULL, clicked INTEGER NOT NULL, body TEXT NOT NULL);
                CREATE INDEX impressions_person_time ON impressions(person_id, time);
                CREATE INDEX impressions_campaign ON impressions(campaign_id);
                """)
        }
        m.registerMigration("v4-impression-price") { db in
            try db.execute(sql: """
                ALTER TABLE impressions ADD COLUMN price REAL NOT NULL DEFAULT 0;
                CREATE INDEX impressions_time ON impressions(time);
                """)
        }
        m.registerMigration("v5-access") { db in
            try db.execute(sql: """
                CREATE TABLE advertisers (id TEXT PRIMARY KEY, body TEXT NOT NULL);
                CREATE TABLE credentials (id TEXT PRIMARY KEY, person_id TEXT, created REAL NOT NULL, body TEXT NOT NULL);
                CREATE INDEX credentials_person ON credentials(person_id);
                """)
        }
        m.registerMigration("v6-exchange-users") { db in
            try db.execute(sql: """
                CREATE TABLE exchange_users (id TEXT PRIMARY KEY, person_id TEXT NOT NULL);
                CREATE INDEX exchange_users_person ON exchange_users(person_id);
                """)
        }
        return m
    }

    public func upsertPeople(_ people: [Person]) async throws {
        let rows = try people.map { p in (p, try Self.json(p.settings)) }
        try await write { db in
            for (p, settings) in rows {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO people (id, country, birth_date, settings) VALUES (?, ?, ?, ?)",
                    arguments: [p.id.rawValue, p.country, p.birthDate?.description, settings])
            }
        }
    }

    public func person(_ id: PersonID) async throws -> Person? {
        let row = try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM people WHERE id = ?", arguments: [id.rawValue])
        }
        return try row.map(Self.person)
    }

    private static func person(_ row: Row) throws -> Person {
        let birth: String? = row["birth_date"]
        return Person(id: PersonID(row["id"] as String), country: row["country"] as String, birthDate: birth.flatMap(Day.init),
                      settings: try value(PersonSettings.self, row["settings"] as String))
    }

    public func people(after: PersonID?, limit: Int) async throws -> [Person] {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM people WHERE id > ? ORDER BY id LIMIT ?", arguments: [after?.rawValue ?? "", limit])
        }
        return try rows.map(Self.person)
    }

    public func upsertAccounts(_ accounts: [Account]) async throws {
        try await write { db in
            for a in accounts {
                try db.execute(sql: "INSERT OR REPLACE INTO accounts (id, product, person_id) VALUES (?, ?, ?)",
                               arguments: [a.id.rawValue, a.product.rawValue, a.personID?.rawValue])
            }
        }
    }

    private static func account(_ row: Row) -> Account {
        let person: String? = row["person_id"]
        return Account(id: AccountID(row["id"] as String), product: Surface(row["product"] as String), personID: person.map { PersonID($0) })
    }

    public func account(_ id: AccountID) async throws -> Account? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [id.rawValue]).map(Self.account)
        }
    }

    public func accounts(of person: PersonID) async throws -> [Account] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM accounts WHERE person_id = ? ORDER BY id", arguments: [person.rawValue])
                .map(Self.account)
        }
    }

    public func existingEvents(_ ids: [EventID]) async throws -> Set<EventID> {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            var found: Set<EventID> = []
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try String.fetchAll(db, sql: "SELECT id FROM events WHERE id IN (\(marks))",
                                               arguments: StatementArguments(chunk.map(\.rawValue)))
                found.formUnion(rows.map { EventID($0) })
            }
            return found
        }
    }

    public func commit(_ batch: IngestBatch, halfLife: TimeInterval) async throws -> [EventID] {
        let encoded = try batch.records.map { r in
            (r, try Self.json(r.topics), try Self.json(r.sensitive), try Self.json(r.decisions))
        }
        let signals = batch.signals
        return try await write { db in
            var recorded: [EventID] = []
            for (r, topics, sensitive, decisions) in encoded {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO events (id, account_id, person_id, surface, kind, time, received_at,
                        conversation_id, topics, sensitive, crisis, decisions, signal_count)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    arguments: [r.eventID.rawValue, r.accountID.rawValue, r.personID?.rawValue, r.surface.rawValue,
                                r.kind.rawValue, r.time.timeIntervalSince1970, r.receivedAt.timeIntervalSince1970,
                                r.conversationID?.rawValue, topics, sensitive, r.crisis, decisions, r.signalCount])
                if db.changesCount > 0 { recorded.append(r.eventID) }
            }
            let fresh = Set(recorded)
            for s in signals where fresh.contains(s.eventID) {
                try db.execute(sql: """
                    INSERT INTO signals (person_id, topic_id, score, surface, time, event_id) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [s.personID.rawValue, s.topicID.rawValue, s.score, s.surface.rawValue,
                                     s.time.timeIntervalSince1970, s.eventID.rawValue])
                let row = try Row.fetchOne(db, sql: "SELECT * FROM profile_topics WHERE person_id = ? AND topic_id = ?",
                                           arguments: [s.personID.rawValue, s.topicID.rawValue])
                var agg = row.map(Self.aggregate)
                    ?? ProfileAggregate(topicID: s.topicID, score: 0, anchor: s.time, lastSeen: s.time, signalCount: 0)
                agg.add(score: s.score, at: s.time, halfLife: halfLife)
                try db.execute(sql: """
                    INSERT OR REPLACE INTO profile_topics (person_id, topic_id, score, anchor, last_seen, signal_count)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [s.personID.rawValue, s.topicID.rawValue, agg.score, agg.anchor.timeIntervalSince1970,
                                     agg.lastSeen.timeIntervalSince1970, agg.signalCount])
            }
            return recorded
        }
    }

    private static func aggregate(_ row: Row) -> ProfileAggregate {
        ProfileAggregate(topicID: TopicID(row["topic_id"] as String), score: row["score"] as Double,
                         anchor: Date(timeIntervalSince1970: row["anchor"] as Double),
                         lastSeen: Date(timeIntervalSince1970: row["last_seen"] as Double), signalCount: row["signal_count"] as Int)
    }

    public func eventRecord(_ id: EventID) async throws -> EventRecord? {
        let row = try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM events WHERE id = ?", arguments: [id.rawValue])
        }
        guard let row else { return nil }
        let person: String? = row["person_id"], conversation: String? = row["conversation_id"]
        guard let kind = EventKind(rawValue: row["kind"] as String) else { throw StoreError("stored event has an unknown kind") }
        return EventRecord(
            eventID: id, accountID: AccountID(row["account_id"] as String), personID: person.map { PersonID($0) },
            surface: Surface(row["surface"] as String), kind: kind, time: Date(timeIntervalSince1970: row["time"] as Double),
            receivedAt: Date(timeIntervalSince1970: row["received_at"] as Double), conversationID: conversation.map { ConversationID($0) },
            topics: try Self.value([TopicScore].self, row["topics"] as String),
            sensitive: try Self.value([SensitiveCategory].self, row["sensitive"] as String), crisis: row["crisis"] as Bool,
            decisions: try Self.value([Decision].self, row["decisions"] as String), signalCount: row["signal_count"] as Int)
    }

    public func profileAggregates(of person: PersonID) async throws -> [ProfileAggregate] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM profile_topics WHERE person_id = ? AND signal_count > 0 ORDER BY topic_id",
                             arguments: [person.rawValue]).map(Self.aggregate)
        }
    }

    public func signals(of person: PersonID, topics: [TopicID]?) async throws -> [Signal] {
        try await read { db in
            var sql = "SELECT * FROM signals WHERE person_id = ?"
            var args: [any DatabaseValueConvertible] = [person.rawValue]
            if let topics {
                if topics.isEmpty { return [] }
                sql += " AND topic_id IN (" + Array(repeating: "?", count: topics.count).joined(separator: ",") + ")"
                args += topics.map(\.rawValue)
            }
            sql += " ORDER BY time DESC, event_id"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                Signal(personID: person, topicID: TopicID(row["topic_id"] as String), score: row["score"] as Double,
                       surface: Surface(row["surface"] as String), time: Date(timeIntervalSince1970: row["time"] as Double),
                       eventID: EventID(row["event_id"] as String))
            }
        }
    }

    public func withdrawSignals(_ selector: SignalSelector, halfLife: TimeInterval) async throws -> Int {
        let (condition, args): (String, [any DatabaseValueConvertible]) = switch selector {
        case .person(let p): ("person_id = ?", [p.rawValue])
        case .topics(let p, let topics):
            ("person_id = ? AND topic_id IN (\(Array(repeating: "?", count: max(topics.count, 1)).joined(separator: ",")))",
             [p.rawValue] + (topics.isEmpty ? [""] : topics.map(\.rawValue)))
        case .account(let a): ("event_id IN (SELECT id FROM events WHERE account_id = ?)", [a.rawValue])
        case .conversation(let p, let c):
            ("person_id = ? AND event_id IN (SELECT id FROM events WHERE conversation_id = ?)", [p.rawValue, c.rawValue])
        case .before(let t): ("time < ?", [t.timeIntervalSince1970])
        }
        let arguments = StatementArguments(args) ?? StatementArguments()
        return try await write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, person_id, topic_id, score, time FROM signals WHERE \(condition)",
                                        arguments: arguments)
            for row in rows {
                let person: String = row["person_id"], topic: String = row["topic_id"]
                guard var agg = try Row.fetchOne(db, sql: "SELECT * FROM profile_topics WHERE person_id = ? AND topic_id = ?",
                                                 arguments: [person, topic]).map(Self.aggregate) else { continue }
                agg.remove(score: row["score"] as Double, at: Date(timeIntervalSince1970: row["time"] as Double), halfLife: halfLife)
                if agg.signalCount == 0 {
                    try db.execute(sql: "DELETE FROM profile_topics WHERE person_id = ? AND topic_id = ?", arguments: [person, topic])
                } else {
                    try db.execute(sql: "UPDATE profile_topics SET score = ?, signal_count = ? WHERE person_id = ? AND topic_id = ?",
                                   arguments: [agg.score, agg.signalCount, person, topic])
                }
                try db.execute(sql: "DELETE FROM signals WHERE id = ?", arguments: [row["id"] as Int64])
            }
            return rows.count
        }
    }

    public func signalCount(ofEvent id: EventID) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM signals WHERE event_id = ?", arguments: [id.rawValue]) ?? 0
        }
    }

    public func quarantine(_ conversation: ConversationID, of person: PersonID) async throws {
        try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO quarantines (person_id, conversation_id) VALUES (?, ?)",
                           arguments: [person.rawValue, conversation.rawValue])
        }
    }

    public func isQuarantined(_ conversation: ConversationID, of person: PersonID) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM quarantines WHERE person_id = ? AND conversation_id = ?)",
                              arguments: [person.rawValue, conversation.rawValue]) ?? false
        }
    }

    public func appendAudit(_ records: [AuditRecord]) async throws {
        let rows = records.map { ($0, StoredJSON.rules($0.rules)) }
        try await write { db in try Self.insertAudit(rows, db) }
    }

    private static func insertAudit(_ rows: [(AuditRecord, String)], _ db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO audit (time, person_id, subject, action, allowed, rules, note) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (r, rules) in rows {
            try insert.execute(arguments: [r.time.timeIntervalSince1970, r.personID?.rawValue, r.subject, r.action, r.allowed, rules, r.note])
        }
    }

    public func auditRecords(of person: PersonID, limit: Int) async throws -> [AuditRecord] {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE person_id = ? ORDER BY id DESC LIMIT ?", arguments: [person.rawValue, limit])
        }
        return try rows.map { row in
            AuditRecord(time: Date(timeIntervalSince1970: row["time"] as Double), personID: person, subject: row["subject"] as String,
                        action: row["action"] as String, allowed: row["allowed"] as Bool,
                        rules: try Self.value([RuleOutcome].self, row["rules"] as String), note: row["note"] as String)
        }
    }

    public func upsertApproval(_ request: ApprovalRequest) async throws {
        let body = try Self.json(request)
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO approvals (id, teen_id, parent_id, body) VALUES (?, ?, ?, ?)",
                           arguments: [request.id, request.teenID.rawValue, request.parentID.rawValue, body])
        }
    }

    public func approval(_ id: String) async throws -> ApprovalRequest? {
        let body = try await read { db in try String.fetchOne(db, sql: "SELECT body FROM approvals WHERE id = ?", arguments: [id]) }
        return try body.map { try Self.value(ApprovalRequest.self, $0) }
    }

    public func approvals(involving person: PersonID) async throws -> [ApprovalRequest] {
        let bodies = try await read { db in
            try String.fetchAll(db, sql: "SELECT body FROM approvals WHERE teen_id = ? OR parent_id = ?",
                                arguments: [person.rawValue, person.rawValue])
        }
        return try bodies.map { try Self.value(ApprovalRequest.self, $0) }
            .sorted { $0.createdAt != $1.createdAt ? $0.createdAt > $1.createdAt : $0.id < $1.id }
    }

    public func recordImpressions(_ impressions: [Impression]) async throws {
        let rows = impressions.map { ($0, StoredJSON.impression($0)) }
        try await write { db in try Self.insertImpressions(rows, db) }
    }

    public func recordServing(_ impressions: [Impression], audit: [AuditRecord]) async throws {
        let rows = impressions.map { ($0, StoredJSON.impression($0)) }
        let auditRows = audit.map { ($0, StoredJSON.rules($0.rules)) }
        try await write { db in
            try Self.insertImpressions(rows, db)
            try Self.insertAudit(auditRows, db)
        }
    }

    private static func insertImpressions(_ rows: [(Impression, String)], _ db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO impressions (id, person_id, campaign_id, time, clicked, body, price)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (i, body) in rows {
            try insert.execute(arguments: [i.id.rawValue, i.personID.rawValue, i.campaignID.rawValue, i.time.timeIntervalSince1970,
                                           i.clicked, body, i.priceCPM])
        }
    }

    public func impression(_ id: ImpressionID) async throws -> Impression? {
        let row = try await read { db in
            try Row.fetchOne(db, sql: "SELECT clicked, body FROM impressions WHERE id = ?", arguments: [id.rawValue])
        }
        return try row.map(Self.impression)
    }

    /// The stored impression with its click flag, which is kept in its own column.
    private static func impression(_ row: Row) throws -> Impression {
        var i = try value(Impression.self, row["body"] as String)
        i.clicked = row["clicked"] as Bool
        return i
    }

    public func recordClick(_ id: ImpressionID) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE impressions SET clicked = 1 WHERE id = ?", arguments: [id.rawValue])
            return db.changesCount > 0
        }
    }

    public func campaignSpend(since: Date) async throws -> [CampaignID: Double] {
        try await read { db in
            var spend: [CampaignID: Double] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT campaign_id, SUM(price) / 1000.0 AS spend FROM impressions WHERE time >= ? GROUP BY campaign_id
                """, arguments: [since.timeIntervalSince1970]) {
                spend[CampaignID(row["campaign_id"] as String)] = row["spend"] as Double
            }
            return spend
        }
    }

    public func impressions(ofPerson id: PersonID, limit: Int) async throws -> [Impression] {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT clicked, body FROM impressions WHERE person_id = ? ORDER BY time DESC, id DESC LIMIT ?",
                             arguments: [id.rawValue, limit])
        }
        return try rows.map(Self.impression)
    }

    public func impressions(ofCampaign id: CampaignID) async throws -> [Impression] {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT clicked, body FROM impressions WHERE campaign_id = ? ORDER BY id", arguments: [id.rawValue])
        }
        return try rows.map(Self.impression)
    }

    public func impressionCounts(of person: PersonID, since: Date) async throws -> [CampaignID: Int] {
        try await read { db in
            var counts: [CampaignID: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT campaign_id, COUNT(*) AS n FROM impressions WHERE person_id = ? AND time >= ? GROUP BY campaign_id
                """, arguments: [person.rawValue, since.timeIntervalSince1970]) {
                counts[CampaignID(row["campaign_id"] as String)] = row["n"] as Int
            }
            return counts
        }
    }

    public func upsertCampaigns(_ campaigns: [Campaign]) async throws {
        let rows = try campaigns.map { ($0.id.rawValue, try Self.json($0)) }
        try await write { db in
            for (id, body) in rows {
                try db.execute(sql: "INSERT OR REPLACE INTO campaigns (id, body) VALUES (?, ?)", arguments: [id, body])
            }
        }
    }

    public func campaigns() async throws -> [Campaign] {
        let bodies = try await read { db in try String.fetchAll(db, sql: "SELECT body FROM campaigns ORDER BY id") }
        return try bodies.map { try Self.value(Campaign.self, $0) }
    }

    public func upsertFeedItems(_ items: [FeedItem]) async throws {
        let rows = try items.map { ($0.id.rawValue, try Self.json($0)) }
        try await write { db in
            for (id, body) in rows {
                try db.execute(sql: "INSERT OR REPLACE INTO feed_items (id, body) VALUES (?, ?)", arguments: [id, body])
            }
        }
    }

    public func feedItems() async throws -> [FeedItem] {
        let bodies = try await read { db in try String.fetchAll(db, sql: "SELECT body FROM feed_items ORDER BY id") }
        return try bodies.map { try Self.value(FeedItem.self, $0) }
    }

    public func deletePerson(_ id: PersonID) async throws -> DeletionReport {
        try await write { db in
            var report = DeletionReport()
            let p = id.rawValue
            try db.execute(sql: """
                DELETE FROM events WHERE person_id = ? OR account_id IN (SELECT id FROM accounts WHERE person_id = ?)
                """, arguments: [p, p])
            report.events = db.changesCount
            try db.execute(sql: "DELETE FROM signals WHERE person_id = ?", arguments: [p])
            report.signals = db.changesCount
            try db.execute(sql: "DELETE FROM profile_topics WHERE person_id = ?", arguments: [p])
            report.profileTopics = db.changesCount
            try db.execute(sql: "DELETE FROM accounts WHERE person_id = ?", arguments: [p])
            report.accounts = db.changesCount
            try db.execute(sql: "DELETE FROM people WHERE id = ?", arguments: [p])
            report.people = db.changesCount
            try db.execute(sql: "DELETE FROM quarantines WHERE person_id = ?", arguments: [p])
            try db.execute(sql: "DELETE FROM audit WHERE person_id = ?", arguments: [p])
            try db.execute(sql: "DELETE FROM approvals WHERE teen_id = ? OR parent_id = ?", arguments: [p, p])
            try db.execute(sql: "DELETE FROM impressions WHERE person_id = ?", arguments: [p])
            try db.execute(sql: "DELETE FROM credentials WHERE person_id = ?", arguments: [p])
            try db.execute(sql: "DELETE FROM exchange_users WHERE person_id = ?", arguments: [p])
            return report
        }
    }

    /// Every text value in every table, for tests that prove a deletion left nothing behind.
    public func allTextValues() async throws -> [String] {
        try await read { db in
            var out: [String] = []
            for table in ["people", "accounts", "events", "signals", "profile_topics", "campaigns", "feed_items", "quarantines",
                          "audit", "approvals", "impressions", "advertisers", "credentials", "exchange_users"] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") {
                    for (_, value) in row { if let s = String.fromDatabaseValue(value) { out.append(s) } }
                }
            }
            return out
        }
    }
}
