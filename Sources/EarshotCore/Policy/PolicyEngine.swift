import Foundation

/// Everything a policy decision may look at. Missing facts make the rules that need them deny.
public struct PolicyContext: Sendable {
    public var person: Person?
    /// The account an event came from.
    public var account: Account?
    /// When the interaction happened (for event activities).
    public var eventTime: Date?
    /// The surface an activity's output would appear on (for ads and feeds).
    public var targetSurface: Surface?
    /// Products on which the person has a linked account.
    public var linkedProducts: Set<Surface>
    /// The classifier's view of the message (for signal activities).
    public var classification: Classification?
    /// The AI surface class the event came from.
    public var eventSurfaceClass: AISurfaceClass?
    /// Whether the event's conversation is quarantined.
    public var conversationQuarantined: Bool
    public var now: Date

    public init(person: Person? = nil, account: Account? = nil, eventTime: Date? = nil, targetSurface: Surface? = nil,
                linkedProducts: Set<Surface> = [], classification: Classification? = nil,
                eventSurfaceClass: AISurfaceClass? = nil, conversationQuarantined: Bool = false, now: Date) {
        self.eventSurfaceClass = eventSurfaceClass
        self.conversationQuarantined = conversationQuarantined
        self.person = person
        self.account = account
        self.eventTime = eventTime
        self.targetSurface = targetSurface
        self.linkedProducts = linkedProducts
        self.classification = classification
        self.now = now
    }
}

/// The one place that decides what may be done with whose data. Deny by default.
public struct PolicyEngine: Sendable {
    public let config: PolicyConfig
    private let excluded: Set<String>

    /// Validates the configuration; throws with every problem.
    public init(config: PolicyConfig = .standard) throws {
        try PolicyConfig.validate(config)
        self.config = config
        self.excluded = Set(config.excludedCountries)
    }

    /// Decides `activity` in `context`. Allowed only when the activity has rules and every one allows.
    public func decide(_ activity: Activity, _ context: PolicyContext) -> Decision {
        guard let rules = config.activities[activity], !rules.isEmpty else {
            return Decision(activity: activity, allowed: false, rules: [
                RuleOutcome(rule: .knownPerson, effect: .deny, reason: "no rule allows \(activity.rawValue) (deny by default)")
            ])
        }
        let outcomes = rules.map { evaluate($0, context) }
        return Decision(activity: activity, allowed: outcomes.allSatisfy { $0.effect == .allow }, rules: outcomes)
    }

    /// Splits classified topics into those that may become signals and those that may not, with the
    /// reason for each dropped one: sensitive, proxy or blocked nodes, and interests the person removed.
    public func eligibleTopics(_ topics: [TopicScore], person: Person, taxonomy: Taxonomy, sensitiveMap: SensitiveMap)
        -> (kept: [TopicScore], dropped: [(TopicID, String)])
    {
        var kept: [TopicScore] = [], dropped: [(TopicID, String)] = []
        let removed = person.settings.removedTopics
        for t in topics {
            if !sensitiveMap.isAdEligible(t.id) {
                dropped.append((t.id, "sensitive, proxy or blocked topic"))
            } else if removed.contains(where: { taxonomy.isSelfOrAncestor($0, of: t.id) }) {
                dropped.append((t.id, "removed by the person"))
            } else {
                kept.append(t)
            }
        }
        return (kept, dropped)
    }

    /// The feed content level that applies on `day`, and whether the person may change it alone.
    ///
    /// Unknown age and under-18s default to strict. 16- and 17-year-olds may loosen it; under-16s
    /// only with a parent's approval (recorded as the setting by the approval flow). Turning 18
    /// lifts the teen default from that day on.
    public func contentLevel(for person: Person, on day: Day) -> (level: SensitiveContentLevel, lockedForPerson: Bool, reason: String) {
        guard let age = person.age(on: day) else { return (.strict, true, "age unknown") }
        if age >= config.adultAge { return (person.settings.sensitiveContentLevel ?? .standard, false, "adult") }
        let level = person.settings.sensitiveContentLevel ?? .strict
        if age < config.parentApprovalAge {
            return (level, true, "under \(config.parentApprovalAge): loosening needs a parent's approval")
        }
        return (level, false, "teen: strict by default")
    }

