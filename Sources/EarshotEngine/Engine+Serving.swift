import EarshotCore
import EarshotStore
import Foundation

/// A person's interests with where they came from.
public struct ProfileView: Sendable, Codable, Hashable {
    public struct Interest: Sendable, Codable, Hashable {
        public var evidence: InterestEvidence
        /// Whether this interest may be used for ads (false for sensitive, proxy and blocked nodes).
        public var adEligible: Bool
    }

    public var personID: PersonID
    public var asOf: Date
    public var halfLifeDays: Double
    public var interests: [Interest]
}

/// Ads chosen for one request.
public struct AdsResponse: Sendable, Codable, Hashable {
    public var personID: PersonID
    public var surface: Surface
    /// Whether AI-derived interests were used.
    public var targeted: Bool
    public var decision: Decision
    public var ads: [AdPlacement]
}

/// A ranked feed.
public struct FeedResponse: Sendable, Codable, Hashable {
    public var personID: PersonID
    public var surface: Surface
    public var personalized: Bool
    /// Sensitive and proxy topics hidden (teens and unknown ages).
    public var strict: Bool
    public var decision: Decision
    public var items: [FeedEntry]
}

extension Engine {
    /// A person's decayed interests, strongest first, each with its surfaces, dates and event count.
    public func profile(_ id: PersonID, limit: Int = 50) async throws -> ProfileView {
        _ = try await person(id)
        let (profile, evidence) = try await profileWithEvidence(id, limit: limit)
        return ProfileView(
            personID: id, asOf: profile.asOf, halfLifeDays: configuration.halfLife / 86_400,
            interests: profile.entries.prefix(limit).compactMap { e in
                evidence[e.topicID].map { ProfileView.Interest(evidence: $0, adEligible: e.adEligible) }
            })
    }

    func profileWithEvidence(_ id: PersonID, limit: Int) async throws -> (Profile, [TopicID: InterestEvidence]) {
        let t = now
        let profile = Profile(personID: id, aggregates: try await store.profileAggregates(of: id), asOf: t,
                              halfLife: configuration.halfLife, taxonomy: taxonomy, sensitiveMap: classifier.sensitiveMap)
        let top = Array(profile.entries.prefix(limit))
        let signals = try await store.signals(of: id, topics: top.map(\.topicID))
        var evidence: [TopicID: InterestEvidence] = [:]
        for entry in top {
            let mine = signals.filter { $0.topicID == entry.topicID }
            guard let first = mine.map(\.time).min(), let last = mine.map(\.time).max() else { continue }
            var surfaces: [Surface] = []
            for s in mine where !surfaces.contains(s.surface) { surfaces.append(s.surface) }
            evidence[entry.topicID] = InterestEvidence(
                topicID: entry.topicID, name: entry.name, score: entry.score, surfaces: surfaces.sorted(),
                firstSeen: first, lastSeen: last, eventCount: Set(mine.map(\.eventID)).count)
        }
        return (profile, evidence)
    }

    /// The "see less" factor per topic (a quarter of its weight).
    func seeLessFactors(_ person: Person) -> [TopicID: Double] {
        Dictionary(person.settings.seeLessTopics.map { ($0, 0.25) }, uniquingKeysWith: min)
    }

    private func linkedProducts(_ id: PersonID) async throws -> Set<Surface> {
        Set(try await store.accounts(of: id).map(\.product))
    }

    private func checkAdSurface(_ surface: Surface) throws {
        guard configuration.catalog.product(surface)?.role == .social else {
            throw EngineError.unknownSurface(surface.rawValue)
        }
    }

    /// Decides whether AI-derived interests may shape `activity` on `surface`, and loads them if so.
    private func targeting(_ activity: Activity, _ id: PersonID, _ surface: Surface) async throws
        -> (Person, Date, Decision, Profile?, [TopicID: InterestEvidence])
    {
        let person = try await person(id)
        let t = now
        let context = PolicyContext(person: person, targetSurface: surface, linkedProducts: try await linkedProducts(id), now: t)
        let decision = policy.decide(activity, context)
        guard decision.allowed else { return (person, t, decision, nil, [:]) }
        let (profile, evidence) = try await profileWithEvidence(id, limit: 50)
        return (person, t, decision, profile, evidence)
    }

