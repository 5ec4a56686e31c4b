import EarshotCore
import EarshotResources
import Foundation
import Testing

@Suite struct PolicyEngineTests {
    let engine = try! PolicyEngine()
    let now = Date.day("2026-06-01")
    let notice = PersonSettings(noticeVersion: "2025-12", noticeSentAt: .day("2025-12-01"))

    func person(_ country: String = "US", born: String? = "1990-01-01", settings: PersonSettings? = nil) -> Person {
        Person(id: "p", country: country, birthDate: born.flatMap(Day.init), settings: settings ?? notice)
    }

    func derive(_ p: Person?, linked: Bool = true, at time: Date? = nil) -> Decision {
        let account = Account(id: "a", product: "assistant", personID: linked ? "p" : nil)
        return engine.decide(.deriveInterests, PolicyContext(person: p, account: account, eventTime: time ?? now,
                                                             eventSurfaceClass: .chat, now: now))
    }

    func denied(_ d: Decision) -> Set<RuleID> { Set(d.denials.map(\.rule)) }

    @Test func linkedUSAdultWithNoticeIsAllowed() {
        let d = derive(person())
        #expect(d.allowed)
        #expect(d.rules.count == 9)
    }

    @Test(arguments: PolicyConfig.reportedExclusions)
    func excludedJurisdictionsDeriveNothing(_ country: String) {
        let d = derive(person(country))
        #expect(!d.allowed)
        #expect(denied(d) == [.jurisdiction])
    }

    @Test func excludedListHasEUEEAUKAndKorea() {
        #expect(PolicyConfig.reportedExclusions.count == 32)  // 27 EU + IS, LI, NO + GB + KR
        #expect(Set(PolicyConfig.reportedExclusions).count == 32)
    }

    @Test func minorsUnlinkedAccountsAndEarlyEventsAreDenied() {
        #expect(denied(derive(person(born: "2011-02-20"))) == [.adult])
        #expect(denied(derive(person(), linked: false)) == [.knownPerson])
        #expect(denied(derive(person(), at: .day("2025-12-15"))).contains(.effectiveDate))
    }

    @Test func missingFactsDeny() {
        #expect(denied(derive(person(born: nil))) == [.adult])
        #expect(!derive(nil).allowed)
        #expect(denied(derive(person(settings: PersonSettings()))) == [.notice])
    }

    @Test func optOutAndGPCDeny() {
        #expect(denied(derive(person(settings: PersonSettings(aiAdsOptOut: true, noticeSentAt: .day("2025-12-01"))))) == [.optOut])
        #expect(denied(derive(person(settings: PersonSettings(globalPrivacyControl: true, noticeSentAt: .day("2025-12-01"))))) == [.globalPrivacyControl])
    }

    @Test func turningEighteenCountsFromTheBirthday() {
        let p = person(born: "2008-06-01")
        #expect(!derive(p, at: .day("2026-05-31")).allowed)
        #expect(derive(p, at: .day("2026-06-01")).allowed)
    }

    @Test func sensitiveOrCrisisMessagesStoreNoSignal() {
        let sensitive = Classification(topics: [], sensitive: [.health], crisis: false)
        let d = engine.decide(.storeSignal, PolicyContext(classification: sensitive, now: now))
        #expect(!d.allowed && denied(d) == [.sensitiveTopic])
        #expect(d.denials[0].reason.contains("health"))
        let crisis = Classification(topics: [], sensitive: [], crisis: true)
        #expect(denied(engine.decide(.storeSignal, PolicyContext(classification: crisis, now: now))) == [.crisis])
        #expect(!engine.decide(.storeSignal, PolicyContext(now: now)).allowed)  // not screened: deny
    }

    @Test func adsNeedALinkedAccountOnTheTargetSurface() {
        let ctx = PolicyContext(person: person(), targetSurface: "social_feed", linkedProducts: ["assistant"], now: now)
        #expect(denied(engine.decide(.targetAds, ctx)) == [.linkedSurface])
        var linked = ctx
        linked.linkedProducts.insert("social_feed")
        #expect(engine.decide(.targetAds, linked).allowed)
    }

