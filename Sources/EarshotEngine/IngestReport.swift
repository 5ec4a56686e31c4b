import EarshotCore

/// The result of one ingest call: what was recorded, what was a replay, what was rejected and why.
public struct IngestReport: Sendable, Hashable, Codable {
    /// One event's fate.
    public struct Outcome: Sendable, Hashable, Codable {
        public enum Status: String, Sendable, Codable, Hashable { case recorded, duplicate }
        public var eventID: EventID
        public var status: Status
        public var signals: Int
        public var adEligible: Bool
        /// The first denial, when interests were not derived or not stored.
        public var deniedBy: [String]
    }

    /// An input item that was not applied.
    public struct Rejection: Sendable, Hashable, Codable {
        /// Position in the batch (0-based) or line number (1-based) for files.
        public var index: Int
        public var eventID: String?
        public var field: String?
        public var message: String

        public init(index: Int, eventID: String?, field: String?, message: String) {
            self.index = index
            self.eventID = eventID
            self.field = field
            self.message = message
        }
    }

    public var recorded: Int
    public var duplicates: Int
    public var outcomes: [Outcome]
    public var rejected: [Rejection]

    public init(recorded: Int = 0, duplicates: Int = 0, outcomes: [Outcome] = [], rejected: [Rejection] = []) {
        self.recorded = recorded
        self.duplicates = duplicates
        self.outcomes = outcomes
        self.rejected = rejected
    }

    /// Adds another report's counts and lists to this one.
    public mutating func merge(_ other: IngestReport) {
        recorded += other.recorded
        duplicates += other.duplicates
        outcomes += other.outcomes
        rejected += other.rejected
    }
}
