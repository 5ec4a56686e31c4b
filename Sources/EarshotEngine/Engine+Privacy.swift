import EarshotCore
import EarshotStore
import Foundation

/// A change to a person's settings; nil fields stay as they are.
public struct SettingsChange: Sendable, Codable, Hashable {
    public var aiAdsOptOut: Bool?
    public var globalPrivacyControl: Bool?
    public var surfacesOff: [AISurfaceClass]?
    public var blockedAdCategories: [RestrictedAdCategory]?
    public var proactiveFollowUps: Bool?
    public var sensitiveContentLevel: SensitiveContentLevel?
    public var parentID: PersonID?

    public init(aiAdsOptOut: Bool? = nil, globalPrivacyControl: Bool? = nil, surfacesOff: [AISurfaceClass]? = nil,
                blockedAdCategories: [RestrictedAdCategory]? = nil, proactiveFollowUps: Bool? = nil,
                sensitiveContentLevel: SensitiveContentLevel? = nil, parentID: PersonID? = nil) {
        self.aiAdsOptOut = aiAdsOptOut
        self.globalPrivacyControl = globalPrivacyControl
        self.surfacesOff = surfacesOff
        self.blockedAdCategories = blockedAdCategories
        self.proactiveFollowUps = proactiveFollowUps
        self.sensitiveContentLevel = sensitiveContentLevel
        self.parentID = parentID
    }
}

extension Engine {
    /// Inserts or replaces people (the operator's records). For a known person the update may restrict
    /// but never loosen the person's own choices (``PersonSettings/keepingChoices(of:)``). A person who
    /// moves into an excluded country, opts out or sends GPC has every AI-derived signal withdrawn at once.
    public func upsertPeople(_ people: [Person]) async throws {
        try checkBatch(people.count)
        var withdrawals: [(PersonID, String)] = []
        var people = people
        let excluded = Set(configuration.policy.excludedCountries)
        for i in people.indices {
            let old = try await store.person(people[i].id)
            if let old { people[i].settings = people[i].settings.keepingChoices(of: old.settings) }
            if let reason = withdrawalReason(old: old, new: people[i]) {
                withdrawals.append((people[i].id, reason))
                people[i].settings.countFrom = now
            } else if let old, (excluded.contains(old.country) && !excluded.contains(people[i].country))
                        || endsOptOut(old: old, new: people[i]) {
                // Interactions from the time in an excluded country never count, even if they arrive later.
                people[i].settings.countFrom = now
            } else if people[i].settings.countFrom == nil {
                people[i].settings.countFrom = old?.settings.countFrom
            }
        }
        try await store.upsertPeople(people)
        for (id, reason) in withdrawals { try await withdrawAll(id, reason: reason) }
    }

    /// Why a change of person record withdraws everything, if it does.
    /// Whether a change ends an opt-out or GPC window (later arrivals from inside it must not count).
    func endsOptOut(old: Person?, new: Person) -> Bool {
        guard let old else { return false }
        return (old.settings.aiAdsOptOut && !new.settings.aiAdsOptOut)
            || (old.settings.globalPrivacyControl && !new.settings.globalPrivacyControl)
    }

    func withdrawalReason(old: Person?, new: Person) -> String? {
        let excluded = Set(configuration.policy.excludedCountries)
        if excluded.contains(new.country) && !(old.map { excluded.contains($0.country) } ?? false) && old != nil {
            return "moved to \(new.country), an excluded jurisdiction"
        }
        if new.settings.aiAdsOptOut && !(old?.settings.aiAdsOptOut ?? true) { return "opted out of AI-interaction ads" }
        if new.settings.globalPrivacyControl && !(old?.settings.globalPrivacyControl ?? true) { return "Global Privacy Control received" }
        return nil
    }

    func withdrawAll(_ id: PersonID, reason: String) async throws {
        let n = try await store.withdrawSignals(.person(id), halfLife: configuration.halfLife)
        try await store.appendAudit([AuditRecord(time: now, personID: id, subject: "person", action: "withdraw_signals",
                                                 allowed: true, note: "\(reason): \(n) signal(s) withdrawn")])
    }

    /// Inserts or replaces accounts; unlinking an account withdraws the signals it contributed.
    public func upsertAccounts(_ accounts: [Account]) async throws {
        try checkBatch(accounts.count)
        for (i, a) in accounts.enumerated() where configuration.catalog.product(a.product) == nil {
            throw EngineError.invalid(field: "accounts[\(i)].product", message: "unknown product '\(a.product)'")
        }
        var unlinked: [(Account, PersonID)] = []
        for a in accounts {
            if let old = try await store.account(a.id), let was = old.personID, was != a.personID { unlinked.append((a, was)) }
        }
        try await store.upsertAccounts(accounts)
        for (a, person) in unlinked {
            let n = try await store.withdrawSignals(.account(a.id), halfLife: configuration.halfLife)
            try await store.appendAudit([AuditRecord(time: now, personID: person, subject: "account:\(a.id)", action: "withdraw_signals",
                                                     allowed: true, note: "account unlinked: \(n) signal(s) withdrawn")])
        }
    }