    @Test func switchedOffSurfacesDeriveNothing() {
        let p = person(settings: PersonSettings(noticeSentAt: .day("2025-12-01"), surfacesOff: [.glasses]))
        let account = Account(id: "a", product: "glasses", personID: "p")
        let glasses = engine.decide(.deriveInterests, PolicyContext(person: p, account: account, eventTime: now,
                                                                    eventSurfaceClass: .glasses, now: now))
        #expect(denied(glasses) == [.surfaceConsent])
        let chat = engine.decide(.deriveInterests, PolicyContext(person: p, account: account, eventTime: now,
                                                                 eventSurfaceClass: .chat, now: now))
        #expect(chat.allowed)
    }

    @Test func teenContentLevelsAndParentLocks() {
        let day = Day("2026-06-01")!
        let fifteen = person(born: "2011-01-01")
        #expect(engine.contentLevel(for: fifteen, on: day).level == .strict)
        #expect(engine.contentLevel(for: fifteen, on: day).lockedForPerson)
        let seventeen = person(born: "2009-01-01")
        #expect(engine.contentLevel(for: seventeen, on: day).level == .strict)
        #expect(!engine.contentLevel(for: seventeen, on: day).lockedForPerson)
        #expect(engine.contentLevel(for: person(born: nil), on: day).level == .strict)
        #expect(engine.contentLevel(for: person(), on: day).level == .standard)
        #expect(engine.blockedAdCategories(for: seventeen, on: day) == Set(RestrictedAdCategory.allCases))
        #expect(engine.blockedAdCategories(for: person(), on: day).isEmpty)
    }

    @Test func removedInterestsAndSensitiveNodesNeverBecomeSignals() {
        let p = person(settings: PersonSettings(noticeSentAt: .day("2025-12-01"), removedTopics: ["653"]))
        let topics = [TopicScore(id: "668", score: 0.9), TopicScore(id: "301", score: 0.9), TopicScore(id: "630", score: 0.8)]
        let r = engine.eligibleTopics(topics, person: p, taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap)
        #expect(r.kept.map(\.id) == ["630"])
        #expect(r.dropped.map(\.0) == ["668", "301"])
    }

    @Test func activitiesWithoutRulesAreDeniedByDefault() throws {
        var config = PolicyConfig.standard
        config.activities[.discloseSegment] = nil
        let e = try PolicyEngine(config: config)
        #expect(!e.decide(.discloseSegment, PolicyContext(person: person(), now: now)).allowed)
    }

    @Test func validationReportsEveryProblemAtOnce() {
        var config = PolicyConfig.standard
        config.excludedCountries.append("germany")
        config.adultAge = 5
        config.retentionDays = 0
        config.activities[.targetAds] = [.adult]
        do {
            _ = try PolicyEngine(config: config)
            Issue.record("expected a validation error")
        } catch let e as PolicyConfig.ValidationError {
            // The four fields, plus parentApprovalAge (16), which no longer fits under adultAge 5.
            #expect(e.problems.count == 5)
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func operatorsCanExcludeMoreCountries() throws {
        var config = PolicyConfig.standard
        config.excludedCountries.append("CH")
        let e = try PolicyEngine(config: config)
        let account = Account(id: "a", product: "assistant", personID: "p")
        #expect(!e.decide(.deriveInterests, PolicyContext(person: person("CH"), account: account, eventTime: now,
                                                          eventSurfaceClass: .chat, now: now)).allowed)
    }
}

@Suite struct ShippedPolicyTests {
    @Test func shippedPolicyFileIsTheStandardPolicy() throws {
        let url = EarshotResources.ShippedData.resourceRoot.appendingPathComponent("policy/default-policy.json")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let shipped = try decoder.decode(PolicyConfig.self, from: Data(contentsOf: url))
        #expect(shipped == PolicyConfig.standard)
    }
}

@Suite struct PolicySchemaTests {
    /// The schema lists exactly the rules and activities the engine knows.
    @Test func schemaNamesEveryRuleAndActivity() throws {
        let url = EarshotResources.ShippedData.resourceRoot.appendingPathComponent("policy/policy.schema.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let activities = try #require(((schema["properties"] as? [String: Any])?["activities"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Set(activities.keys) == Set(Activity.allCases.map(\.rawValue)))
        for (_, value) in activities {
            let items = try #require((value as? [String: Any])?["items"] as? [String: Any])
            #expect(Set(items["enum"] as? [String] ?? []) == Set(RuleID.allCases.map(\.rawValue)))
        }
    }
}
