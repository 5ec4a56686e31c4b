import EarshotCore
import EarshotEngine
import EarshotResources
import EarshotServer
import EarshotStore
import Foundation
import Hummingbird
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

    func app(maxBodyBytes: Int = 1 << 20) -> some ApplicationProtocol {
        var config = ServerConfiguration()
        config.port = 0
        config.maxBodyBytes = maxBodyBytes
        return buildApplication(config, engine: engine)
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
