import Foundation

/// One ad chosen for a slot, with its price and explanation.
public struct AdPlacement: Sendable, Hashable, Codable {
    /// Set when the ad is served: the id to report clicks and ask "why this ad" with.
    public var impressionID: ImpressionID?
    public var campaignID: CampaignID
    public var advertiserID: AdvertiserID
    public var advertiserName: String
    public var creative: Creative
    /// bid × relevance.
    public var score: Double
    /// Second-price clearing CPM.
    public var priceCPM: Double
    public var explanation: Explanation
}

/// Who the ad request is for, as far as targeting may see.
public struct AdAudience: Sendable {
    public var country: String?
    public var age: Int?
    public var surface: Surface
    /// AI-derived interests, when policy allows targeting; nil for contextual selection.
    public var profile: Profile?
    /// Topics the person asked to see less of (score × factor).
    public var seeLess: [TopicID: Double]
    public var blockedTopics: Set<TopicID>
    /// Restricted ad categories that must not be shown (the person's choices; all of them for minors).
    public var blockedCategories: Set<RestrictedAdCategory>
    /// Campaigns that may not serve now: frequency cap reached for this person, or paced out of budget.
    public var capped: Set<CampaignID> = []
    /// The moment of the request, for campaign schedules.
    public var time: Date?

    public init(country: String?, age: Int?, surface: Surface, profile: Profile?, seeLess: [TopicID: Double] = [:],
                blockedTopics: Set<TopicID> = [], blockedCategories: Set<RestrictedAdCategory> = []) {
        self.blockedCategories = blockedCategories
        self.country = country
        self.age = age
        self.surface = surface
        self.profile = profile
        self.seeLess = seeLess
        self.blockedTopics = blockedTopics
    }
}

/// Chooses ads: an inverted index from topics to campaigns, bid × relevance, one ad per advertiser,
/// second price per slot. Immutable and `Sendable`.
public struct AdSelector: Sendable {
    public let campaigns: [Campaign]
    private let byTopic: [TopicID: [Int32]]
    private let restrictions: [Set<RestrictedAdCategory>]
    private let taxonomy: Taxonomy
    private let sensitiveMap: SensitiveMap
    /// The lowest CPM an ad clears at.
    public var reserveCPM = 0.1

    public init(campaigns: [Campaign], taxonomy: Taxonomy, sensitiveMap: SensitiveMap) {
        self.campaigns = campaigns
        self.taxonomy = taxonomy
        self.sensitiveMap = sensitiveMap
        var index: [TopicID: [Int32]] = [:]
        for (i, c) in campaigns.enumerated() { for t in Set(c.targetTopics) { index[t, default: []].append(Int32(i)) } }
        byTopic = index
        restrictions = campaigns.map { c in Set(c.targetTopics.compactMap { sensitiveMap.restriction($0) }) }
    }

    private func eligible(_ index: Int, _ a: AdAudience) -> Bool {
        let c = campaigns[index]
        if !restrictions[index].isDisjoint(with: a.blockedCategories) || a.capped.contains(c.id) { return false }
        if let t = a.time {
            if let s = c.startsAt, t < s { return false }
            if let e = c.endsAt, t >= e { return false }
        }
        if !c.surfaces.isEmpty && !c.surfaces.contains(a.surface) { return false }
        if !c.countries.isEmpty { guard let country = a.country, c.countries.contains(country) else { return false } }
        guard let age = a.age else { return false }
        return age >= c.minAge && age <= c.maxAge
    }

    /// Selects up to `slots` ads. With a profile the ads are targeted by interest; without one they
    /// are chosen on context (surface, country, age) and bid only.
    public func select(for audience: AdAudience, slots: Int, evidence: [TopicID: InterestEvidence] = [:],
                       catalog: ProductCatalog = .standard, policyReasons: [String] = []) -> [AdPlacement] {
        var scored: [(index: Int, score: Double, relevance: Double, matched: [TopicID])] = []
        if let profile = audience.profile {
            var relevance: [Int: (Double, [TopicID])] = [:]
            for entry in profile.entries where entry.adEligible && !audience.blockedTopics.contains(entry.topicID) {
                // "See less" on a topic also cuts its descendants.
                let factor = taxonomy.lineage(entry.topicID).compactMap { audience.seeLess[$0] }.min() ?? 1
                for ancestor in taxonomy.lineage(entry.topicID) {
                    for ci in byTopic[ancestor] ?? [] {
                        var r = relevance[Int(ci)] ?? (0, [])
                        r.0 += entry.score * factor
                        if !r.1.contains(entry.topicID) { r.1.append(entry.topicID) }
                        relevance[Int(ci)] = r
                    }
                }
            }
            for (ci, r) in relevance where eligible(ci, audience) {
                let rel = min(r.0, 1)
                scored.append((ci, campaigns[ci].bidCPM * rel, rel, r.1))
            }
        } else {
            for (ci, c) in campaigns.enumerated() where eligible(ci, audience) {
                scored.append((ci, c.bidCPM, 1, []))
            }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : campaigns[$0.index].id < campaigns[$1.index].id }
        var seenAdvertisers: Set<AdvertiserID> = []
        var winners: [(index: Int, score: Double, relevance: Double, matched: [TopicID])] = []
        for s in scored where !seenAdvertisers.contains(campaigns[s.index].advertiserID) {
            seenAdvertisers.insert(campaigns[s.index].advertiserID)
            winners.append(s)
        }
        var out: [AdPlacement] = []
        for (slot, w) in winners.prefix(slots).enumerated() {
            let next = slot + 1 < winners.count ? winners[slot + 1].score : 0
            let price = max(reserveCPM, min(campaigns[w.index].bidCPM, next / max(w.relevance, 1e-9) + 0.01))
            let c = campaigns[w.index]
            let explanation: Explanation
            if audience.profile != nil {
                let matched = w.matched.compactMap { evidence[$0] }
                explanation = Explanation(
                    basis: .aiInterests, matchedInterests: matched,
                    summary: Explanation.describe(matched, catalog: catalog), policyReasons: [],
                    howToChange: "Remove an interest or choose \"see less\" in your transparency center, or opt out of ads based on AI interactions.")
            } else {
                explanation = Explanation(
                    basis: .contextual, matchedInterests: [],
                    summary: "Shown because of where you are seeing it, not because of your AI interactions.",
                    policyReasons: policyReasons,
                    howToChange: "Nothing from your AI interactions was used for this ad.")
            }
            out.append(AdPlacement(impressionID: nil, campaignID: c.id, advertiserID: c.advertiserID, advertiserName: c.advertiserName,
                                   creative: c.creative, score: (w.score * 1000).rounded() / 1000,
                                   priceCPM: (price * 100).rounded() / 100, explanation: explanation))
        }
        return out
    }
}
