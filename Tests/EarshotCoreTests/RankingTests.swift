import EarshotCore
import Foundation
import Testing

@Suite struct ProfileTests {
    let halfLife: TimeInterval = 30 * 86_400

    @Test func scoresHalveEveryHalfLife() {
        var a = ProfileAggregate(topicID: "653", score: 0, anchor: .day("2026-01-01"), lastSeen: .day("2026-01-01"), signalCount: 0)
        a.add(score: 0.8, at: .day("2026-01-01"), halfLife: halfLife)
        #expect(abs(a.score(at: .day("2026-01-31"), halfLife: halfLife) - 0.4) < 1e-9)
        #expect(abs(a.score(at: .day("2026-03-02"), halfLife: halfLife) - 0.2) < 1e-9)
    }

    @Test func addingAndRemovingIsOrderIndependent() {
        var a = ProfileAggregate(topicID: "653", score: 0, anchor: .day("2026-01-01"), lastSeen: .day("2026-01-01"), signalCount: 0)
        a.add(score: 0.5, at: .day("2026-01-10"), halfLife: halfLife)
        a.add(score: 0.7, at: .day("2026-01-05"), halfLife: halfLife)  // arrives late
        let expected = 0.5 + 0.7 * exp2(-5.0 / 30)
        #expect(abs(a.score(at: .day("2026-01-10"), halfLife: halfLife) - expected) < 1e-9)
        a.remove(score: 0.7, at: .day("2026-01-05"), halfLife: halfLife)
        #expect(abs(a.score(at: .day("2026-01-10"), halfLife: halfLife) - 0.5) < 1e-9)
        #expect(a.signalCount == 1)
    }
}

@Suite struct AdSelectorTests {
    let taxonomy = Shipped.taxonomy
    let map = Shipped.sensitiveMap

    func campaign(_ id: String, _ adv: String, _ topics: [TopicID], bid: Double, countries: [String] = [],
                  minAge: Int = 18, surfaces: [Surface] = []) -> Campaign {
        Campaign(id: CampaignID(id), advertiserID: AdvertiserID(adv), advertiserName: adv,
                 creative: Creative(headline: id, body: "", url: "https://example.com"), targetTopics: topics,
                 countries: countries, minAge: minAge, surfaces: surfaces, bidCPM: bid)
    }

    func profile(_ scores: [TopicID: Double]) -> Profile {
        let now = Date.day("2026-02-01")
        return Profile(personID: "p", aggregates: scores.map {
            ProfileAggregate(topicID: $0.key, score: $0.value, anchor: now, lastSeen: now, signalCount: 1)
        }, asOf: now, halfLife: 86_400 * 30, taxonomy: taxonomy, sensitiveMap: map)
    }

    @Test func parentTargetsMatchDescendantInterestsAndBidTimesRelevanceRanks() {
        let selector = AdSelector(campaigns: [
            campaign("travel", "a", ["653"], bid: 5),  // matches Hotels via parent
            campaign("cars", "b", ["1"], bid: 20),  // no interest
            campaign("hotels", "c", ["668"], bid: 4),
        ], taxonomy: taxonomy, sensitiveMap: map)
        let ads = selector.select(for: AdAudience(country: "US", age: 30, surface: "social_feed",
                                                  profile: profile(["668": 0.9])), slots: 3)
        #expect(ads.map(\.campaignID) == ["travel", "hotels"])
        #expect(ads[0].priceCPM <= 5 && ads[0].priceCPM >= 4)  // second price, not its own bid
        #expect(ads[0].explanation.basis == .aiInterests)
    }

    @Test func oneAdPerAdvertiserAndTargetingFilters() {
        let selector = AdSelector(campaigns: [
            campaign("a1", "same", ["653"], bid: 9), campaign("a2", "same", ["668"], bid: 8),
            campaign("br-only", "x", ["653"], bid: 7, countries: ["BR"]),
            campaign("over-40", "y", ["653"], bid: 7, minAge: 40),
            campaign("photo-only", "z", ["653"], bid: 7, surfaces: ["photo_feed"]),
        ], taxonomy: taxonomy, sensitiveMap: map)
        let ads = selector.select(for: AdAudience(country: "US", age: 30, surface: "social_feed",
                                                  profile: profile(["668": 0.9])), slots: 5)
        #expect(ads.map(\.campaignID) == ["a1"])
    }

