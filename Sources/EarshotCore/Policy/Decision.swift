/// Something Earshot may or may not do with a person's data.
public enum Activity: String, Sendable, Codable, Hashable, CaseIterable {
    /// Derive ad and feed interests from an AI interaction event.
    case deriveInterests = "derive_interests"
    /// Store a derived signal from a classified message.
    case storeSignal = "store_signal"
    /// Use AI-derived interests to target ads on a surface.
    case targetAds = "target_ads"
    /// Use AI-derived interests to rank a feed on a surface.
    case recommendFeed = "recommend_feed"
    /// Send a proactive follow-up that draws on earlier chats.
    case proactiveFollowUp = "proactive_follow_up"
    /// Disclose interest segments to an ad exchange.
    case discloseSegment = "disclose_segment"
}

/// A named policy rule. Every decision lists the rules that fired.
public enum RuleID: String, Sendable, Codable, Hashable, CaseIterable {
    /// The person is known (the account is linked and the person exists).
    case knownPerson = "known_person"
    /// Residence outside the excluded jurisdictions.
    case jurisdiction
    /// Old enough for the activity.
    case adult
    /// The interaction happened on or after the policy's effective date.
    case effectiveDate = "effective_date"
    /// The person was sent the policy notice before the interaction.
    case notice
    /// The person has not opted out of AI-interaction advertising.
    case optOut = "opt_out"
    /// No Global Privacy Control or US opt-out signal.
    case globalPrivacyControl = "global_privacy_control"
    /// The message touched no sensitive category.
    case sensitiveTopic = "sensitive_topic"
    /// The message raised no crisis flag.
    case crisis
    /// The AI account and the target surface's account are linked to the same person.
    case linkedSurface = "linked_surface"
    /// The person has not switched this AI surface class off.
    case surfaceConsent = "surface_consent"
    /// The event's conversation was not quarantined by an earlier sensitive message.
    case conversationQuarantine = "conversation_quarantine"
    /// The person switched proactive follow-ups on.
    case followUpConsent = "follow_up_consent"
    /// The interaction is not from before a withdrawal (opt-out, GPC, or residence in an excluded country).
    case countFrom = "count_from"
}

/// The result of one rule.
public struct RuleOutcome: Sendable, Hashable, Codable {
    public enum Effect: String, Sendable, Codable, Hashable { case allow, deny }
    public var rule: RuleID
    public var effect: Effect
    /// A plain-language reason that names no personal data beyond category codes.
    public var reason: String

    public init(rule: RuleID, effect: Effect, reason: String) {
        self.rule = rule
        self.effect = effect
        self.reason = reason
    }
}

/// Allow or deny for one activity, with every rule that fired.
public struct Decision: Sendable, Hashable, Codable {
    public var activity: Activity
    public var allowed: Bool
    public var rules: [RuleOutcome]

    public init(activity: Activity, allowed: Bool, rules: [RuleOutcome]) {
        self.activity = activity
        self.allowed = allowed
        self.rules = rules
    }

    /// The rules that denied, in order.
    public var denials: [RuleOutcome] { rules.filter { $0.effect == .deny } }
}
