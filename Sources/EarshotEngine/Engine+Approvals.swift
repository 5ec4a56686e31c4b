import EarshotCore
import EarshotStore
import Foundation

extension Engine {
    /// A teen asks their linked parent to loosen the feed's content level.
    public func requestLooserContent(_ teenID: PersonID) async throws -> ApprovalRequest {
        let teen = try await person(teenID)
        let (level, locked, _) = policy.contentLevel(for: teen, on: Day(containing: now))
        guard locked, level == .strict else {
            throw EngineError.invalid(field: "sensitiveContentLevel", message: "no parent approval is needed for this person")
        }
        guard let parentID = teen.settings.parentID, try await store.person(parentID) != nil else {
            throw EngineError.invalid(field: "parentId", message: "no linked parent to ask")
        }
        let pending = try await store.approvals(involving: teenID).filter { $0.teenID == teenID && $0.status == .pending }
        if let existing = pending.first { return existing }
        let request = ApprovalRequest(id: "apr-\(teenID)-\(Int(now.timeIntervalSince1970))", teenID: teenID,
                                      parentID: parentID, requestedLevel: .standard, createdAt: now)
        try await store.upsertApproval(request)
        try await store.appendAudit([
            AuditRecord(time: now, personID: teenID, subject: "approval:\(request.id)", action: "approval_requested", allowed: true),
            AuditRecord(time: now, personID: parentID, subject: "approval:\(request.id)", action: "approval_requested", allowed: true),
        ])
        return request
    }

    /// The linked parent approves or refuses. Only that parent may decide, and only once.
    public func decideApproval(_ requestID: String, by parentID: PersonID, approve: Bool) async throws -> ApprovalRequest {
        guard var request = try await store.approval(requestID), request.parentID == parentID else {
            // The same answer whether the request is missing or belongs to someone else.
            throw EngineError.invalid(field: "requestId", message: "no such request for this parent")
        }
        guard request.status == .pending else {
            throw EngineError.invalid(field: "requestId", message: "the request was already \(request.status.rawValue)")
        }
        request.status = approve ? .approved : .refused
        request.decidedAt = now
        try await store.upsertApproval(request)
        if approve {
            var teen = try await person(request.teenID)
            teen.settings.sensitiveContentLevel = request.requestedLevel
            try await store.upsertPeople([teen])
        }
        let note = approve ? "parent approved \(request.requestedLevel.rawValue) content" : "parent refused"
        try await store.appendAudit([
            AuditRecord(time: now, personID: request.teenID, subject: "approval:\(requestID)", action: "approval_decided", allowed: approve, note: note),
            AuditRecord(time: now, personID: parentID, subject: "approval:\(requestID)", action: "approval_decided", allowed: approve, note: note),
        ])
        return request
    }

    /// Requests where the person is the teen or the parent.
    public func approvals(_ id: PersonID) async throws -> [ApprovalRequest] {
        _ = try await person(id)
        return try await store.approvals(involving: id)
    }
}

/// Everything Earshot holds about a person, for "download my data". No conversation text exists to include.
public struct PersonExport: Sendable, Codable, Hashable {
    public struct SignalRow: Sendable, Codable, Hashable {
        public var topicID: TopicID
        public var name: String
        public var score: Double
        public var surface: Surface
        public var time: Date
        public var eventID: EventID
    }

    public var person: Person
    public var accounts: [Account]
    public var interests: [ProfileView.Interest]
    public var signals: [SignalRow]
    public var events: [EventExplanation]
    public var approvals: [ApprovalRequest]
    public var audit: [AuditRecord]
    /// Ad-exchange user ids registered for the person.
    public var exchangeUsers: [ExchangeUser]
}

extension Engine {
    /// A person's export: every interest with the surfaces, dates and event ids it came from.
    public func export(_ id: PersonID) async throws -> PersonExport {
        let p = try await person(id)
        let signals = try await store.signals(of: id, topics: nil)
        var events: [EventExplanation] = []
        for eventID in Set(signals.map(\.eventID)).sorted() { events.append(try await explainEvent(eventID)) }
        return PersonExport(
            person: p, accounts: try await store.accounts(of: id), interests: try await profile(id, limit: 500).interests,
            signals: signals.map { .init(topicID: $0.topicID, name: taxonomy.name($0.topicID), score: $0.score,
                                         surface: $0.surface, time: $0.time, eventID: $0.eventID) },
            events: events, approvals: try await store.approvals(involving: id),
            audit: try await store.auditRecords(of: id, limit: 10_000),
            exchangeUsers: try await store.exchangeUsers(of: id))
    }
}
