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
    /// Campaign indices per taxonomy node, by bid (high first), so that a node's tail can be cut once no
    /// campaign in it could enter the shortlist (a score is bid × relevance, and relevance is at most 1).
    private let byNode: [[Int32]]
    /// Campaign indices by bid (high first), then id.
    private let bidOrder: [Int32]
    /// Bids, contiguous (the hot loop reads them for thousands of campaigns).
    private let bids: [Double]
    /// Each campaign's distinct target nodes: `targetNodes[targetStart[i]..<targetStart[i + 1]]`.
    private let targetNodes: [Int32]
    private let targetStart: [Int32]
    private let restrictions: [Set<RestrictedAdCategory>]
    private let indexByID: [CampaignID: Int32]
    private let taxonomy: Taxonomy
    private let sensitiveMap: SensitiveMap
    /// The lowest CPM an ad clears at.
    public var reserveCPM = 0.1
    /// Campaigns with a per-day or per-week frequency cap (the only ones a person's history can cap).
    public let withCaps: [Campaign]
    /// Campaigns with a daily budget (the only ones pacing can hold back).
    public let withBudgets: [Campaign]

    /// Reusable per-call buffers, stamped so that nothing is cleared between calls.
    public struct Scratch: Sendable {
        /// Per campaign: the call that last looked at it.
        var seen: [UInt32] = []
        var generation: UInt32 = 0
        /// Per taxonomy node: the profile weight reaching it in this call.
        var nodeWeight: [Double] = []
        var nodeStamp: [UInt32] = []
        var nodes: [Int32] = []
        var shortlist: [Candidate] = []
        public init() {}

        /// Starts a call over `campaigns` campaigns and `nodes` taxonomy nodes; returns its stamp.
        mutating func begin(campaigns: Int, nodes count: Int) -> UInt32 {
            if seen.count != campaigns || nodeStamp.count != count {
                seen = Array(repeating: 0, count: campaigns)
                nodeWeight = Array(repeating: 0, count: count)
                nodeStamp = Array(repeating: 0, count: count)
                generation = 0
            }
            generation &+= 1
            if generation == 0 {
                for i in seen.indices { seen[i] = 0 }
                for i in nodeStamp.indices { nodeStamp[i] = 0 }
                generation = 1
            }
            nodes.removeAll(keepingCapacity: true)
            shortlist.removeAll(keepingCapacity: true)
            return generation
        }
    }

    public init(campaigns: [Campaign], taxonomy: Taxonomy, sensitiveMap: SensitiveMap) {
        self.campaigns = campaigns
        self.taxonomy = taxonomy
        self.sensitiveMap = sensitiveMap
        let bids = campaigns.map(\.bidCPM)
        let bidOrder = campaigns.indices.sorted {
            bids[$0] != bids[$1] ? bids[$0] > bids[$1] : campaigns[$0].id < campaigns[$1].id
        }.map { Int32($0) }
        var index = [[Int32]](repeating: [], count: taxonomy.nodes.count)
        var ids: [CampaignID: Int32] = [:]
        var targets: [Int32] = [], starts: [Int32] = [0]
        targets.reserveCapacity(campaigns.count * 2)
        starts.reserveCapacity(campaigns.count + 1)
        for (i, c) in campaigns.enumerated() {
            ids[c.id] = Int32(i)
            for t in c.targetTopics {
                if let n = taxonomy.indexOf(t).map(Int32.init), !targets[Int(starts[i])...].contains(n) { targets.append(n) }
            }
            starts.append(Int32(targets.count))
        }
        for ci in bidOrder {
            for n in targets[Int(starts[Int(ci)])..<Int(starts[Int(ci) + 1])] { index[Int(n)].append(ci) }
        }
        byNode = index
        indexByID = ids
        self.bids = bids
        self.bidOrder = bidOrder
        targetNodes = targets
        targetStart = starts
        restrictions = campaigns.map { c in Set(c.targetTopics.compactMap { sensitiveMap.restriction($0) }) }
        withCaps = campaigns.filter { $0.capPerDay != nil || $0.capPerWeek != nil }
        withBudgets = campaigns.filter { $0.dailyBudget != nil }
    }

    /// A campaign by id (from the index, no scan).
    public func campaign(_ id: CampaignID) -> Campaign? { indexByID[id].map { campaigns[Int($0)] } }

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

    typealias Candidate = (index: Int, score: Double, relevance: Double)

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
                let matched = matchedTopics(w.index, profile, audience).compactMap { evidence[$0] }
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
    ///
    /// Nodes are visited strongest first; within a node, campaigns come by bid, and the walk stops as soon
    /// as the bid is below the shortlist's last score (no later campaign of that node could enter it).
    /// A campaign's relevance is the profile weight on its distinct target nodes, summed once when first seen.
    private func targeted(_ profile: Profile, _ a: AdAudience, slots: Int, capped: Set<Int32>,
                          scratch: inout Scratch) -> [Candidate] {
        let gen = scratch.begin(campaigns: campaigns.count, nodes: taxonomy.nodes.count)
        for entry in profile.entries where entry.adEligible && !a.blockedTopics.contains(entry.topicID) {
            guard let node = taxonomy.indexOf(entry.topicID) else { continue }
            // "See less" on a topic also cuts its descendants.
            let factor = a.seeLess.isEmpty ? 1 : (taxonomy.lineage(entry.topicID).compactMap { a.seeLess[$0] }.min() ?? 1)
            let weight = entry.score * factor
            for n in taxonomy.lineageIndices[node] {
                if scratch.nodeStamp[Int(n)] != gen {
                    scratch.nodeStamp[Int(n)] = gen
                    scratch.nodeWeight[Int(n)] = 0
                    scratch.nodes.append(n)
                }
                scratch.nodeWeight[Int(n)] += weight
            }
        }
        let weights = scratch.nodeWeight
        scratch.nodes.sort { weights[Int($0)] != weights[Int($1)] ? weights[Int($0)] > weights[Int($1)] : $0 < $1 }
        // A shortlist kept in rank order; eligibility is checked only for campaigns that would enter it.
        let capacity = max(16, (slots + 1) * 4)
        var overflowed = false
        for node in scratch.nodes {
            for ci in byNode[Int(node)] {
                let i = Int(ci)
                if scratch.shortlist.count == capacity, let last = scratch.shortlist.last, bids[i] < last.score {
                    overflowed = true
                    break
                }
                if scratch.seen[i] == gen { continue }
                scratch.seen[i] = gen
                let rel = relevance(i, scratch)
                let candidate = (i, bids[i] * rel, rel)
                if scratch.shortlist.count == capacity, let last = scratch.shortlist.last, !before(candidate, last) {
                    overflowed = true
                    continue
                }
                guard eligible(i, a, capped: capped) else { continue }
                var at = scratch.shortlist.count
                while at > 0 && before(candidate, scratch.shortlist[at - 1]) { at -= 1 }
                scratch.shortlist.insert(candidate, at: at)
                if scratch.shortlist.count > capacity { scratch.shortlist.removeLast() }
            }
        }
        let winners = distinctAdvertisers(scratch.shortlist, limit: slots + 1)
        if winners.count > slots || !overflowed { return winners }
        // Rare: too few advertisers in the shortlist. Rank every eligible matching campaign.
        var all: [Candidate] = []
        var counted = Set<Int>()
        for node in scratch.nodes {
            for ci in byNode[Int(node)] where counted.insert(Int(ci)).inserted && eligible(Int(ci), a, capped: capped) {
                let rel = relevance(Int(ci), scratch)
                all.append((Int(ci), bids[Int(ci)] * rel, rel))
            }
        }
        all.sort(by: before)
        return distinctAdvertisers(all, limit: slots + 1)
    }

    /// The profile weight on campaign `i`'s target nodes in this call, capped at 1.
    @inline(__always)
    private func relevance(_ i: Int, _ scratch: Scratch) -> Double {
        var sum = 0.0
        let gen = scratch.generation
        for k in Int(targetStart[i])..<Int(targetStart[i + 1]) {
            let n = Int(targetNodes[k])
            if scratch.nodeStamp[n] == gen { sum += scratch.nodeWeight[n] }
        }
        return min(sum, 1)
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
    private func matchedTopics(_ index: Int, _ profile: Profile, _ a: AdAudience) -> [TopicID] {
        let targets = targetNodes[Int(targetStart[index])..<Int(targetStart[index + 1])]
        return profile.entries.filter { e in
            guard e.adEligible, !a.blockedTopics.contains(e.topicID), let node = taxonomy.indexOf(e.topicID) else { return false }
            return taxonomy.lineageIndices[node].contains(where: targets.contains)
        }.map(\.topicID)
    }
}
