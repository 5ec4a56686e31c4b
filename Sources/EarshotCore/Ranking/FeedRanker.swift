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

    /// Ranks `items` for a profile (nil when AI-derived interests may not be used).
    public func rank(_ items: [FeedItem], profile: Profile?, strict: Bool, now: Date, limit: Int,
                     evidence: [TopicID: InterestEvidence] = [:], catalog: ProductCatalog = .standard,
                     seeLess: [TopicID: Double] = [:]) -> [FeedEntry] {
        let usable = items.filter { item in
            !(strict && item.topics.contains { sensitiveMap.isSensitiveOrProxy($0) || sensitiveMap.restriction($0) != nil })
                && !item.topics.contains { if case .blocked = sensitiveMap.classify($0) { true } else { false } }
        }
        var interest: [TopicID: Double] = [:]
        for e in profile?.entries ?? [] where !strict || !sensitiveMap.isSensitiveOrProxy(e.topicID) {
            let factor = taxonomy.lineage(e.topicID).compactMap { seeLess[$0] }.min() ?? 1
            interest[e.topicID] = e.score * factor
        }
        struct Candidate { var item: FeedItem; var affinity: Double; var fresh: Double; var matched: [TopicID] }
        var candidates = usable.map { item -> Candidate in
            var affinity = 0.0
            var matched: [TopicID] = []
            for t in item.topics {
                // A profile topic matches an item topic when either is an ancestor of the other.
                for (p, s) in interest where taxonomy.isSelfOrAncestor(t, of: p) || taxonomy.isSelfOrAncestor(p, of: t) {
                    affinity += s
                    if !matched.contains(p) { matched.append(p) }
                }
            }
            let fresh = Decay.factor(from: item.publishedAt, to: now, halfLife: freshnessHalfLife)
            return Candidate(item: item, affinity: min(affinity, 2), fresh: fresh, matched: matched.sorted())
        }
        candidates.sort { $0.item.id < $1.item.id }  // determinism before greedy selection

        var out: [FeedEntry] = []
        var topicUse: [TopicID: Int] = [:]
        var authorUse: [String: Int] = [:]
        while out.count < limit, !candidates.isEmpty {
            let exploring = profile != nil && explorationEvery > 0 && (out.count + 1) % explorationEvery == 0
            var bestIndex = -1
            var bestScore = -Double.infinity
            for (i, c) in candidates.enumerated() {
                if exploring && c.affinity > 0 { continue }
                let tier1s = Set(c.item.topics.compactMap { taxonomy.node($0)?.tier1ID })
                let repeatPenalty = Double(tier1s.map { topicUse[$0, default: 0] }.max() ?? 0) * 0.35
                    + Double(authorUse[c.item.author, default: 0]) * 0.5
                let s = (exploring ? 0 : 1.5 * c.affinity) + c.fresh - repeatPenalty
                if s > bestScore { bestScore = s; bestIndex = i }
            }
            if bestIndex < 0 {
                if exploring {  // nothing outside the profile: fall back to the normal rule for this slot
                    for (i, c) in candidates.enumerated() {
                        let s = 1.5 * c.affinity + c.fresh
                        if s > bestScore { bestScore = s; bestIndex = i }
                    }
                } else { break }
            }
            let c = candidates.remove(at: bestIndex)
            for t in Set(c.item.topics.compactMap { taxonomy.node($0)?.tier1ID }) { topicUse[t, default: 0] += 1 }
            authorUse[c.item.author, default: 0] += 1
            let explanation: Explanation
            if c.affinity > 0 && !exploring {
                let matched = c.matched.compactMap { evidence[$0] }
                explanation = Explanation(basis: .aiInterests, matchedInterests: matched,
                                          summary: Explanation.describe(matched, catalog: catalog), policyReasons: [],
                                          howToChange: "Remove an interest or choose \"see less\" in your transparency center.")
            } else {
                explanation = Explanation(basis: exploring ? .exploration : .general, matchedInterests: [],
                                          summary: exploring ? "Shown to explore topics outside your interests." : "Shown because it is recent.",
                                          policyReasons: [], howToChange: "Nothing from your AI interactions was used for this item.")
            }
            out.append(FeedEntry(item: c.item, score: (bestScore * 1000).rounded() / 1000, explanation: explanation))
        }
        return out
    }
}
