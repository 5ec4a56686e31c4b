import Benchmark
import EarshotCore
import EarshotResources
import Foundation

/// Ad selection among 100,000 live campaigns for people drawn from 1,000,000 stored profiles, and feed
/// ranking of 500 candidates. Each iteration is one request, so the percentiles are per request.

/// A small deterministic generator (the trainer's), so every run builds the same world.
typealias SplitMix = SplitMix64

/// Resident memory of this process in bytes.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
    return pages * 4096
}

struct World: @unchecked Sendable {
    static let profilesPerWorld = 1_000_000
    static let interestsPerProfile = 8
    let taxonomy: Taxonomy
    let sensitiveMap: SensitiveMap
    let selector: AdSelector
    let targetable: [TopicID]
    /// Stored profiles, flattened: node index and decayed-score anchor per interest.
    let profileTopics: [UInt16]
    let profileScores: [Float]
    /// 500 feed items, prepared once as the engine caches them between changes.
    let feed: FeedCatalog
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    static let shared = World()

    init() {
        let classifier = try! ShippedData.classifier()
        let taxonomy = classifier.taxonomy, sensitiveMap = classifier.sensitiveMap
        self.taxonomy = taxonomy
        self.sensitiveMap = sensitiveMap
        let targetable = taxonomy.nodes.map(\.id).filter {
            sensitiveMap.isAdEligible($0) && !sensitiveMap.isSensitiveOrProxy($0) && sensitiveMap.restriction($0) == nil
        }
        self.targetable = targetable
        var rng = SplitMix(seed: 42)
        let countries = ["US", "CA", "BR", "MX", "JP", "IN", "ID", "AU"]
        let before = residentBytes()
        var campaigns: [Campaign] = []
        campaigns.reserveCapacity(100_000)
        for i in 0..<100_000 {
            let targets = (0..<Int.random(in: 1...3, using: &rng)).map { _ in targetable.randomElement(using: &rng)! }
            var c = Campaign(id: CampaignID("c\(i)"), advertiserID: AdvertiserID("a\(i % 20_000)"), advertiserName: "Advertiser \(i % 20_000)",
                             creative: Creative(headline: "Headline \(i)", body: "", url: "https://example.com/\(i)"),
                             targetTopics: targets, bidCPM: Double.random(in: 0.5...20, using: &rng))
            if Int.random(in: 0..<5, using: &rng) == 0 { c.countries = [countries.randomElement(using: &rng)!] }
            campaigns.append(c)
        }
        selector = AdSelector(campaigns: campaigns, taxonomy: taxonomy, sensitiveMap: sensitiveMap)
        let afterCampaigns = residentBytes()
        let nodeIndex = targetable.map { UInt16(taxonomy.indexOf($0)!) }
        var topics = [UInt16](repeating: 0, count: Self.profilesPerWorld * Self.interestsPerProfile)
        var scores = [Float](repeating: 0, count: topics.count)
        for i in topics.indices {
            topics[i] = nodeIndex.randomElement(using: &rng)!
            scores[i] = Float.random(in: 0.05...1, using: &rng)
        }
        profileTopics = topics
        profileScores = scores
        let afterProfiles = residentBytes()
        let items = (0..<500).map { i in
            FeedItem(id: FeedItemID("f\(i)"), kind: .post, title: "Item \(i)", author: "author\(i % 60)",
                     topics: [targetable.randomElement(using: &rng)!], publishedAt: Date(timeIntervalSince1970: 1_780_000_000 - Double(i) * 600))
        }
        feed = FeedCatalog(items: items, taxonomy: taxonomy, sensitiveMap: sensitiveMap)
        print("memory: 100,000 campaigns with their index \((afterCampaigns - before) / 1_000_000) MB "
              + "(\((afterCampaigns - before) / 100_000) bytes per campaign); 1,000,000 stored profiles of \(Self.interestsPerProfile) interests "
              + "\((afterProfiles - afterCampaigns) / 1_000_000) MB (\((afterProfiles - afterCampaigns) / Self.profilesPerWorld) bytes per profile)")
    }

    /// The decayed profile of stored person `n`, as the engine builds it per request.
    func profile(_ n: Int) -> Profile {
        let base = n * Self.interestsPerProfile
        let aggregates = (0..<Self.interestsPerProfile).map { k in
            ProfileAggregate(topicID: taxonomy.nodes[Int(profileTopics[base + k])].id, score: Double(profileScores[base + k]),
                             anchor: now, lastSeen: now, signalCount: 1)
        }
        return Profile(personID: PersonID("p\(n)"), aggregates: aggregates, asOf: now, halfLife: 30 * 86_400,
                       taxonomy: taxonomy, sensitiveMap: sensitiveMap)
    }
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(metrics: [.wallClock, .throughput], warmupIterations: 1_000,
                                         maxDuration: .seconds(10), maxIterations: 200_000)
    Benchmark("ads: 3 of 100,000 campaigns for one of 1,000,000 profiles", configuration: config) { benchmark in
        let w = World.shared
        var scratch = AdSelector.Scratch()
        var rng = SplitMix(seed: 7)
        for _ in benchmark.scaledIterations {
            let n = Int(rng.next() % UInt64(World.profilesPerWorld))
            let audience = AdAudience(country: "US", age: 34, surface: "social_feed", profile: w.profile(n))
            blackHole(w.selector.select(for: audience, slots: 3, scratch: &scratch))
        }
    }
    Benchmark("ads: contextual, 3 of 100,000 campaigns", configuration: config) { benchmark in
        let w = World.shared
        var scratch = AdSelector.Scratch()
        for _ in benchmark.scaledIterations {
            let audience = AdAudience(country: "BR", age: 27, surface: "social_feed", profile: nil)
            blackHole(w.selector.select(for: audience, slots: 3, scratch: &scratch))
        }
    }
    Benchmark("feed: rank 500 candidates for one of 1,000,000 profiles", configuration: config) { benchmark in
        let w = World.shared
        let ranker = FeedRanker(taxonomy: w.taxonomy, sensitiveMap: w.sensitiveMap)
        var rng = SplitMix(seed: 9)
        for _ in benchmark.scaledIterations {
            let n = Int(rng.next() % UInt64(World.profilesPerWorld))
            blackHole(ranker.rank(w.feed, profile: w.profile(n), strict: false, now: w.now, limit: 20))
        }
    }
}