    /// Chooses up to `slots` ads for a person on a surface, each with its explanation. When policy
    /// forbids targeting, ads are chosen on context only and the explanation says why.
    public func ads(for id: PersonID, surface: Surface, slots: Int = 3) async throws -> AdsResponse {
        try checkAdSurface(surface)
        guard (1...10).contains(slots) else { throw EngineError.invalid(field: "slots", message: "must be between 1 and 10") }
        let (person, t, decision, profile, evidence) = try await targeting(.targetAds, id, surface)
        let selector = try await servingSelector()
        let day = Day(containing: t)
        let audience = AdAudience(country: person.country, age: person.age(on: day), surface: surface, profile: profile,
                                  seeLess: seeLessFactors(person), blockedTopics: Set(person.settings.removedTopics),
                                  blockedCategories: policy.blockedAdCategories(for: person, on: day))
        var capped = audience
        capped.time = t
        capped.capped = try await cappedCampaigns(id, selector, at: t).union(try await pacedOut(selector, at: t))
        var scratch = scratchPool.take()
        var ads = selector.select(for: capped, slots: slots, evidence: evidence, catalog: configuration.catalog,
                                  policyReasons: decision.denials.map(\.reason), scratch: &scratch)
        scratchPool.give(scratch)
        var impressions: [Impression] = []
        for i in ads.indices {
            let impression = ImpressionID.random(at: t)
            ads[i].impressionID = impression
            impressions.append(Impression(id: impression, personID: id, campaignID: ads[i].campaignID,
                                          advertiserID: ads[i].advertiserID, surface: surface, time: t,
                                          priceCPM: ads[i].priceCPM, explanation: ads[i].explanation))
        }
        try await store.recordServing(impressions, audit: [AuditRecord(decision, personID: id, subject: "surface:\(surface)", time: t)])
        EngineMetrics.servedAds(targeted: decision.allowed, count: ads.count)
        return AdsResponse(personID: id, surface: surface, targeted: decision.allowed, decision: decision, ads: ads)
    }

    /// The ad index over every stored campaign, built once and cached until campaigns change.
    func servingSelector() async throws -> AdSelector {
        try await cache.selector {
            AdSelector(campaigns: try await store.campaigns(), taxonomy: taxonomy, sensitiveMap: classifier.sensitiveMap)
        }
    }

    /// Campaigns whose per-day (UTC) or per-week cap this person has reached.
    func cappedCampaigns(_ id: PersonID, _ selector: AdSelector, at t: Date) async throws -> Set<CampaignID> {
        let withCaps = selector.withCaps
        guard !withCaps.isEmpty else { return [] }
        let today = try await store.impressionCounts(of: id, since: Day(containing: t).startDate)
        let week = try await store.impressionCounts(of: id, since: t.addingTimeInterval(-7 * 86_400))
        return Set(withCaps.filter { c in
            (c.capPerDay.map { today[c.id, default: 0] >= $0 } ?? false) || (c.capPerWeek.map { week[c.id, default: 0] >= $0 } ?? false)
        }.map(\.id))
    }

    /// Campaigns with a daily budget that have spent their evenly paced share of it so far today.
    func pacedOut(_ selector: AdSelector, at t: Date) async throws -> Set<CampaignID> {
        let budgeted = selector.withBudgets
        guard !budgeted.isEmpty else { return [] }
        let start = Day(containing: t).startDate
        let spend = try await store.campaignSpend(since: start)
        let fraction = t.timeIntervalSince(start) / 86_400
        return Set(budgeted.filter { c in
            !Pacing.allows(spentToday: spend[c.id, default: 0], dailyBudget: c.dailyBudget!, dayFraction: fraction)
        }.map(\.id))
    }

