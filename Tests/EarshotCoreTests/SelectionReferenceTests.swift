import EarshotCore
import Foundation
import Testing

/// The fast ad selector and feed ranker (threshold-cut node lists, prepared feed items) against
/// straightforward reference implementations of the same rules, on seeded random worlds.
@Suite struct SelectionReferenceTests {
    let taxonomy = Shipped.taxonomy
    let map = Shipped.sensitiveMap
    let now = Date.day("2026-02-01")

    typealias Generator = SplitMix64

    /// Ad-eligible nodes under a few tier-1 branches, so that parents, children and siblings all occur.
    var nodes: [TopicID] {
        let roots: Set<TopicID> = ["653", "483", "1", "210", "596"]
        return taxonomy.nodes.map(\.id).filter { id in
            map.isAdEligible(id) && !map.isSensitiveOrProxy(id) && map.restriction(id) == nil
                && taxonomy.lineage(id).contains(where: roots.contains)
        }
    }

    func world(_ seed: UInt64, campaigns: Int, advertisers: Int) -> [Campaign] {
        var rng = Generator(seed: seed)
        let nodes = self.nodes
        return (0..<campaigns).map { i in
            var c = Campaign(id: CampaignID(String(format: "c%05d", i)), advertiserID: AdvertiserID("a\(Int.random(in: 0..<advertisers, using: &rng))"),
                             advertiserName: "A", creative: Creative(headline: "h", body: "", url: "https://example.com"),
                             targetTopics: (0..<Int.random(in: 1...3, using: &rng)).map { _ in nodes.randomElement(using: &rng)! },
                             bidCPM: (Double.random(in: 0.5...20, using: &rng) * 4).rounded() / 4)  // coarse bids: many ties
            if Int.random(in: 0..<4, using: &rng) == 0 { c.countries = [["US", "BR"].randomElement(using: &rng)!] }
            if Int.random(in: 0..<6, using: &rng) == 0 { c.minAge = 40 }
            return c
        }
    }

    func profile(_ rng: inout Generator) -> Profile {
        let nodes = self.nodes
        let picked = Set((0..<Int.random(in: 1...8, using: &rng)).map { _ in nodes.randomElement(using: &rng)! })
        return Profile(personID: "p", aggregates: picked.sorted().map {
            ProfileAggregate(topicID: $0, score: Double.random(in: 0.05...1, using: &rng), anchor: now, lastSeen: now, signalCount: 1)
        }, asOf: now, halfLife: 86_400 * 30, taxonomy: taxonomy, sensitiveMap: map)
    }

    /// Every campaign scored from scratch: relevance is the profile weight on its distinct target nodes
    /// (an interest counts on every node of its lineage), capped at 1; best score, then lowest id; one per advertiser.
    func reference(_ campaigns: [Campaign], _ profile: Profile, _ a: AdAudience, slots: Int) -> [(CampaignID, Double)] {
        var weight: [TopicID: Double] = [:]
        for e in profile.entries where e.adEligible { for n in taxonomy.lineage(e.topicID) { weight[n, default: 0] += e.score } }
        let scored = campaigns.compactMap { c -> (Campaign, Double)? in
            guard c.countries.isEmpty || c.countries.contains(a.country ?? ""), let age = a.age, age >= c.minAge, age <= c.maxAge
            else { return nil }
            let rel = min(1, Set(c.targetTopics).reduce(0) { $0 + (weight[$1] ?? 0) })
            return rel > 0 ? (c, c.bidCPM * rel) : nil
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.id < $1.0.id }
        var seen = Set<AdvertiserID>()
        var out: [(CampaignID, Double)] = []
        for (c, s) in scored where out.count < slots && seen.insert(c.advertiserID).inserted { out.append((c.id, s)) }
        return out
    }

    @Test(arguments: [(UInt64(1), 3_000, 400), (UInt64(2), 2_000, 3), (UInt64(3), 500, 40)])
    func adSelectionMatchesTheReference(seed: UInt64, campaigns count: Int, advertisers: Int) {
        let campaigns = world(seed, campaigns: count, advertisers: advertisers)
        let selector = AdSelector(campaigns: campaigns, taxonomy: taxonomy, sensitiveMap: map)
        var rng = Generator(seed: seed &* 31)
        var scratch = AdSelector.Scratch()
        for round in 0..<150 {
            let p = profile(&rng)
            let audience = AdAudience(country: round % 3 == 0 ? "BR" : "US", age: round % 5 == 0 ? 25 : 45, surface: "social_feed", profile: p)
            let slots = 1 + round % 4
            let got = selector.select(for: audience, slots: slots, scratch: &scratch)
            let want = reference(campaigns, p, audience, slots: slots)
            #expect(got.map(\.campaignID) == want.map(\.0), "seed \(seed) round \(round)")
            #expect(zip(got, want).allSatisfy { abs($0.score - ($1.1 * 1000).rounded() / 1000) < 1e-9 }, "seed \(seed) round \(round)")
        }
    }

