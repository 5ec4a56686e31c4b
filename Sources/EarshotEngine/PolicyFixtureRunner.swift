import EarshotCore
import EarshotStore
import Foundation

/// Runs policy fixtures through the engine and reports every failed expectation.
public struct PolicyFixtureRunner: Sendable {
    public let classifier: Classifier

    public init(classifier: Classifier) { self.classifier = classifier }

    /// The failures of one fixture; empty when it passes.
    public func run(_ f: PolicyFixture) async throws -> [String] {
        let clock = ManualClock(f.now)
        var config = EngineConfiguration()
        config.now = { clock.now }
        if let p = f.policy { config.policy = p }
        let store = MemoryStore()
        let engine = try Engine(store: store, classifier: classifier, configuration: config)
        try await engine.upsertPeople(f.people)
        try await engine.upsertAccounts(f.accounts)
        if let c = f.campaigns { try await engine.upsertCampaigns(c) }
        var failures: [String] = []

        for (n, step) in f.steps.enumerated() {
            let place = "step \(n + 1) (\(step.do.rawValue))"
            func fail(_ message: String) { failures.append("\(place): \(message)") }
            func need<T>(_ value: T?, _ name: String) throws -> T {
                guard let value else { throw FixtureError("\(place): missing '\(name)'") }
                return value
            }
            let expect = step.expect
            do {
                switch step.do {
                case .ingest:
                    let report = try await engine.ingest(try need(step.events, "events"))
                    for (id, e) in expect?.events ?? [:] {
                        if let field = e.rejectedField {
                            if !report.rejected.contains(where: { $0.eventID == id && $0.field == field }) {
                                fail("event \(id) should be rejected on \(field)")
                            }
                            continue
                        }
                        guard let o = report.outcomes.first(where: { $0.eventID.rawValue == id }) else { fail("no outcome for event \(id)"); continue }
                        if let d = e.duplicate, d != (o.status == .duplicate) { fail("event \(id) duplicate should be \(d)") }
                        if let s = e.signals, s != o.signals { fail("event \(id) signals \(o.signals), expected \(s)") }
                        if let s = e.minSignals, o.signals < s { fail("event \(id) signals \(o.signals), expected at least \(s)") }
                        for r in e.denied ?? [] where !o.deniedBy.contains(r.rawValue) {
                            fail("event \(id) should be denied by \(r.rawValue); denied by \(o.deniedBy)")
                        }
                        if let r = e.remaining {
                            let left = await store.signalCount(ofEvent: EventID(id))
                            if left != r { fail("event \(id) has \(left) signals left, expected \(r)") }
                        }
                    }
                case .explain:
                    for (id, e) in expect?.events ?? [:] {
                        let x = try await engine.explainEvent(EventID(id))
                        if let r = e.remaining, r != x.signalsRemaining { fail("event \(id) has \(x.signalsRemaining) signals left, expected \(r)") }
                        if let s = e.signals, s != x.signalsStored { fail("event \(id) stored \(x.signalsStored), expected \(s)") }
                        for r in e.denied ?? [] where !x.decisions.flatMap(\.denials).contains(where: { $0.rule == r }) {
                            fail("event \(id) should record a denial by \(r.rawValue)")
                        }
                    }
                case .decide:
                    let person = try await engine.person(try need(step.person, "person"))
                    let accounts = await store.accounts(of: person.id)
                    let ctx = PolicyContext(person: person, targetSurface: step.surface, linkedProducts: Set(accounts.map(\.product)),
                                            now: clock.now)
                    let d = engine.policy.decide(try need(step.activity, "activity"), ctx)
                    check(d, expect, fail)
                case .updatePerson: try await engine.upsertPeople([try need(step.update, "update")])
                case .settings: _ = try await engine.updateSettings(try need(step.person, "person"), try need(step.change, "change"))
                case .unlink, .link:
                    guard var a = try await store.account(need(step.account, "account")) else { throw FixtureError("\(place): unknown account") }
                    a.personID = step.do == .unlink ? nil : try need(step.person, "person")
                    try await engine.upsertAccounts([a])
                case .advance: clock.advance(days: try need(step.days, "days"))
                case .purge: _ = try await engine.purgeExpired()
                case .removeInterest: _ = try await engine.removeInterest(try need(step.person, "person"), topic: try need(step.topic, "topic"))
                case .seeLess: try await engine.seeLess(try need(step.person, "person"), topic: try need(step.topic, "topic"))
                case .notice: _ = try await engine.recordNotice(try need(step.person, "person"), version: step.version ?? "v1")
                case .requestApproval: _ = try await engine.requestLooserContent(try need(step.person, "person"))
                case .decideApproval:
                    let parent = try need(step.person, "person")
                    guard let request = try await engine.approvals(parent).first(where: { $0.parentID == parent && $0.status == .pending }) else {
                        throw FixtureError("\(place): no pending request for \(parent)")
                    }
                    _ = try await engine.decideApproval(request.id, by: parent, approve: step.approve ?? false)
                case .profile:
                    let view = try await engine.profile(try need(step.person, "person"))
                    let tier1s = Set(view.interests.compactMap { classifier.taxonomy.node($0.evidence.topicID)?.tier1ID })
                    if let e = expect?.empty, e != view.interests.isEmpty { fail("profile empty should be \(e); has \(tier1s.sorted())") }
                    for t in expect?.hasTier1 ?? [] where !tier1s.contains(t) { fail("profile lacks tier-1 \(t); has \(tier1s.sorted())") }
                    for t in expect?.lacksTier1 ?? [] where tier1s.contains(t) { fail("profile should not have tier-1 \(t)") }
                    let ids = Set(view.interests.map(\.evidence.topicID))
                    for t in expect?.lacksTopics ?? [] where ids.contains(t) { fail("profile should not have topic \(t)") }
                case .ads:
                    let r = try await engine.ads(for: try need(step.person, "person"), surface: step.surface ?? "social_feed", slots: 3)
                    check(r.decision, expect, fail)
                    if let t = expect?.targeted, t != r.targeted { fail("targeted is \(r.targeted), expected \(t)") }
                    let ids = r.ads.map(\.campaignID)
                    for c in expect?.includes ?? [] where !ids.contains(c) { fail("ads \(ids) should include \(c)") }
                    for c in expect?.excludes ?? [] where ids.contains(c) { fail("ads \(ids) should not include \(c)") }
                    if let c = expect?.first, ids.first != c { fail("first ad is \(ids.first?.rawValue ?? "none"), expected \(c)") }
                case .feed:
                    let r = try await engine.feed(for: try need(step.person, "person"), surface: step.surface ?? "social_feed", limit: 20)
                    check(r.decision, expect, fail)
                    if let s = expect?.strict, s != r.strict { fail("strict is \(r.strict), expected \(s)") }
                }
                if let field = expect?.errorField { fail("expected an error on \(field), but the step succeeded") }
            } catch let e as EngineError {
                if let field = expect?.errorField {
                    if e.field != field { fail("error on \(e.field ?? "?"), expected \(field)") }
                } else {
                    fail("unexpected error: \(e)")
                }
            }
        }
        return failures
    }

    private func check(_ d: Decision, _ expect: PolicyFixture.Expectation?, _ fail: (String) -> Void) {
        if let a = expect?.allowed, a != d.allowed {
            fail("\(d.activity.rawValue) allowed is \(d.allowed), expected \(a); denials \(d.denials.map(\.rule.rawValue))")
        }
        for r in expect?.denied ?? [] where !d.denials.contains(where: { $0.rule == r }) {
            fail("\(d.activity.rawValue) should be denied by \(r.rawValue); denied by \(d.denials.map(\.rule.rawValue))")
        }
    }

    /// Loads every `*.json` fixture in a folder, sorted by name.
    public static func load(folder: URL) throws -> [(file: String, fixture: PolicyFixture)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            do { return (name, try JSONCoding.decoder().decode(PolicyFixture.self, from: data)) } catch {
                let (field, message) = JSONCoding.describe(error)
                throw FixtureError("\(name): \(field) \(message)")
            }
        }
    }
}

/// A fixture that cannot be read or run.
public struct FixtureError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ d: String) { description = d }
}