    /// Changes a person's settings. Under-16s cannot loosen their content level without a parent.
    public func updateSettings(_ id: PersonID, _ change: SettingsChange) async throws -> Person {
        var p = try await person(id)
        if change.parentID != nil {
            throw EngineError.invalid(field: "parentId", message: "is linked by the operator (Accounts Center), not by the person")
        }
        if let level = change.sensitiveContentLevel, level == .standard {
            let (current, locked, reason) = policy.contentLevel(for: p, on: Day(containing: now))
            if locked && current == .strict {
                throw EngineError.invalid(field: "sensitiveContentLevel", message: "cannot be loosened: \(reason)")
            }
        }
        let old = p
        if let v = change.aiAdsOptOut { p.settings.aiAdsOptOut = v }
        if let v = change.globalPrivacyControl { p.settings.globalPrivacyControl = v }
        if let v = change.surfacesOff { p.settings.surfacesOff = v }
        if let v = change.blockedAdCategories { p.settings.blockedAdCategories = v }
        if let v = change.proactiveFollowUps { p.settings.proactiveFollowUps = v }
        if let v = change.sensitiveContentLevel { p.settings.sensitiveContentLevel = v }
        let reason = withdrawalReason(old: old, new: p)
        if reason != nil || endsOptOut(old: old, new: p) { p.settings.countFrom = now }
        try await store.upsertPeople([p])
        if let reason { try await withdrawAll(id, reason: reason) }
        try await store.appendAudit([AuditRecord(time: now, personID: id, subject: "settings", action: "update_settings",
                                                 allowed: true, note: "settings changed by the person")])
        return p
    }

    /// Records that the policy notice was sent.
    public func recordNotice(_ id: PersonID, version: String, at time: Date? = nil) async throws -> Person {
        var p = try await person(id)
        p.settings.noticeVersion = version
        p.settings.noticeSentAt = time ?? now
        try await store.upsertPeople([p])
        try await store.appendAudit([AuditRecord(time: now, personID: id, subject: "notice", action: "notice_sent",
                                                 allowed: true, note: "notice version \(version)")])
        return p
    }

    /// "Don't use this": the topic and its descendants are never stored or used again, and what was
    /// stored is withdrawn now.
    public func removeInterest(_ id: PersonID, topic: TopicID) async throws -> Int {
        guard taxonomy.contains(topic) else { throw EngineError.invalid(field: "topic", message: "unknown IAB id '\(topic)'") }
        var p = try await person(id)
        if !p.settings.removedTopics.contains(topic) { p.settings.removedTopics.append(topic) }
        try await store.upsertPeople([p])
        let affected = try await store.profileAggregates(of: id).map(\.topicID).filter { taxonomy.isSelfOrAncestor(topic, of: $0) }
        let n = affected.isEmpty ? 0 : try await store.withdrawSignals(.topics(id, affected), halfLife: configuration.halfLife)
        try await store.appendAudit([AuditRecord(time: now, personID: id, subject: "topic:\(topic)", action: "remove_interest",
                                                 allowed: true, note: "\(n) signal(s) withdrawn")])
        return n
    }

    /// "See less": the topic (and descendants) count for a quarter in ads and feeds.
    public func seeLess(_ id: PersonID, topic: TopicID) async throws {
        guard taxonomy.contains(topic) else { throw EngineError.invalid(field: "topic", message: "unknown IAB id '\(topic)'") }
        var p = try await person(id)
        if !p.settings.seeLessTopics.contains(topic) { p.settings.seeLessTopics.append(topic) }
        try await store.upsertPeople([p])
        try await store.appendAudit([AuditRecord(time: now, personID: id, subject: "topic:\(topic)", action: "see_less",
                                                 allowed: true)])
    }

    /// Purges AI-derived signals older than the retention period.
    public func purgeExpired() async throws -> Int {
        let cutoff = now.addingTimeInterval(-Double(configuration.policy.retentionDays) * 86_400)
        return try await store.withdrawSignals(.before(cutoff), halfLife: configuration.halfLife)
    }

    /// A person's decision trail, newest first.
    public func audit(_ id: PersonID, limit: Int = 100) async throws -> [AuditRecord] {
        _ = try await person(id)
        return try await store.auditRecords(of: id, limit: limit)
    }
}
