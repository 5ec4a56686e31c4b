import Foundation

/// The policy as data: which rules govern which activity, and their parameters.
///
/// Loaded from a JSON policy file; ``validate(_:)`` reports every problem at once. The defaults
/// match the reported system.
public struct PolicyConfig: Sendable, Hashable, Codable {
    /// Interactions before this instant are never used (default 2025-12-16T00:00:00Z).
    public var effectiveDate: Date
    /// Residents of these ISO country codes are excluded from AI-interaction advertising.
    public var excludedCountries: [String]
    /// Minimum age for AI-derived ads.
    public var adultAge: Int
    /// Below this age a teen needs a parent's approval to loosen the feed's content level.
    public var parentApprovalAge: Int = 16
    /// The notice version people must have been sent; nil disables the notice rule's version check.
    public var noticeVersion: String?
    /// Days after which AI-derived signals are purged.
    public var retentionDays: Int
    /// The rules that must all allow an activity. An activity with no entry is always denied.
    public var activities: [Activity: [RuleID]]

    public init(effectiveDate: Date, excludedCountries: [String], adultAge: Int, noticeVersion: String?,
                retentionDays: Int, activities: [Activity: [RuleID]]) {
        self.effectiveDate = effectiveDate
        self.excludedCountries = excludedCountries
        self.adultAge = adultAge
        self.noticeVersion = noticeVersion
        self.retentionDays = retentionDays
        self.activities = activities
    }

    /// EU member states (27), the rest of the EEA (Iceland, Liechtenstein, Norway), the UK and South Korea.
    public static let reportedExclusions = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB", "KR",
    ]

    /// The reported system's policy.
    public static let standard = PolicyConfig(
        effectiveDate: Date(timeIntervalSince1970: 1_765_843_200),  // 2025-12-16T00:00:00Z
        excludedCountries: reportedExclusions,
        adultAge: 18,
        noticeVersion: nil,
        retentionDays: 180,
        activities: [
            .deriveInterests: [.knownPerson, .jurisdiction, .adult, .effectiveDate, .notice, .optOut, .globalPrivacyControl,
                               .surfaceConsent, .countFrom],
            .storeSignal: [.sensitiveTopic, .crisis, .conversationQuarantine],
            .targetAds: [.knownPerson, .jurisdiction, .adult, .optOut, .globalPrivacyControl, .linkedSurface],
            .recommendFeed: [.knownPerson, .jurisdiction, .linkedSurface],
            .discloseSegment: [.knownPerson, .jurisdiction, .adult, .optOut, .globalPrivacyControl],
            // The chats a follow-up draws on were screened when they arrived (store_signal).
            .proactiveFollowUp: [.knownPerson, .adult, .followUpConsent],
        ])

    /// Problems with a policy, all of them.
    public struct ValidationError: Error, CustomStringConvertible, Sendable {
        public var problems: [String]
        public var description: String { "invalid policy:\n- " + problems.joined(separator: "\n- ") }
    }

    /// Checks the policy and throws with every problem found.
    public static func validate(_ p: PolicyConfig) throws {
        var problems: [String] = []
        for (i, c) in p.excludedCountries.enumerated()
        where c.count != 2 || !c.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) {
            problems.append("excludedCountries[\(i)]: '\(c)' is not an upper-case ISO 3166-1 alpha-2 code")
        }
        if !(13...25).contains(p.adultAge) { problems.append("adultAge: must be between 13 and 25") }
        if p.parentApprovalAge < 13 || p.parentApprovalAge > max(p.adultAge, 13) {
            problems.append("parentApprovalAge: must be between 13 and adultAge")
        }
        if !(1...3650).contains(p.retentionDays) { problems.append("retentionDays: must be between 1 and 3650") }
        for activity in [Activity.deriveInterests, .targetAds, .discloseSegment] {
            let rules = p.activities[activity] ?? []
            if !rules.isEmpty && !rules.contains(.jurisdiction) {
                problems.append("activities.\(activity.rawValue): must include the jurisdiction rule")
            }
        }
        if let store = p.activities[.storeSignal], !store.contains(.sensitiveTopic) {
            problems.append("activities.store_signal: must include the sensitive_topic rule")
        }
        if !problems.isEmpty { throw ValidationError(problems: problems) }
    }

    enum CodingKeys: String, CodingKey {
        case effectiveDate, excludedCountries, adultAge, parentApprovalAge, noticeVersion, retentionDays, activities
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PolicyConfig.standard
        effectiveDate = try c.decodeIfPresent(Date.self, forKey: .effectiveDate) ?? d.effectiveDate
        excludedCountries = try c.decodeIfPresent([String].self, forKey: .excludedCountries) ?? d.excludedCountries
        adultAge = try c.decodeIfPresent(Int.self, forKey: .adultAge) ?? d.adultAge
        parentApprovalAge = try c.decodeIfPresent(Int.self, forKey: .parentApprovalAge) ?? d.parentApprovalAge
        noticeVersion = try c.decodeIfPresent(String.self, forKey: .noticeVersion) ?? d.noticeVersion
        retentionDays = try c.decodeIfPresent(Int.self, forKey: .retentionDays) ?? d.retentionDays
        if let raw = try c.decodeIfPresent([String: [RuleID]].self, forKey: .activities) {
            var map: [Activity: [RuleID]] = [:]
            for (key, rules) in raw {
                guard let a = Activity(rawValue: key) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .activities, in: c, debugDescription: "unknown activity '\(key)'")
                }
                map[a] = rules
            }
            activities = map
        } else {
            activities = d.activities
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(effectiveDate, forKey: .effectiveDate)
        try c.encode(excludedCountries, forKey: .excludedCountries)
        try c.encode(adultAge, forKey: .adultAge)
        try c.encode(parentApprovalAge, forKey: .parentApprovalAge)
        try c.encodeIfPresent(noticeVersion, forKey: .noticeVersion)
        try c.encode(retentionDays, forKey: .retentionDays)
        var raw: [String: [RuleID]] = [:]
        for (a, r) in activities { raw[a.rawValue] = r }
        try c.encode(raw, forKey: .activities)
    }
}
