import Foundation

/// Exponential time decay for interest scores.
public enum Decay {
    /// The factor by which a score fades from `from` to `to` (1 when `to` is not later).
    @inline(__always)
    public static func factor(from: Date, to: Date, halfLife: TimeInterval) -> Double {
        let dt = to.timeIntervalSince(from)
        return dt <= 0 ? 1 : exp2(-dt / halfLife)
    }
}

/// A person's decayed score for one topic, kept as a running aggregate so that reading a profile
/// never scans the signal history.
public struct ProfileAggregate: Sendable, Hashable, Codable {
    public var topicID: TopicID
    /// The score as of `anchor`.
    public var score: Double
    public var anchor: Date
    public var lastSeen: Date
    public var signalCount: Int

    public init(topicID: TopicID, score: Double, anchor: Date, lastSeen: Date, signalCount: Int) {
        self.topicID = topicID
        self.score = score
        self.anchor = anchor
        self.lastSeen = lastSeen
        self.signalCount = signalCount
    }

    /// Adds a signal of `score` at `time`.
    public mutating func add(score s: Double, at time: Date, halfLife: TimeInterval) {
        let newAnchor = max(anchor, time)
        score = score * Decay.factor(from: anchor, to: newAnchor, halfLife: halfLife)
            + s * Decay.factor(from: time, to: newAnchor, halfLife: halfLife)
        anchor = newAnchor
        lastSeen = max(lastSeen, time)
        signalCount += 1
    }

    /// Removes a signal that was added earlier (withdrawal or expiry).
    public mutating func remove(score s: Double, at time: Date, halfLife: TimeInterval) {
        score -= s * Decay.factor(from: time, to: anchor, halfLife: halfLife)
        if score < 1e-9 { score = 0 }
        signalCount = max(0, signalCount - 1)
    }

    /// The score decayed to `date`.
    public func score(at date: Date, halfLife: TimeInterval) -> Double {
        score * Decay.factor(from: anchor, to: date, halfLife: halfLife)
    }
}

/// A person's interests at a moment, strongest first.
public struct Profile: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var topicID: TopicID
        public var name: String
        public var score: Double
        public var lastSeen: Date
        public var signalCount: Int
        /// Whether AI-derived interest in this topic may feed ads (false for sensitive and proxy nodes).
        public var adEligible: Bool
    }

    public var personID: PersonID
    public var asOf: Date
    public var entries: [Entry]

    /// Builds a profile from aggregates, dropping topics that decayed below `floor`.
    public init(personID: PersonID, aggregates: [ProfileAggregate], asOf: Date, halfLife: TimeInterval,
                taxonomy: Taxonomy, sensitiveMap: SensitiveMap, floor: Double = 0.01) {
        self.personID = personID
        self.asOf = asOf
        entries = aggregates.compactMap { a in
            let s = a.score(at: asOf, halfLife: halfLife)
            guard s >= floor else { return nil }
            return Entry(topicID: a.topicID, name: taxonomy.name(a.topicID), score: (s * 1000).rounded() / 1000,
                         lastSeen: a.lastSeen, signalCount: a.signalCount,
                         adEligible: sensitiveMap.isAdEligible(a.topicID))
        }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.topicID < $1.topicID }
    }

    /// The decayed score of a topic, or 0.
    public func score(_ topic: TopicID) -> Double { entries.first { $0.topicID == topic }?.score ?? 0 }
}
