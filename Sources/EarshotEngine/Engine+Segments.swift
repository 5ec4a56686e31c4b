import EarshotCore
import EarshotStore
import Foundation

/// Interest segments for ad exchanges, with the decision that allowed or withheld them.
public struct SegmentsResponse: Sendable, Codable, Hashable {
    /// AdCOM category taxonomy id: 9 = IAB Content Taxonomy 3.1.
    public var segtax: Int
    public var personID: PersonID
    public var segments: [TopicID]
    public var decision: Decision
    /// Why no segments were disclosed, when none were.
    public var withheld: [String]
}

/// Privacy signals carried by a bid request.
public struct ExchangeSignals: Sendable, Hashable {
    public var coppa = false
    public var gdpr = false
    /// GPP section ids present (2 = EU TCF; 7-12 = US national and state sections).
    public var gppSections: [Int] = []
    public var gpc = false
    /// `device.dnt = 1` (do not track) or `device.lmt = 1` (limit ad tracking).
    public var limitedTracking = false

    public init(coppa: Bool = false, gdpr: Bool = false, gppSections: [Int] = [], gpc: Bool = false, limitedTracking: Bool = false) {
        self.coppa = coppa
        self.gdpr = gdpr
        self.gppSections = gppSections
        self.gpc = gpc
        self.limitedTracking = limitedTracking
    }

    /// Reasons these signals forbid disclosure. Earshot treats the EU TCF section and every US
    /// section of GPP as an opt-out, because it does not parse their consent strings.
    public var optOutReasons: [String] {
        var out: [String] = []
        if coppa { out.append("regs.coppa=1: child-directed request") }
        if gdpr { out.append("regs.gdpr=1: GDPR applies") }
        if gppSections.contains(2) { out.append("GPP EU TCF section present") }
        if gppSections.contains(where: { (7...12).contains($0) }) { out.append("GPP US section present (treated as opt-out)") }
        if gpc { out.append("Global Privacy Control signal") }
        if limitedTracking { out.append("device.dnt or device.lmt = 1: do not track") }
        return out
    }
}

extension Engine {
    /// The person's top eligible interests as segments, or none when policy or the request's signals forbid it.
    public func segments(for id: PersonID, signals: ExchangeSignals = ExchangeSignals(), limit: Int = 10) async throws -> SegmentsResponse {
        let person = try await person(id)
        let decision = policy.decide(.discloseSegment, PolicyContext(person: person, now: now))
        var withheld = decision.denials.map(\.reason) + signals.optOutReasons
        var segments: [TopicID] = []
        if withheld.isEmpty {
            let (profile, _) = try await profileWithEvidence(id, limit: 50)
            let blocked = policy.blockedAdCategories(for: person, on: Day(containing: now))
            segments = profile.entries.filter { e in
                e.adEligible && !person.settings.removedTopics.contains { taxonomy.isSelfOrAncestor($0, of: e.topicID) }
                    && !(classifier.sensitiveMap.restriction(e.topicID).map(blocked.contains) ?? false)
            }.prefix(limit).map(\.topicID)
            if segments.isEmpty { withheld.append("no eligible interests") }
        }
        try await store.recordServing([], audit: [AuditRecord(decision, personID: id, subject: "exchange", time: now)])
        return SegmentsResponse(segtax: 9, personID: id, segments: segments, decision: decision, withheld: withheld)
    }
}

extension Engine {
    /// Registers exchange user ids for known people (all or nothing; an unknown person names its index).
    public func registerExchangeUsers(_ users: [ExchangeUser]) async throws {
        try checkBatch(users.count)
        for (i, u) in users.enumerated() where try await store.person(u.personID) == nil {
            throw EngineError.invalid(field: "exchangeUsers[\(i)].personId", message: "unknown person")
        }
        try await store.registerExchangeUsers(users)
    }

    /// The person behind a bid request's user: `user.id` when it is a person id, else a registered
    /// exchange user id in `user.id` or `user.buyeruid`.
    public func resolveExchangeUser(id: String?, buyerUID: String?) async throws -> PersonID? {
        if let id, !id.isEmpty, try await store.person(PersonID(id)) != nil { return PersonID(id) }
        for candidate in [id, buyerUID].compactMap({ $0 }) where !candidate.isEmpty {
            if let p = try await store.person(forExchangeUser: candidate) { return p }
        }
        return nil
    }
}