    /// The greedy feed rule written directly over `FeedItem`s: affinity from interests that are
    /// ancestors or descendants of an item topic, freshness, tier-1 and author repeat penalties,
    /// every fifth slot to the freshest item outside the profile.
    func referenceFeed(_ items: [FeedItem], _ profile: Profile, limit: Int) -> [(FeedItemID, Double)] {
        let items = items.sorted { $0.id.rawValue.utf8.lexicographicallyPrecedes($1.id.rawValue.utf8) }
        func affinity(_ item: FeedItem) -> Double {
            var sum = 0.0
            for t in item.topics {
                for e in profile.entries where taxonomy.lineage(t).contains(e.topicID) || taxonomy.lineage(e.topicID).contains(t) {
                    sum += e.score
                }
            }
            return min(sum, 2)
        }
        func tier1s(_ item: FeedItem) -> Set<TopicID> { Set(item.topics.compactMap { taxonomy.lineage($0).last }) }
        var topicUse: [TopicID: Int] = [:], authorUse: [String: Int] = [:], taken = Set<Int>()
        var out: [(FeedItemID, Double)] = []
        while out.count < limit, out.count < items.count {
            let exploring = (out.count + 1) % 5 == 0
            var best = -1, bestScore = -Double.infinity
            for (i, item) in items.enumerated() where !taken.contains(i) && !(exploring && affinity(item) > 0) {
                let fresh = Decay.factor(from: item.publishedAt, to: now, halfLife: 3 * 86_400)
                let penalty = Double(tier1s(item).map { topicUse[$0, default: 0] }.max() ?? 0) * 0.35 + Double(authorUse[item.author, default: 0]) * 0.5
                let s = (exploring ? fresh : 1.5 * affinity(item) + fresh) - penalty
                if s > bestScore { bestScore = s; best = i }
            }
            if best < 0 {
                for (i, item) in items.enumerated() where !taken.contains(i) {
                    let s = 1.5 * affinity(item) + Decay.factor(from: item.publishedAt, to: now, halfLife: 3 * 86_400)
                    if s > bestScore { bestScore = s; best = i }
                }
            }
            taken.insert(best)
            for t in tier1s(items[best]) { topicUse[t, default: 0] += 1 }
            authorUse[items[best].author, default: 0] += 1
            out.append((items[best].id, (bestScore * 1000).rounded() / 1000))
        }
        return out
    }

    @Test func feedRankingMatchesTheReferenceInAnyInputOrder() {
        var rng = Generator(seed: 5)
        let nodes = self.nodes
        let ranker = FeedRanker(taxonomy: taxonomy, sensitiveMap: map)
        for round in 0..<40 {
            let items = (0..<120).map { i in
                FeedItem(id: FeedItemID("f\(i)"), kind: .post, title: "t", author: "au\(Int.random(in: 0..<15, using: &rng))",
                         topics: (0..<Int.random(in: 1...2, using: &rng)).map { _ in nodes.randomElement(using: &rng)! },
                         publishedAt: now.addingTimeInterval(-Double(Int.random(in: 0..<300, using: &rng)) * 1800))
            }
            let p = profile(&rng)
            let want = referenceFeed(items, p, limit: 20)
            let shuffled = ranker.rank(items.shuffled(using: &rng), profile: p, strict: false, now: now, limit: 20)
            let prepared = ranker.rank(FeedCatalog(items: items, taxonomy: taxonomy, sensitiveMap: map), profile: p, strict: false,
                                       now: now, limit: 20)
            #expect(shuffled.map(\.item.id) == want.map(\.0), "round \(round)")
            #expect(zip(shuffled, want).allSatisfy { abs($0.score - $1.1) < 1e-9 }, "round \(round)")
            #expect(prepared == shuffled)
        }
    }
}