    @Test func sensitiveInterestsNeverMatchAndContextualFallbackSaysWhy() {
        let selector = AdSelector(campaigns: [campaign("pharma", "p", ["286"], bid: 50), campaign("t", "t", ["653"], bid: 1)],
                                  taxonomy: taxonomy, sensitiveMap: map)
        let targeted = selector.select(for: AdAudience(country: "US", age: 30, surface: "social_feed",
                                                       profile: profile(["301": 1.0])), slots: 3)
        #expect(targeted.isEmpty)
        let contextual = selector.select(for: AdAudience(country: "US", age: 30, surface: "social_feed", profile: nil),
                                         slots: 1, policyReasons: ["residents of DE are excluded"])
        #expect(contextual.first?.explanation.basis == .contextual)
        #expect(contextual.first?.explanation.policyReasons == ["residents of DE are excluded"])
    }

    @Test func seeLessCutsRelevance() {
        let selector = AdSelector(campaigns: [campaign("hotels", "c", ["668"], bid: 4), campaign("flights", "d", ["672"], bid: 4)],
                                  taxonomy: taxonomy, sensitiveMap: map)
        let p = profile(["668": 0.9, "672": 0.5])
        let normal = selector.select(for: AdAudience(country: "US", age: 30, surface: "social_feed", profile: p), slots: 2)
        #expect(normal.first?.campaignID == "hotels")
        let less = selector.select(for: AdAudience(country: "US", age: 30, surface: "social_feed", profile: p,
                                                   seeLess: ["668": 0.25]), slots: 2)
        #expect(less.first?.campaignID == "flights")
    }

    @Test func campaignRulesRejectSensitiveProxyAndMinorTargeting() {
        let rules = CampaignRules(taxonomy: taxonomy, sensitiveMap: map, catalog: .standard)
        #expect(throws: Never.self) { try rules.validate(campaign("ok", "a", ["653"], bid: 1)) }
        for bad in [campaign("h", "a", ["301"], bid: 1), campaign("p", "a", ["214"], bid: 1),
                    campaign("m", "a", ["653"], bid: 1, minAge: 13), campaign("u", "a", ["nope"], bid: 1),
                    campaign("s", "a", ["653"], bid: 1, surfaces: ["assistant"])] {
            #expect(throws: CampaignRules.Violation.self) { try rules.validate(bad) }
        }
    }
}

@Suite struct FeedRankerTests {
    let ranker = FeedRanker(taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap)
    let now = Date.day("2026-02-01")

    func item(_ id: String, _ topics: [TopicID], author: String = "x", hours: Double = 1) -> FeedItem {
        FeedItem(id: FeedItemID(id), kind: .post, title: id, author: author, topics: topics,
                 publishedAt: now.addingTimeInterval(-hours * 3600))
    }

    @Test func interestsRankFirstAndStrictModeHidesSensitiveAndProxyItems() {
        let p = Profile(personID: "p", aggregates: [ProfileAggregate(topicID: "160", score: 1, anchor: now, lastSeen: now, signalCount: 1)],
                        asOf: now, halfLife: 86_400 * 30, taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap)
        let items = [item("park", ["160"], hours: 30), item("news", ["387"]), item("date", ["188"]), item("cats", ["424"], author: "y")]
        let open = ranker.rank(items, profile: p, strict: false, now: now, limit: 10)
        #expect(open.first?.item.id == "park")
        #expect(open.count == 4)
        let strict = ranker.rank(items, profile: p, strict: true, now: now, limit: 10)
        #expect(Set(strict.map(\.item.id)) == ["park", "cats"])
    }

