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

/// Chooses ads: an inverted index from taxonomy nodes to campaigns, bid × relevance, one ad per
/// advertiser, second price per slot. Immutable and `Sendable`; per-call state lives in ``Scratch``.
///
/// Targeted selection touches only the campaigns indexed under the person's interests and their
/// ancestors, keeps a small ordered shortlist, and checks eligibility only for campaigns that would
/// enter it. Contextual selection walks the campaigns in bid order and stops at the first eligible ones.
public struct AdSelector: Sendable {
    public let campaigns: [Campaign]
    /// Campaign indices per taxonomy node.
    private let byNode: [[Int32]]
    /// Campaign indices by bid (high first), then id.
    private let bidOrder: [Int32]
    /// Bids, contiguous (the hot loop reads them for thousands of campaigns).
    private let bids: [Double]
    private let restrictions: [Set<RestrictedAdCategory>]
    private let indexByID: [CampaignID: Int32]
    private let taxonomy: Taxonomy
    private let sensitiveMap: SensitiveMap
    /// The lowest CPM an ad clears at.
    public var reserveCPM = 0.1

    /// Reusable per-call buffers (relevance per campaign, stamped so that nothing is cleared between calls).
    public struct Scratch {
        var relevance: [Double] = []
        var stamp: [UInt32] = []
        var generation: UInt32 = 0
        var touched: [Int32] = []
        var weights: [(node: Int, weight: Double)] = []
        public init() {}
    }

    public init(campaigns: [Campaign], taxonomy: Taxonomy, sensitiveMap: SensitiveMap) {
        self.campaigns = campaigns
        self.taxonomy = taxonomy
        self.sensitiveMap = sensitiveMap
        var index = [[Int32]](repeating: [], count: taxonomy.nodes.count)
        var ids: [CampaignID: Int32] = [:]
        for (i, c) in campaigns.enumerated() {
            ids[c.id] = Int32(i)
            for t in Set(c.targetTopics) { if let n = taxonomy.indexOf(t) { index[n].append(Int32(i)) } }
        }
        byNode = index
        indexByID = ids
        bids = campaigns.map(\.bidCPM)
        bidOrder = campaigns.indices.sorted {
            campaigns[$0].bidCPM != campaigns[$1].bidCPM ? campaigns[$0].bidCPM > campaigns[$1].bidCPM : campaigns[$0].id < campaigns[$1].id
        }.map { Int32($0) }
        restrictions = campaigns.map { c in Set(c.targetTopics.compactMap { sensitiveMap.restriction($0) }) }
    }

    private func eligible(_ index: Int, _ a: AdAudience, capped: Set<Int32>) -> Bool {
        let c = campaigns[index]
        if capped.contains(Int32(index)) { return false }
        if !a.blockedCategories.isEmpty && !restrictions[index].isDisjoint(with: a.blockedCategories) { return false }
        if let t = a.time {
            if let s = c.startsAt, t < s { return false }
            if let e = c.endsAt, t >= e { return false }
        }
        if !c.surfaces.isEmpty && !c.surfaces.contains(a.surface) { return false }
        if !c.countries.isEmpty { guard let country = a.country, c.countries.contains(country) else { return false } }
        guard let age = a.age else { return false }
        return age >= c.minAge && age <= c.maxAge
    }

    private typealias Candidate = (index: Int, score: Double, relevance: Double)

    /// Whether `a` ranks before `b`: higher score, then lower campaign id.
    private func before(_ a: Candidate, _ b: Candidate) -> Bool {
        a.score != b.score ? a.score > b.score : campaigns[a.index].id < campaigns[b.index].id
    }

    /// Selects up to `slots` ads. With a profile the ads are targeted by interest; without one they
    /// are chosen on context (surface, country, age) and bid only.
    public func select(for audience: AdAudience, slots: Int, evidence: [TopicID: InterestEvidence] = [:],
                       catalog: ProductCatalog = .standard, policyReasons: [String] = []) -> [AdPlacement] {
        var scratch = Scratch()
        return select(for: audience, slots: slots, evidence: evidence, catalog: catalog, policyReasons: policyReasons,
                      scratch: &scratch)
    }