    /// "Why am I seeing this ad?" for a served impression. Only its person may ask (the caller checks).
    public func impression(_ id: ImpressionID) async throws -> Impression {
        guard let i = try await store.impression(id) else {
            throw EngineError.unknownImpression(id)
        }
        return i
    }

    /// How many people a draft campaign could reach today, counting only people whom policy allows to
    /// be targeted on one of its surfaces and whose eligible interests match; below `k` the answer is
    /// "fewer than k" (nil), and above it the count is rounded down to a multiple of 10.
    public func reachEstimate(_ draft: Campaign, k: Int = 100) async throws -> (estimate: Int?, k: Int) {
        do { try campaignRules.validate(draft) } catch let v as CampaignRules.Violation {
            throw EngineError.invalid(field: "campaign", message: v.description)
        }
        let selector = AdSelector(campaigns: [draft], taxonomy: taxonomy, sensitiveMap: classifier.sensitiveMap)
        let surfaces = draft.surfaces.isEmpty ? configuration.catalog.products.filter { $0.role == .social }.map(\.surface) : draft.surfaces
        let t = now
        var reach = 0
        var after: PersonID?
        while true {
            let page = try await store.people(after: after, limit: 500)
            guard let last = page.last else { break }
            after = last.id
            for person in page {
                let linked = Set(try await store.accounts(of: person.id).map(\.product))
                let surface = surfaces.first { s in
                    policy.decide(.targetAds, PolicyContext(person: person, targetSurface: s, linkedProducts: linked, now: t)).allowed
                }
                guard let surface else { continue }
                let profile = Profile(personID: person.id, aggregates: try await store.profileAggregates(of: person.id), asOf: t,
                                      halfLife: configuration.halfLife, taxonomy: taxonomy, sensitiveMap: classifier.sensitiveMap)
                let audience = AdAudience(country: person.country, age: person.age(on: Day(containing: t)), surface: surface,
                                          profile: profile, blockedTopics: Set(person.settings.removedTopics),
                                          blockedCategories: policy.blockedAdCategories(for: person, on: Day(containing: t)))
                if !selector.select(for: audience, slots: 1).isEmpty { reach += 1 }
            }
        }
        return (reach >= k ? (k >= 10 ? reach / 10 * 10 : reach) : nil, k)
    }

    /// The k-anonymous report of a campaign (cells under `k` people suppressed).
    public func report(_ campaign: CampaignID, k: Int = 100) async throws -> CampaignReport {
        guard try await servingSelector().campaign(campaign) != nil else {
            throw EngineError.unknownCampaign(campaign)
        }
        let catalog = configuration.catalog
        return CampaignReport(campaignID: campaign, impressions: try await store.impressions(ofCampaign: campaign), k: max(k, 2)) {
            catalog.product($0)?.aiClass
        }
    }

    /// Counts a click on a served impression.
    public func recordClick(_ id: ImpressionID) async throws {
        guard try await store.recordClick(id) else { throw EngineError.unknownImpression(id) }
    }

    /// Ranks the feed for a person on a surface.
    public func feed(for id: PersonID, surface: Surface = "social_feed", limit: Int = 20) async throws -> FeedResponse {
        try checkAdSurface(surface)
        guard (1...100).contains(limit) else { throw EngineError.invalid(field: "limit", message: "must be between 1 and 100") }
        let (person, t, decision, profile, evidence) = try await targeting(.recommendFeed, id, surface)
        let strict = policy.contentLevel(for: person, on: Day(containing: t)).level == .strict
        let feed = try await cache.feed {
            FeedCatalog(items: try await store.feedItems(), taxonomy: taxonomy, sensitiveMap: classifier.sensitiveMap)
        }
        let ranked = feedRanker.rank(feed, profile: profile, strict: strict, now: t, limit: limit, evidence: evidence,
                                     catalog: configuration.catalog, seeLess: seeLessFactors(person))
        return FeedResponse(personID: id, surface: surface, personalized: decision.allowed, strict: strict,
                            decision: decision, items: ranked)
    }
}