    /// Restricted ad categories that must not reach the person: their own choices, and all of them for minors.
    public func blockedAdCategories(for person: Person, on day: Day) -> Set<RestrictedAdCategory> {
        if let age = person.age(on: day), age >= config.adultAge { return Set(person.settings.blockedAdCategories) }
        return Set(RestrictedAdCategory.allCases)
    }

    private func evaluate(_ rule: RuleID, _ c: PolicyContext) -> RuleOutcome {
        func allow(_ reason: String) -> RuleOutcome { RuleOutcome(rule: rule, effect: .allow, reason: reason) }
        func deny(_ reason: String) -> RuleOutcome { RuleOutcome(rule: rule, effect: .deny, reason: reason) }
        switch rule {
        case .knownPerson:
            if let account = c.account, account.personID == nil {
                return deny("the account is not linked to a person in Accounts Center")
            }
            return c.person == nil ? deny("the person is unknown") : allow("the person is known")
        case .jurisdiction:
            guard let country = c.person?.country, country.count == 2 else {
                return deny("country of residence unknown")
            }
            return excluded.contains(country)
                ? deny("residents of \(country) are excluded from AI-interaction advertising")
                : allow("residence \(country) is not excluded")
        case .adult:
            guard let person = c.person, let birth = person.birthDate else { return deny("age unknown") }
            let on = Day(containing: c.eventTime ?? c.now)
            let age = birth.years(until: on)
            return age >= config.adultAge
                ? allow("adult (\(config.adultAge)+) on \(on)")
                : deny("under \(config.adultAge) on \(on)")
        case .effectiveDate:
            guard let t = c.eventTime else { return deny("interaction time unknown") }
            return t >= config.effectiveDate
                ? allow("on or after the policy effective date")
                : deny("before the policy effective date \(Day(containing: config.effectiveDate))")
        case .notice:
            guard let settings = c.person?.settings, let sent = settings.noticeSentAt else {
                return deny("the policy notice has not been sent")
            }
            if let required = config.noticeVersion, settings.noticeVersion != required {
                return deny("the current notice version \(required) has not been sent")
            }
            if let t = c.eventTime, t < sent { return deny("the interaction predates the notice") }
            return allow("notice sent on \(Day(containing: sent))")
        case .optOut:
            guard let person = c.person else { return deny("the person is unknown") }
            return person.settings.aiAdsOptOut ? deny("opted out of AI-interaction advertising") : allow("not opted out")
        case .globalPrivacyControl:
            guard let person = c.person else { return deny("the person is unknown") }
            return person.settings.globalPrivacyControl
                ? deny("a Global Privacy Control or US opt-out signal is on record") : allow("no opt-out signal")
        case .sensitiveTopic:
            guard let cls = c.classification else { return deny("the message was not screened") }
            return cls.sensitive.isEmpty
                ? allow("no sensitive category")
                : deny("sensitive: " + cls.sensitive.map(\.rawValue).joined(separator: ", "))
        case .crisis:
            guard let cls = c.classification else { return deny("the message was not screened") }
            return cls.crisis ? deny("crisis flag raised") : allow("no crisis flag")
        case .surfaceConsent:
            guard let person = c.person else { return deny("the person is unknown") }
            guard let cls = c.eventSurfaceClass else { return deny("the AI surface is unknown") }
            return person.settings.isOff(cls)
                ? deny("AI interests from \(cls.rawValue) are switched off") : allow("\(cls.rawValue) is switched on")
        case .conversationQuarantine:
            return c.conversationQuarantined
                ? deny("the conversation is quarantined after a sensitive message") : allow("conversation not quarantined")
        case .countFrom:
            guard let person = c.person else { return deny("the person is unknown") }
            guard let from = person.settings.countFrom else { return allow("no earlier withdrawal") }
            guard let t = c.eventTime else { return deny("interaction time unknown") }
            return t >= from
                ? allow("after the last withdrawal")
                : deny("the interaction predates \(Day(containing: from)), when an opt-out, GPC or excluded residence ended or began")
        case .followUpConsent:
            guard let person = c.person else { return deny("the person is unknown") }
            return person.settings.proactiveFollowUps ? allow("follow-ups switched on") : deny("follow-ups are off")
        case .linkedSurface:
            guard let target = c.targetSurface else { return deny("no target surface") }
            return c.linkedProducts.contains(target)
                ? allow("\(target) is linked to the same person")
                : deny("no account on \(target) is linked to the same person")
        }
    }
}