    /// Selects up to `slots` ads, reusing `scratch` between calls.
    public func select(for audience: AdAudience, slots: Int, evidence: [TopicID: InterestEvidence] = [:],
                       catalog: ProductCatalog = .standard, policyReasons: [String] = [],
                       scratch: inout Scratch) -> [AdPlacement] {
        guard slots > 0 else { return [] }
        let capped = Set(audience.capped.compactMap { indexByID[$0] })
        let winners = audience.profile.map { targeted($0, audience, slots: slots, capped: capped, scratch: &scratch) }
            ?? contextual(audience, slots: slots, capped: capped)
        var out: [AdPlacement] = []
        for (slot, w) in winners.prefix(slots).enumerated() {
            let next = slot + 1 < winners.count ? winners[slot + 1].score : 0
            let price = max(reserveCPM, min(campaigns[w.index].bidCPM, next / max(w.relevance, 1e-9) + 0.01))
            let c = campaigns[w.index]
            let explanation: Explanation
            if let profile = audience.profile {
                let matched = matchedTopics(c, profile, audience).compactMap { evidence[$0] }
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

    /// The eligible campaigns matching the profile, best first, one per advertiser, at most `slots + 1`.
    private func targeted(_ profile: Profile, _ a: AdAudience, slots: Int, capped: Set<Int32>,
                          scratch: inout Scratch) -> [Candidate] {
        if scratch.relevance.count != campaigns.count {
            scratch.relevance = Array(repeating: 0, count: campaigns.count)
            scratch.stamp = Array(repeating: 0, count: campaigns.count)
            scratch.generation = 0
        }
        scratch.generation &+= 1
        if scratch.generation == 0 {
            for i in scratch.stamp.indices { scratch.stamp[i] = 0 }
            scratch.generation = 1
        }
        let gen = scratch.generation
        scratch.touched.removeAll(keepingCapacity: true)
        scratch.weights.removeAll(keepingCapacity: true)
        for entry in profile.entries where entry.adEligible && !a.blockedTopics.contains(entry.topicID) {
            guard let node = taxonomy.indexOf(entry.topicID) else { continue }
            // "See less" on a topic also cuts its descendants.
            let factor = a.seeLess.isEmpty ? 1 : (taxonomy.lineage(entry.topicID).compactMap { a.seeLess[$0] }.min() ?? 1)
            for n in taxonomy.lineageIndices[node] { scratch.weights.append((Int(n), entry.score * factor)) }
        }
        for (node, weight) in scratch.weights {
            for ci in byNode[node] {
                let i = Int(ci)
                if scratch.stamp[i] != gen {
                    scratch.stamp[i] = gen
                    scratch.relevance[i] = 0
                    scratch.touched.append(ci)
                }
                scratch.relevance[i] += weight
            }
        }
        // A shortlist kept in rank order; eligibility is checked only for campaigns that would enter it.
        let capacity = max(16, (slots + 1) * 4)
        var shortlist: [Candidate] = []
        shortlist.reserveCapacity(capacity + 1)
        var overflowed = false
        for ci in scratch.touched {
            let i = Int(ci)
            let rel = min(scratch.relevance[i], 1)
            let score = bids[i] * rel
            if shortlist.count == capacity, let last = shortlist.last, score < last.score { overflowed = true; continue }
            let candidate = (i, score, rel)
            if shortlist.count == capacity, let last = shortlist.last, !before(candidate, last) { overflowed = true; continue }
            guard eligible(i, a, capped: capped) else { continue }
            var at = shortlist.count
            while at > 0 && before(candidate, shortlist[at - 1]) { at -= 1 }
            shortlist.insert(candidate, at: at)
            if shortlist.count > capacity { shortlist.removeLast(); overflowed = true }
        }
        let winners = distinctAdvertisers(shortlist, limit: slots + 1)
        if winners.count > slots || !overflowed { return winners }
        // Rare: too few advertisers in the shortlist. Rank every eligible candidate.
        var all: [Candidate] = []
        for ci in scratch.touched where eligible(Int(ci), a, capped: capped) {
            let rel = min(scratch.relevance[Int(ci)], 1)
            all.append((Int(ci), campaigns[Int(ci)].bidCPM * rel, rel))
        }
        all.sort(by: before)
        return distinctAdvertisers(all, limit: slots + 1)
    }

    /// The best eligible campaigns by bid, one per advertiser, at most `slots + 1`.
    private func contextual(_ a: AdAudience, slots: Int, capped: Set<Int32>) -> [Candidate] {
        var winners: [Candidate] = []
        var seen: Set<AdvertiserID> = []
        for ci in bidOrder {
            if winners.count > slots { break }
            let i = Int(ci)
            guard !seen.contains(campaigns[i].advertiserID), eligible(i, a, capped: capped) else { continue }
            seen.insert(campaigns[i].advertiserID)
            winners.append((i, campaigns[i].bidCPM, 1))
        }
        return winners
    }

    private func distinctAdvertisers(_ ranked: [Candidate], limit: Int) -> [Candidate] {
        var seen: Set<AdvertiserID> = []
        var out: [Candidate] = []
        for c in ranked where out.count < limit && !seen.contains(campaigns[c.index].advertiserID) {
            seen.insert(campaigns[c.index].advertiserID)
            out.append(c)
        }
        return out
    }

    /// The profile's topics (in profile order) that a campaign's targets match, itself or through an ancestor.
    private func matchedTopics(_ c: Campaign, _ profile: Profile, _ a: AdAudience) -> [TopicID] {
        let targets = Set(c.targetTopics)
        return profile.entries.filter { e in
            e.adEligible && !a.blockedTopics.contains(e.topicID) && taxonomy.lineage(e.topicID).contains(where: targets.contains)
        }.map(\.topicID)
    }
}
