import Foundation

/// One ranked feed item with its explanation.
public struct FeedEntry: Sendable, Hashable, Codable {
    public var item: FeedItem
    public var score: Double
    public var explanation: Explanation
}

/// Ranks feed items: interest affinity, freshness, diversity across topics and authors, and a small
/// exploration share. Strict mode (teens by default) never shows sensitive or proxy-topic items.
public struct FeedRanker: Sendable {
    public let taxonomy: Taxonomy
    public let sensitiveMap: SensitiveMap
    /// Freshness half-life.
    public var freshnessHalfLife: TimeInterval = 3 * 86_400
    /// Every n-th slot goes to the best item outside the profile.
    public var explorationEvery = 5

    public init(taxonomy: Taxonomy, sensitiveMap: SensitiveMap) {
        self.taxonomy = taxonomy
        self.sensitiveMap = sensitiveMap
    }

    /// Ranks `items` for a profile (nil when AI-derived interests may not be used). Prepares the items
    /// first; to rank many requests against the same items, build a ``FeedCatalog`` once.
    public func rank(_ items: [FeedItem], profile: Profile?, strict: Bool, now: Date, limit: Int,
                     evidence: [TopicID: InterestEvidence] = [:], catalog: ProductCatalog = .standard,
                     seeLess: [TopicID: Double] = [:]) -> [FeedEntry] {
        rank(FeedCatalog(items: items, taxonomy: taxonomy, sensitiveMap: sensitiveMap), profile: profile, strict: strict,
             now: now, limit: limit, evidence: evidence, catalog: catalog, seeLess: seeLess)
    }

    /// Ranks prepared feed items for a profile (nil when AI-derived interests may not be used).
    public func rank(_ feed: FeedCatalog, profile: Profile?, strict: Bool, now: Date, limit: Int,
                     evidence: [TopicID: InterestEvidence] = [:], catalog: ProductCatalog = .standard,
                     seeLess: [TopicID: Double] = [:]) -> [FeedEntry] {
        // Interests by taxonomy position (topics outside the taxonomy cannot match an item).
        var interest: [(topic: TopicID, node: Int32, score: Double)] = []
        for e in profile?.entries ?? [] {
            guard let node = taxonomy.indexOf(e.topicID), !(strict && feed.sensitiveOrProxyNode[node]) else { continue }
            let factor = seeLess.isEmpty ? 1 : (taxonomy.lineage(e.topicID).compactMap { seeLess[$0] }.min() ?? 1)
            interest.append((e.topicID, Int32(node), e.score * factor))
        }
        // A profile topic matches an item topic when either is an ancestor of the other (or they are the
        // same): `atOrAbove[n]` sums the interests at node n, `below[n]` those strictly beneath it.
        var atOrAbove = [Double](repeating: 0, count: interest.isEmpty ? 0 : taxonomy.nodes.count)
        var below = atOrAbove
        for p in interest {
            atOrAbove[Int(p.node)] += p.score
            for a in taxonomy.lineageIndices[Int(p.node)].dropFirst() { below[Int(a)] += p.score }
        }
        let count = feed.items.count
        var base = [Double](repeating: 0, count: count)
        var fresh = [Double](repeating: 0, count: count)
        var inProfile = [Bool](repeating: false, count: count)
        var usable: [Int32] = []
        usable.reserveCapacity(count)
        let nowSeconds = now.timeIntervalSince1970
        for i in 0..<count where !feed.blocked[i] && !(strict && feed.hiddenWhenStrict[i]) {
            var affinity = 0.0
            if !interest.isEmpty {
                for n in feed.nodes(of: i) {
                    affinity += below[Int(n)]
                    for a in taxonomy.lineageIndices[Int(n)] { affinity += atOrAbove[Int(a)] }
                }
            }
            let age = nowSeconds - feed.published[i]
            fresh[i] = age <= 0 ? 1 : exp2(-age / freshnessHalfLife)
            base[i] = 1.5 * min(affinity, 2) + fresh[i]
            inProfile[i] = affinity > 0
            usable.append(Int32(i))
        }

        var out: [FeedEntry] = []
        var topicUse = [Int32](repeating: 0, count: taxonomy.nodes.count)
        var authorUse = [Int32](repeating: 0, count: feed.authorCount)
        // Taken candidates are marked rather than removed so that ties keep going to the earliest id.
        var taken = [Bool](repeating: false, count: count)
        while out.count < limit, out.count < usable.count {
            let exploring = profile != nil && explorationEvery > 0 && (out.count + 1) % explorationEvery == 0
            var bestIndex = -1
            var bestScore = -Double.infinity
            for u in usable {
                let i = Int(u)
                if taken[i] || (exploring && inProfile[i]) { continue }
                var most: Int32 = 0
                for t in feed.tier1s(of: i) where topicUse[Int(t)] > most { most = topicUse[Int(t)] }
                let repeatPenalty = Double(most) * 0.35 + Double(authorUse[Int(feed.authors[i])]) * 0.5
                let s = (exploring ? fresh[i] : base[i]) - repeatPenalty
                if s > bestScore { bestScore = s; bestIndex = i }
            }
            if bestIndex < 0 {
                if exploring {  // nothing outside the profile: fall back to the normal rule for this slot
                    for u in usable where !taken[Int(u)] && base[Int(u)] > bestScore { bestScore = base[Int(u)]; bestIndex = Int(u) }
                } else { break }
            }
            taken[bestIndex] = true
            for t in feed.tier1s(of: bestIndex) { topicUse[Int(t)] += 1 }
            authorUse[Int(feed.authors[bestIndex])] += 1
            let explanation: Explanation
            if inProfile[bestIndex] && !exploring {
                let matched = matchedInterests(feed.nodes(of: bestIndex), interest).compactMap { evidence[$0] }
                explanation = Explanation(basis: .aiInterests, matchedInterests: matched,
                                          summary: Explanation.describe(matched, catalog: catalog), policyReasons: [],
                                          howToChange: "Remove an interest or choose \"see less\" in your transparency center.")
            } else {
                explanation = Explanation(basis: exploring ? .exploration : .general, matchedInterests: [],
                                          summary: exploring ? "Shown to explore topics outside your interests." : "Shown because it is recent.",
                                          policyReasons: [], howToChange: "Nothing from your AI interactions was used for this item.")
            }
            out.append(FeedEntry(item: feed.items[bestIndex], score: (bestScore * 1000).rounded() / 1000, explanation: explanation))
        }
        return out
    }

    /// The interests (sorted by id) that match any of an item's nodes.
    private func matchedInterests(_ nodes: ArraySlice<Int32>, _ interest: [(topic: TopicID, node: Int32, score: Double)]) -> [TopicID] {
        var matched: [TopicID] = []
        for n in nodes {
            let lineage = taxonomy.lineageIndices[Int(n)]
            for p in interest where !matched.contains(p.topic)
                && (lineage.contains(p.node) || taxonomy.lineageIndices[Int(p.node)].contains(n)) {
                matched.append(p.topic)
            }
        }
        return matched.sorted()
    }
}
