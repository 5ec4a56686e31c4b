import EarshotCore
import Foundation

/// One policy conformance fixture: a small world, a timeline of steps, and the expected decisions.
///
/// Fixtures live in `Tests/Fixtures/policy/*.json`; `PolicyFixtureRunner` runs them through the real
/// engine on an in-memory store, so the suite checks the live pipeline, not a model of it.
public struct PolicyFixture: Sendable, Decodable {
    public var name: String
    public var description: String?
    /// Rules this fixture is about, for the coverage report.
    public var rules: [RuleID]
    public var now: Date
    public var policy: PolicyConfig?
    public var people: [Person]
    public var accounts: [Account]
    public var campaigns: [Campaign]?
    public var steps: [Step]

    /// One thing that happens, and optionally what must follow.
    public struct Step: Sendable, Decodable {
        public var `do`: Action
        public var events: [InteractionEvent]?
        public var person: PersonID?
        public var update: Person?
        public var change: SettingsChange?
        public var account: AccountID?
        public var topic: TopicID?
        public var days: Double?
        public var activity: Activity?
        public var surface: Surface?
        public var approve: Bool?
        public var version: String?
        public var expect: Expectation?
    }

    public enum Action: String, Sendable, Decodable, CaseIterable {
        case ingest, decide, updatePerson, settings, unlink, link, advance, purge, removeInterest, seeLess
        case notice, requestApproval, decideApproval, profile, ads, feed, explain
        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(decoder) }
    }

    /// What must hold after a step. Every field is optional; only the given ones are checked.
    public struct Expectation: Sendable, Decodable {
        /// Per event id, for `ingest` and `explain`.
        public var events: [String: EventExpectation]?
        /// For `decide`, `ads`, `feed`.
        public var allowed: Bool?
        /// Rules that must be among the denials.
        public var denied: [RuleID]?
        /// For `profile`: tier-1 ids that must / must not have an interest; or an empty profile.
        public var hasTier1: [TopicID]?
        public var lacksTier1: [TopicID]?
        public var lacksTopics: [TopicID]?
        public var empty: Bool?
        /// For `ads`: targeted with AI interests or not; campaign ids that must / must not appear.
        public var targeted: Bool?
        public var includes: [CampaignID]?
        public var excludes: [CampaignID]?
        public var first: CampaignID?
        /// For `feed`.
        public var strict: Bool?
        /// The step must fail with an error naming this field.
        public var errorField: String?
    }

    public struct EventExpectation: Sendable, Decodable {
        public var signals: Int?
        public var minSignals: Int?
        public var remaining: Int?
        public var denied: [RuleID]?
        public var duplicate: Bool?
        public var rejectedField: String?
    }
}

/// A clock that fixtures move forward.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date

    public init(_ start: Date) { value = start }

    public var now: Date { lock.withLock { value } }
    public func advance(days: Double) { lock.withLock { value = value.addingTimeInterval(days * 86_400) } }
}