    @Test func diversityAvoidsTheSameAuthorTwiceInARow() {
        let items = [item("a1", ["424"], author: "a", hours: 1), item("a2", ["424"], author: "a", hours: 1.1),
                     item("b1", ["425"], author: "b", hours: 5)]
        let ranked = ranker.rank(items, profile: nil, strict: false, now: now, limit: 3)
        #expect(ranked.map(\.item.id) == ["a1", "b1", "a2"])
    }
}

@Suite struct CampaignReportTests {
    func impressions(_ people: Range<Int>, topic: TopicID, surface: Surface = "assistant", clicked: Bool = false) -> [Impression] {
        people.map { n in
            let evidence = InterestEvidence(topicID: topic, name: "t", score: 1, surfaces: [surface], firstSeen: .day("2026-01-01"),
                                            lastSeen: .day("2026-01-01"), eventCount: 1)
            return Impression(id: ImpressionID("i-\(topic)-\(n)"), personID: PersonID("p\(n)"), campaignID: "c", advertiserID: "a",
                              surface: "social_feed", time: .day("2026-01-02"), priceCPM: 2,
                              explanation: Explanation(basis: .aiInterests, matchedInterests: [evidence], summary: "", policyReasons: [],
                                                       howToChange: ""), clicked: clicked)
        }
    }

    @Test func smallCellsAndTheirComplementsAreSuppressed() {
        let list = impressions(0..<200, topic: "653") + impressions(200..<240, topic: "483", surface: "glasses")
            + impressions(240..<390, topic: "210", clicked: true)
        let r = CampaignReport(campaignID: "c", impressions: list, k: 100) { ProductCatalog.standard.product($0)?.aiClass }
        #expect(r.reach == 390 && r.impressions == 390 && r.clicks == 150)
        #expect(r.spend == 0.78)
        let cells = Dictionary(uniqueKeysWithValues: r.byTopic.map { ($0.key, $0) })
        #expect(cells["653"]?.reach == 200)
        #expect(cells["483"]?.suppressed == true && cells["483"]?.reach == nil)
        // 483 alone would be total minus the others: the smallest visible cell (210) is hidden too.
        #expect(cells["210"]?.suppressed == true)
        let surfaces = Dictionary(uniqueKeysWithValues: r.bySurfaceClass.map { ($0.key, $0) })
        // Two classes, one under k: showing chat would reveal glasses as total minus chat, so both hide.
        #expect(surfaces["glasses"]?.suppressed == true)
        #expect(surfaces["chat"]?.suppressed == true)
    }

    @Test func campaignsBelowKShowNothing() {
        let r = CampaignReport(campaignID: "c", impressions: impressions(0..<99, topic: "653"), k: 100) { _ in .chat }
        #expect(r.reach == nil && r.impressions == nil && r.spend == nil)
        #expect(r.byTopic.allSatisfy { $0.suppressed })
    }
}

@Suite struct PacingAndScheduleTests {
    @Test func pacingSpreadsTheBudgetOverTheDay() {
        #expect(Pacing.allows(spentToday: 0, dailyBudget: 10, dayFraction: 0))
        #expect(!Pacing.allows(spentToday: 1, dailyBudget: 10, dayFraction: 0.02))  // 1 > 10 × (0.02 + 0.05)
        #expect(Pacing.allows(spentToday: 4.9, dailyBudget: 10, dayFraction: 0.5))
        #expect(!Pacing.allows(spentToday: 10, dailyBudget: 10, dayFraction: 1))
    }

    @Test func schedulesBoundWhenACampaignRuns() {
        var c = Campaign(id: "c", advertiserID: "a", advertiserName: "a", creative: Creative(headline: "", body: "", url: ""),
                         targetTopics: ["653"], bidCPM: 1)
        c.startsAt = .day("2026-03-01")
        c.endsAt = .day("2026-04-01")
        let selector = AdSelector(campaigns: [c], taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap)
        func served(_ day: String) -> Bool {
            var a = AdAudience(country: "US", age: 30, surface: "social_feed", profile: nil)
            a.time = .day(day)
            return !selector.select(for: a, slots: 1).isEmpty
        }
        #expect(!served("2026-02-28"))
        #expect(served("2026-03-15"))
        #expect(!served("2026-04-01"))
    }
}
