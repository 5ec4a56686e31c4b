import Foundation

/// One recorded policy decision or privacy action. Holds no conversation text.
public struct AuditRecord: Sendable, Hashable, Codable {
    public var time: Date
    public var personID: PersonID?
    /// What the decision was about: an event id, a surface, a topic.
    public var subject: String
    /// An activity (`target_ads`) or a privacy action (`withdraw_signals`, `approval_decided`).
    public var action: String
    public var allowed: Bool
    public var rules: [RuleOutcome]
    /// A plain note, never personal data beyond ids and codes.
    public var note: String

    public init(time: Date, personID: PersonID?, subject: String, action: String, allowed: Bool,
                rules: [RuleOutcome] = [], note: String = "") {
        self.time = time
        self.personID = personID
        self.subject = subject
        self.action = action
        self.allowed = allowed
        self.rules = rules
        self.note = note
    }

    /// Records a decision.
    public init(_ decision: Decision, personID: PersonID?, subject: String, time: Date) {
        self.init(time: time, personID: personID, subject: subject, action: decision.activity.rawValue,
                  allowed: decision.allowed, rules: decision.rules)
    }
}

/// A teen's request to loosen their feed's content level, decided by a linked parent.
public struct ApprovalRequest: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, Hashable, CaseIterable {
        case pending, approved, refused
        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(decoder) }
    }

    public var id: String
    public var teenID: PersonID
    public var parentID: PersonID
    public var requestedLevel: SensitiveContentLevel
    public var status: Status
    public var createdAt: Date
    public var decidedAt: Date?

    public init(id: String, teenID: PersonID, parentID: PersonID, requestedLevel: SensitiveContentLevel,
                status: Status = .pending, createdAt: Date, decidedAt: Date? = nil) {
        self.id = id
        self.teenID = teenID
        self.parentID = parentID
        self.requestedLevel = requestedLevel
        self.status = status
        self.createdAt = createdAt
        self.decidedAt = decidedAt
    }
}
