import EarshotCore
import EarshotEngine
import EarshotResources
import EarshotServer
import EarshotStore
import Foundation
import Hummingbird
import Logging
import HummingbirdTesting
import NIOCore

/// A small world with a fixed clock, for pipeline and HTTP tests.
struct TestWorld {
    static let classifier = try! ShippedData.classifier()
    static let now = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28
    static let hiking = "Can you plan a 3-day hiking trip in the mountains? I need new hiking boots and a light tent for camping."

    let store: any Store
    let engine: Engine

    init(store: any Store = MemoryStore()) throws {
        var config = EngineConfiguration()
        config.now = { TestWorld.now }
        self.store = store
        engine = try Engine(store: store, classifier: Self.classifier, configuration: config)
    }

    /// Loads the demo world's people, accounts, campaigns and feed items (not its events).
    func seed() async throws {
        let world = DemoWorld(now: Self.now)
        try await engine.upsertPeople(world.people)
        try await engine.upsertAccounts(world.accounts)
        try await engine.upsertCampaigns(world.campaigns)
        try await engine.upsertFeedItems(world.feedItems)
    }

    static func event(_ id: String, account: String, text: String = hiking, surface: Surface = "assistant",
                      daysAgo: Double = 1, conversation: String? = nil) -> InteractionEvent {
        InteractionEvent(id: EventID(id), accountID: AccountID(account), surface: surface, kind: .chatMessage, text: text,
                         time: now.addingTimeInterval(-daysAgo * 86_400), conversationID: conversation.map { ConversationID($0) })
    }

    /// The HTTP application, with the fixed test credentials of ``TestKeys`` stored.
    func app(maxBodyBytes: Int = 1 << 20) async throws -> some ApplicationProtocol {
        try await TestKeys.store(in: store)
        var config = ServerConfiguration()
        config.port = 0
        config.maxBodyBytes = maxBodyBytes
        var quiet = Logger(label: "earshot.test")
        quiet.logLevel = .error
        return buildApplication(config, engine: engine, logger: quiet)
    }
}

extension TestResponse {
    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONCoding.decoder().decode(T.self, from: Data(buffer: body))
    }

    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:] }
}

func jsonBody(_ object: Any) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
}

/// Fixed credentials for HTTP tests: token → scopes. Stored by ``TestWorld/app(maxBodyBytes:)``.
enum TestKeys {
    static func token(_ n: Int, session: Bool = false) -> String {
        let id = String(format: "%012d", n)
        return (session ? "es_" : "ek_") + id + "_" + String(repeating: String(format: "%x", n % 16), count: 64)
    }
    static let operatorToken = token(1)
    static let ingest = token(2)
    static let exchange = token(3)
    static let advertiserGear = token(4)
    static let advertiserOther = token(5)
    static let ava = token(6, session: true)
    static let lukas = token(7, session: true)
    static let noah = token(8, session: true)

    static let all: [(String, [Scope])] = [
        (operatorToken, [.operator]), (ingest, [.ingest]), (exchange, [.exchange]),
        (advertiserGear, [.advertiser("summit-gear")]), (advertiserOther, [.advertiser("nobody-co")]),
        (ava, [.person("ava")]), (lukas, [.person("lukas")]), (noah, [.person("noah")]),
    ]

    /// A fresh session for any person of the world.
    static func session(for person: PersonID, in world: TestWorld) async throws -> String {
        try await world.engine.issueCredential(kind: .session, scopes: [.person(person)], label: "test").token
    }

    static func store(in store: any Store) async throws {
        for (token, scopes) in all {
            let id = Credential.id(ofToken: token)!
            if try await store.credential(id) != nil { continue }
            try await store.saveCredential(Credential(
                id: id, kind: token.hasPrefix("es_") ? .session : .apiKey, scopes: scopes, label: "test",
                secretHash: SHA256.hex(token.utf8), createdAt: TestWorld.now, expiresAt: nil))
        }
    }
}

extension TestClientProtocol {
    /// Executes a request as the operator, unless `token` names another credential (nil: no credential).
    func op(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
            token: String? = TestKeys.operatorToken) async throws -> TestResponse {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }
}
