import Foundation

/// Where an interest came from: AI surfaces and dates, never text.
public struct InterestEvidence: Sendable, Hashable, Codable {
    public var topicID: TopicID
    public var name: String
    public var score: Double
    public var surfaces: [Surface]
    public var firstSeen: Date
    public var lastSeen: Date
    public var eventCount: Int

    public init(topicID: TopicID, name: String, score: Double, surfaces: [Surface], firstSeen: Date, lastSeen: Date,
                eventCount: Int) {
        self.topicID = topicID
        self.name = name
        self.score = score
        self.surfaces = surfaces
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.eventCount = eventCount
    }
}

/// Why an ad or feed item was chosen, in data and in plain words.
public struct Explanation: Sendable, Hashable, Codable {
    public enum Basis: String, Sendable, Codable, Hashable {
        /// Chosen with interests from AI interactions.
        case aiInterests = "ai_interests"
        /// Chosen from the surface's context only, because the person may not be targeted.
        case contextual
        /// Shown to explore topics outside the profile.
        case exploration
        /// Fresh and popular; no personal interest matched.
        case general
    }

    public var basis: Basis
    public var matchedInterests: [InterestEvidence]
    /// Plain-language summary.
    public var summary: String
    /// Why personal targeting was not used, when it was not.
    public var policyReasons: [String]
    public var howToChange: String

    public init(basis: Basis, matchedInterests: [InterestEvidence], summary: String, policyReasons: [String],
                howToChange: String) {
        self.basis = basis
        self.matchedInterests = matchedInterests
        self.summary = summary
        self.policyReasons = policyReasons
        self.howToChange = howToChange
    }

    /// Builds the plain-language summary for matched interests.
    public static func describe(_ interests: [InterestEvidence], catalog: ProductCatalog) -> String {
        guard !interests.isEmpty else { return "No interest of yours matched." }
        let parts = interests.prefix(3).map { e -> String in
            let surfaces = e.surfaces.map { catalog.product($0)?.displayName ?? $0.rawValue }
            let when = Day(containing: e.firstSeen) == Day(containing: e.lastSeen)
                ? "on \(Day(containing: e.lastSeen))"
                : "between \(Day(containing: e.firstSeen)) and \(Day(containing: e.lastSeen))"
            return "\(e.name) (from your \(surfaces.joined(separator: " and ")) \(when))"
        }
        return "Shown because of your interest in " + parts.joined(separator: "; ") + "."
    }
}
