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
        // Interests by taxonomy position (topics outside the taxonomy cannot match an item).
        var interest: [(topic: TopicID, node: Int32, score: Double)] = []
        for e in profile?.entries ?? [] where !strict || !sensitiveMap.isSensitiveOrProxy(e.topicID) {
            guard let node = taxonomy.indexOf(e.topicID) else { continue }
            let factor = seeLess.isEmpty ? 1 : (taxonomy.lineage(e.topicID).compactMap { seeLess[$0] }.min() ?? 1)
            interest.append((e.topicID, Int32(node), e.score * factor))
        }
        var authorIndex: [String: Int] = [:]
        struct Candidate { var item: FeedItem; var affinity: Double; var fresh: Double; var matched: [TopicID]; var tier1s: [Int32]; var author: Int }
        var candidates = usable.map { item -> Candidate in
            var affinity = 0.0
            var matched: [TopicID] = []
            var tier1s: [Int32] = []
            for t in item.topics {
                guard let ti = taxonomy.indexOf(t) else { continue }
                let lineage = taxonomy.lineageIndices[ti]
                if let top = lineage.last, !tier1s.contains(top) { tier1s.append(top) }
                // A profile topic matches an item topic when either is an ancestor of the other.
                for p in interest where lineage.contains(p.node) || taxonomy.lineageIndices[Int(p.node)].contains(Int32(ti)) {
                    affinity += p.score
                    if !matched.contains(p.topic) { matched.append(p.topic) }
                }
            }
            let fresh = Decay.factor(from: item.publishedAt, to: now, halfLife: freshnessHalfLife)
            let author = authorIndex[item.author] ?? { let n = authorIndex.count; authorIndex[item.author] = n; return n }()
            return Candidate(item: item, affinity: min(affinity, 2), fresh: fresh, matched: matched.sorted(), tier1s: tier1s,
                             author: author)
        }
        // Determinism before greedy selection: id order (byte order; stores already return items in it).
        func precedes(_ a: Candidate, _ b: Candidate) -> Bool { a.item.id.rawValue.utf8.lexicographicallyPrecedes(b.item.id.rawValue.utf8) }
        if zip(candidates, candidates.dropFirst()).contains(where: { !precedes($0, $1) }) { candidates.sort(by: precedes) }

        var out: [FeedEntry] = []
        var topicUse = [Int](repeating: 0, count: taxonomy.nodes.count)
        var authorUse = [Int](repeating: 0, count: authorIndex.count)
        // Scores without the repeat penalty, contiguous for the selection loop; taken candidates are
        // marked rather than removed so that ties keep going to the earliest id.
        let base = candidates.map { 1.5 * $0.affinity + $0.fresh }
        let fresh = candidates.map(\.fresh)
        let inProfile = candidates.map { $0.affinity > 0 }
        let tiers = candidates.map(\.tier1s)
        let authors = candidates.map(\.author)
        var taken = [Bool](repeating: false, count: candidates.count)
        while out.count < limit, out.count < candidates.count {
            let exploring = profile != nil && explorationEvery > 0 && (out.count + 1) % explorationEvery == 0
            var bestIndex = -1
            var bestScore = -Double.infinity
            for i in candidates.indices where !taken[i] {
                if exploring && inProfile[i] { continue }
                var most = 0
                for t in tiers[i] where topicUse[Int(t)] > most { most = topicUse[Int(t)] }
                let repeatPenalty = Double(most) * 0.35 + Double(authorUse[authors[i]]) * 0.5
                let s = (exploring ? fresh[i] : base[i]) - repeatPenalty
                if s > bestScore { bestScore = s; bestIndex = i }
            }
            if bestIndex < 0 {
                if exploring {  // nothing outside the profile: fall back to the normal rule for this slot
                    for i in candidates.indices where !taken[i] && base[i] > bestScore { bestScore = base[i]; bestIndex = i }
                } else { break }
            }
            taken[bestIndex] = true
            let c = candidates[bestIndex]
            for t in c.tier1s { topicUse[Int(t)] += 1 }
            authorUse[c.author] += 1
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
