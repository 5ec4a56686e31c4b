import EarshotCore
import Foundation

/// Everything Earshot did with one event and why. Holds no conversation text.
public struct EventExplanation: Sendable, Codable, Hashable {
    public struct Topic: Sendable, Codable, Hashable {
        public var id: TopicID
        public var name: String
        public var score: Double
        public var adEligible: Bool
    }

    public var eventID: EventID
    public var accountID: AccountID
    public var personID: PersonID?
    public var surface: Surface
    public var kind: EventKind
    public var time: Date
    public var receivedAt: Date
    public var topics: [Topic]
    public var sensitive: [SensitiveCategory]
    public var crisis: Bool
    public var decisions: [Decision]
    public var signalsStored: Int
    /// How many of them are still stored (withdrawal, removal and expiry take them away).
    public var signalsRemaining: Int
    /// The outcome in one sentence.
    public var summary: String
}

extension Engine {
    /// What happened to an event and why.
    public func explainEvent(_ id: EventID) async throws -> EventExplanation {
        guard let r = try await store.eventRecord(id) else { throw EngineError.unknownEvent(id) }
        let topics = r.topics.map {
            EventExplanation.Topic(id: $0.id, name: taxonomy.name($0.id), score: $0.score,
                                   adEligible: r.sensitive.isEmpty && !r.crisis && classifier.sensitiveMap.isAdEligible($0.id))
        }
        let summary: String
        if let denied = r.decisions.first(where: { !$0.allowed }) {
            let reasons = denied.denials.map(\.reason).joined(separator: "; ")
            summary = denied.activity == .deriveInterests
                ? "No interests were derived: \(reasons). The message was not classified."
                : "No ad signals were stored: \(reasons)."
        } else if r.signalCount == 0 {
            summary = "The message was classified but matched no interest strong enough to store."
        } else {
            summary = "\(r.signalCount) interest signal(s) stored: "
                + topics.filter(\.adEligible).prefix(r.signalCount).map(\.name).joined(separator: ", ") + "."
        }
        return EventExplanation(eventID: r.eventID, accountID: r.accountID, personID: r.personID, surface: r.surface,
                                kind: r.kind, time: r.time, receivedAt: r.receivedAt, topics: topics,
                                sensitive: r.sensitive, crisis: r.crisis, decisions: r.decisions,
                                signalsStored: r.signalCount, signalsRemaining: try await store.signalCount(ofEvent: id),
                                summary: summary)
    }
}
