import EarshotCore
import EarshotEngine
import EarshotStore
import Foundation
import Testing

@Suite struct PipelineTests {
    @Test func hikingChatFromALinkedUSAdultYieldsOutdoorInterestsAndOutdoorAdsFirst() async throws {
        let w = try TestWorld()
        try await w.seed()
        let report = try await w.engine.ingest([TestWorld.event("h1", account: "ava-assistant")])
        #expect(report.recorded == 1)
        #expect(report.outcomes[0].signals > 0)
        let profile = try await w.engine.profile("ava")
        let tier1s = Set(profile.interests.compactMap { TestWorld.classifier.taxonomy.node($0.evidence.topicID)?.tier1ID })
        #expect(tier1s.contains("653"))  // Travel
        #expect(profile.interests.allSatisfy { $0.evidence.surfaces == ["assistant"] })
        let ads = try await w.engine.ads(for: "ava", surface: "social_feed", slots: 3)
        #expect(ads.targeted)
        let outdoor: Set<CampaignID> = ["trail-boots", "tent-sale", "park-pass"]
        #expect(outdoor.contains(try #require(ads.ads.first).campaignID))
        #expect(ads.ads[0].explanation.basis == .aiInterests)
        #expect(!ads.ads[0].explanation.matchedInterests.isEmpty)
        #expect(ads.ads[0].explanation.summary.contains("AI assistant"))
        #expect(!ads.ads[0].explanation.summary.contains("hiking boots and a light tent"))  // never text
    }

    /// The same hiking message yields no signal for each of these, with the named rule.
    @Test(arguments: [
        ("lukas-assistant", TestWorld.hiking, RuleID.jurisdiction),
        ("maya-assistant", TestWorld.hiking, .adult),
        ("sam-glasses", TestWorld.hiking, .knownPerson),
        ("ava-assistant", "My doctor just diagnosed me with type 2 diabetes and I'm scared.", .sensitiveTopic),
    ])
    func deniedCasesStoreNoSignalAndRecordTheReason(_ account: String, _ text: String, _ rule: RuleID) async throws {
        let w = try TestWorld()
        try await w.seed()
        let report = try await w.engine.ingest([TestWorld.event("x1", account: account, text: text, surface: account.hasSuffix("glasses") ? "glasses" : "assistant")])
        #expect(report.recorded == 1)
        #expect(report.outcomes[0].signals == 0)
        #expect(report.outcomes[0].deniedBy.contains(rule.rawValue))
        let explanation = try await w.engine.explainEvent("x1")
        #expect(explanation.signalsStored == 0)
        #expect(explanation.decisions.flatMap(\.denials).map(\.rule).contains(rule))
        if let person = explanation.personID {
            #expect(try await w.store.signals(of: person, topics: nil).isEmpty)
        }
    }

    @Test func replayingAnEventChangesNothing() async throws {
        let w = try TestWorld()
        try await w.seed()
        let events = [TestWorld.event("r1", account: "ava-assistant"), TestWorld.event("r1", account: "ava-assistant")]
        let first = try await w.engine.ingest(events)
        #expect(first.recorded == 1 && first.duplicates == 1)
        let before = try await w.engine.profile("ava")
        let again = try await w.engine.ingest(events)
        #expect(again.recorded == 0 && again.duplicates == 2)
        #expect(try await w.engine.profile("ava") == before)
    }

    @Test func unknownAccountsAndNonAISurfacesAreRejectedWithTheirField() async throws {
        let w = try TestWorld()
        try await w.seed()
        let report = try await w.engine.ingest([
            TestWorld.event("u1", account: "nobody"), TestWorld.event("u2", account: "ava-assistant", surface: "social_feed"),
            TestWorld.event("u3", account: "ava-assistant"),
        ])
        #expect(report.recorded == 1)
        #expect(report.rejected.map(\.field) == ["accountId", "surface"])
        #expect(report.rejected.map(\.index) == [0, 1])
    }

    @Test func forgetLeavesNoRowThatNamesThePerson() async throws {
        let store = try SQLiteStore()
        let w = try TestWorld(store: store)
        try await w.seed()
        _ = try await w.engine.ingest([TestWorld.event("f1", account: "ava-assistant"),
                                       TestWorld.event("f2", account: "ava-glasses", surface: "glasses")])
        let report = try await w.engine.forget("ava")
        #expect(report.people == 1 && report.events == 2 && report.accounts == 4)
        let values = try await store.allTextValues()
        #expect(!values.contains { $0.hasPrefix("ava") || $0 == "f1" || $0 == "f2" })
        await #expect(throws: EngineError.unknownPerson("ava")) { try await w.engine.profile("ava") }
    }

