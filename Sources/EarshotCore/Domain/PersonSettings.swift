import Foundation

/// How much sensitive content a person's feed may show.
public enum SensitiveContentLevel: String, Sendable, Codable, Hashable, CaseIterable {
    /// Never sensitive, proxy, blocked or restricted topics. The default for teens.
    case strict
    case standard

    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(decoder) }
}

/// What a person has chosen. Defaults follow the reported system (AI surfaces on, notice unsent),
/// and every choice that limits use wins over every choice that widens it.
public struct PersonSettings: Hashable, Sendable, Codable {
    /// Global opt-out of advertising based on AI interactions.
    public var aiAdsOptOut: Bool
    /// Global Privacy Control or a US opt-out signal received for this person.
    public var globalPrivacyControl: Bool
    /// The version of the AI-interaction policy notice last sent, and when.
    public var noticeVersion: String?
    public var noticeSentAt: Date?
    /// AI surface classes the person has switched off (chat, voice, glasses, video_feed, image_generator).
    public var surfacesOff: [AISurfaceClass]
    /// Interests the person removed ("don't use this"): never stored or used again.
    public var removedTopics: [TopicID]
    /// Interests the person wants to see less of: their weight in ads and feeds is cut.
    public var seeLessTopics: [TopicID]
    /// Restricted ad categories switched off.
    public var blockedAdCategories: [RestrictedAdCategory]
    /// Proactive follow-ups from the assistant.
    public var proactiveFollowUps: Bool
    /// The feed's sensitive-content level; nil means the default for the person's age.
    public var sensitiveContentLevel: SensitiveContentLevel?
    /// The linked parent or guardian of a teen, who approves loosening the content level. Set by
    /// the operator (Accounts Center), never by the teen.
    public var parentID: PersonID?
    /// Interactions before this moment never count: set when signals are withdrawn for an opt-out,
    /// GPC or a move into an excluded country, and when a person leaves an excluded country.
    public var countFrom: Date?

    public init(aiAdsOptOut: Bool = false, globalPrivacyControl: Bool = false, noticeVersion: String? = nil,
                noticeSentAt: Date? = nil, surfacesOff: [AISurfaceClass] = [], removedTopics: [TopicID] = [],
                seeLessTopics: [TopicID] = [], blockedAdCategories: [RestrictedAdCategory] = [],
                proactiveFollowUps: Bool = false, sensitiveContentLevel: SensitiveContentLevel? = nil,
                parentID: PersonID? = nil, countFrom: Date? = nil) {
        self.countFrom = countFrom
        self.aiAdsOptOut = aiAdsOptOut
        self.globalPrivacyControl = globalPrivacyControl
        self.noticeVersion = noticeVersion
        self.noticeSentAt = noticeSentAt
        self.surfacesOff = surfacesOff
        self.removedTopics = removedTopics
        self.seeLessTopics = seeLessTopics
        self.blockedAdCategories = blockedAdCategories
        self.proactiveFollowUps = proactiveFollowUps
        self.sensitiveContentLevel = sensitiveContentLevel
        self.parentID = parentID
    }

    enum CodingKeys: String, CodingKey {
        case aiAdsOptOut, globalPrivacyControl, noticeVersion, noticeSentAt, surfacesOff, removedTopics, seeLessTopics
        case blockedAdCategories, proactiveFollowUps, sensitiveContentLevel, parentID, countFrom
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        aiAdsOptOut = try c.decodeIfPresent(Bool.self, forKey: .aiAdsOptOut) ?? false
        globalPrivacyControl = try c.decodeIfPresent(Bool.self, forKey: .globalPrivacyControl) ?? false
        noticeVersion = try c.decodeIfPresent(String.self, forKey: .noticeVersion)
        noticeSentAt = try c.decodeIfPresent(Date.self, forKey: .noticeSentAt)
        surfacesOff = try c.decodeIfPresent([AISurfaceClass].self, forKey: .surfacesOff) ?? []
        removedTopics = try c.decodeIfPresent([TopicID].self, forKey: .removedTopics) ?? []
        seeLessTopics = try c.decodeIfPresent([TopicID].self, forKey: .seeLessTopics) ?? []
        blockedAdCategories = try c.decodeIfPresent([RestrictedAdCategory].self, forKey: .blockedAdCategories) ?? []
        proactiveFollowUps = try c.decodeIfPresent(Bool.self, forKey: .proactiveFollowUps) ?? false
        sensitiveContentLevel = try c.decodeIfPresent(SensitiveContentLevel.self, forKey: .sensitiveContentLevel)
        parentID = try c.decodeIfPresent(PersonID.self, forKey: .parentID)
        countFrom = try c.decodeIfPresent(Date.self, forKey: .countFrom)
    }

    /// Whether the person switched this AI surface class off.
    public func isOff(_ surface: AISurfaceClass) -> Bool { surfacesOff.contains(surface) }
}

extension PersonSettings {
    /// This record (an operator's update) with the person's own choices from `old` kept: an update can
    /// restrict them (opt out, switch off a surface, remove a topic, block a category, stop follow-ups,
    /// a stricter level) but never loosen them; only the person can, through their own controls.
    /// Operator facts (GPC, parent link) come from the update; a notice missing from it is kept.
    public func keepingChoices(of old: PersonSettings) -> PersonSettings {
        var s = self
        s.aiAdsOptOut = old.aiAdsOptOut || aiAdsOptOut
        s.surfacesOff = Array(Set(old.surfacesOff).union(surfacesOff)).sorted { $0.rawValue < $1.rawValue }
        s.removedTopics = Array(Set(old.removedTopics).union(removedTopics)).sorted()
        s.seeLessTopics = Array(Set(old.seeLessTopics).union(seeLessTopics)).sorted()
        s.blockedAdCategories = Array(Set(old.blockedAdCategories).union(blockedAdCategories)).sorted { $0.rawValue < $1.rawValue }
        s.proactiveFollowUps = old.proactiveFollowUps && proactiveFollowUps
        switch (old.sensitiveContentLevel, sensitiveContentLevel) {
        case (let o?, nil): s.sensitiveContentLevel = o
        case (.strict?, .standard?): s.sensitiveContentLevel = .strict
        default: break
        }
        if s.noticeVersion == nil { s.noticeVersion = old.noticeVersion; s.noticeSentAt = old.noticeSentAt }
        return s
    }
}