    @Test func teensGetAStrictFeedAndContextualAds() async throws {
        let w = try TestWorld()
        try await w.seed()
        let feed = try await w.engine.feed(for: "maya", limit: 30)
        #expect(feed.strict)
        let hidden: Set<FeedItemID> = ["post-dating", "post-clinic", "post-election", "post-cocktail"]
        #expect(feed.items.allSatisfy { !hidden.contains($0.item.id) })
        let ads = try await w.engine.ads(for: "maya", surface: "social_feed")
        #expect(!ads.targeted)
        #expect(ads.ads.isEmpty)  // every demo campaign is 18+
    }

    @Test func campaignsTargetingSensitiveNodesAreRejected() async throws {
        let w = try TestWorld()
        let bad = Campaign(id: "rx", advertiserID: "pharma", advertiserName: "Pharma", creative: Creative(headline: "", body: "", url: ""),
                           targetTopics: ["301"], bidCPM: 3)
        await #expect(throws: EngineError.self) { try await w.engine.upsertCampaigns([bad]) }
        #expect(try await w.engine.campaigns().isEmpty)
    }

    @Test func frequencyCapsStopACampaignAndImpressionsExplainThemselves() async throws {
        let w = try TestWorld()
        try await w.seed()
        var boots = try #require(try await w.engine.campaigns().first { $0.id == "trail-boots" })
        boots.capPerDay = 2
        try await w.engine.upsertCampaigns([boots])
        _ = try await w.engine.ingest([TestWorld.event("c1", account: "ava-assistant")])
        var shown: [Bool] = []
        var firstImpression: ImpressionID?
        for _ in 0..<3 {
            let r = try await w.engine.ads(for: "ava", surface: "social_feed", slots: 3)
            let ad = r.ads.first { $0.campaignID == "trail-boots" }
            shown.append(ad != nil)
            if firstImpression == nil { firstImpression = ad?.impressionID }
        }
        #expect(shown == [true, true, false])
        let impression = try await w.engine.impression(try #require(firstImpression))
        #expect(impression.campaignID == "trail-boots" && impression.personID == "ava")
        #expect(impression.explanation.basis == .aiInterests && !impression.explanation.matchedInterests.isEmpty)
        try await w.engine.recordClick(impression.id)
        #expect(try await w.engine.impression(impression.id).clicked)
        await #expect(throws: EngineError.unknownImpression("nope")) { try await w.engine.impression("nope") }
    }

    @Test func dailyBudgetsArePacedAcrossTheDay() async throws {
        let w = try TestWorld()
        try await w.seed()
        var boots = try #require(try await w.engine.campaigns().first { $0.id == "trail-boots" })
        boots.dailyBudget = 0.01  // two or so impressions at this hour of the day
        try await w.engine.upsertCampaigns([boots])
        _ = try await w.engine.ingest([TestWorld.event("b1", account: "ava-assistant")])
        var shown: [Bool] = []
        for _ in 0..<6 {
            shown.append(try await w.engine.ads(for: "ava", surface: "social_feed", slots: 3).ads.contains { $0.campaignID == "trail-boots" })
        }
        #expect(shown.first == true)
        #expect(shown.last == false)
        #expect(shown.filter { $0 }.count < 6)
    }

    @Test func reachEstimatesCountOnlyTargetablePeopleAndHideSmallNumbers() async throws {
        let w = try TestWorld()
        try await w.seed()
        _ = try await w.engine.ingest([TestWorld.event("r1", account: "ava-assistant"), TestWorld.event("r2", account: "lukas-assistant"),
                                       TestWorld.event("r3", account: "maya-assistant")])
        let draft = try #require(try await w.engine.campaigns().first { $0.id == "trail-boots" })
        #expect(try await w.engine.reachEstimate(draft, k: 1).estimate == 1)  // Ava; not Lukas (DE) nor Maya (15)
        #expect(try await w.engine.reachEstimate(draft).estimate == nil)  // fewer than 100
        var bad = draft
        bad.targetTopics = ["301"]
        await #expect(throws: EngineError.self) { try await w.engine.reachEstimate(bad) }
    }
}
