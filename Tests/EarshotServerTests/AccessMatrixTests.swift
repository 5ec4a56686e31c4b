import EarshotCore
import EarshotEngine
import EarshotServer
import EarshotStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every API route × every role: the allowed roles succeed, the others get 401 (no credential) or 403,
/// and a refusal looks the same whether the object exists or not.
@Suite struct AccessMatrixTests {
    enum Role: String, CaseIterable, Sendable {
        case anonymous, operatorKey, ingest, exchange, advertiserGear, advertiserOther, ava, lukas, noah
        var token: String? {
            switch self {
            case .anonymous: nil
            case .operatorKey: TestKeys.operatorToken
            case .ingest: TestKeys.ingest
            case .exchange: TestKeys.exchange
            case .advertiserGear: TestKeys.advertiserGear
            case .advertiserOther: TestKeys.advertiserOther
            case .ava: TestKeys.ava
            case .lukas: TestKeys.lukas
            case .noah: TestKeys.noah
            }
        }
    }

    /// A concrete request for a route, who may make it, and the statuses that count as success.
    struct Case: Sendable, CustomTestStringConvertible {
        let method: HTTPRequest.Method
        let route: String
        let uri: String
        /// The same request naming an object that does not exist (for the no-leak check), if the route names one.
        let missingURI: String?
        let body: (@Sendable () -> Any)?
        let allowed: Set<Role>
        var ok: Set<Int> = [200]
        var testDescription: String { "\(method.rawValue) \(route)" }
    }

    static let everyone = Set(Role.allCases)
    static let signedIn = everyone.subtracting([.anonymous])
    static let op: Set<Role> = [.operatorKey]
    static let avaOrOp: Set<Role> = [.operatorKey, .ava]
    static let gearOrOp: Set<Role> = [.operatorKey, .advertiserGear]
    static let advertisers: Set<Role> = [.operatorKey, .advertiserGear, .advertiserOther]

    static func gearCampaign() -> [String: Any] { [
        "id": "gear-new", "advertiserId": "summit-gear", "advertiserName": "Summit Gear",
        "creative": ["headline": "Boots", "body": "", "url": "https://example.com"], "targetTopics": ["159"], "bidCpm": 3,
    ] }

    static let cases: [Case] = [
        Case(method: .get, route: "/healthz", uri: "/healthz", missingURI: nil, body: nil, allowed: everyone),
        Case(method: .get, route: "/readyz", uri: "/readyz", missingURI: nil, body: nil, allowed: everyone),
        Case(method: .get, route: "/metrics", uri: "/metrics", missingURI: nil, body: nil, allowed: everyone),
        Case(method: .get, route: "/v1/people", uri: "/v1/people?limit=2", missingURI: nil, body: nil, allowed: op),
        Case(method: .post, route: "/v1/people", uri: "/v1/people", missingURI: nil,
             body: { ["people": [["id": "zed", "country": "US", "birthDate": "1990-01-01"]]] }, allowed: op),
        Case(method: .get, route: "/v1/people/{id}", uri: "/v1/people/ava", missingURI: "/v1/people/nobody", body: nil, allowed: avaOrOp),
        Case(method: .delete, route: "/v1/people/{id}", uri: "/v1/people/ava", missingURI: "/v1/people/nobody", body: nil, allowed: avaOrOp),
        Case(method: .post, route: "/v1/accounts", uri: "/v1/accounts", missingURI: nil,
             body: { ["accounts": [["id": "zed-a", "product": "assistant", "personId": "ava"]]] }, allowed: op),
        Case(method: .post, route: "/v1/events", uri: "/v1/events", missingURI: nil,
             body: { ["events": [["id": "m1", "accountId": "ava-assistant", "surface": "assistant", "kind": "chat_message",
                                "text": "best pasta in Rome?", "time": "2026-05-27T10:00:00Z"]]] },
             allowed: [.operatorKey, .ingest]),
        Case(method: .get, route: "/v1/events/{id}/explanation", uri: "/v1/events/seed-1/explanation",
             missingURI: "/v1/events/nope/explanation", body: nil, allowed: avaOrOp),
        Case(method: .get, route: "/v1/people/{id}/profile", uri: "/v1/people/ava/profile", missingURI: "/v1/people/nobody/profile",
             body: nil, allowed: avaOrOp),
        Case(method: .get, route: "/v1/people/{id}/ads", uri: "/v1/people/ava/ads", missingURI: "/v1/people/nobody/ads", body: nil, allowed: op),
        Case(method: .get, route: "/v1/people/{id}/feed", uri: "/v1/people/ava/feed", missingURI: "/v1/people/nobody/feed", body: nil, allowed: op),
        Case(method: .post, route: "/v1/maintenance/purge", uri: "/v1/maintenance/purge", missingURI: nil, body: nil, allowed: op),
        Case(method: .patch, route: "/v1/people/{id}/settings", uri: "/v1/people/ava/settings", missingURI: "/v1/people/nobody/settings",
             body: { ["proactiveFollowUps": false] }, allowed: avaOrOp),
        Case(method: .post, route: "/v1/people/{id}/notice", uri: "/v1/people/ava/notice", missingURI: "/v1/people/nobody/notice",
             body: { ["version": "2026-06"] }, allowed: avaOrOp),
        Case(method: .delete, route: "/v1/people/{id}/interests/{topic}", uri: "/v1/people/ava/interests/653",
             missingURI: "/v1/people/nobody/interests/653", body: nil, allowed: avaOrOp),
        Case(method: .post, route: "/v1/people/{id}/interests/{topic}/see-less", uri: "/v1/people/ava/interests/653/see-less",
             missingURI: "/v1/people/nobody/interests/653/see-less", body: nil, allowed: avaOrOp),
        Case(method: .get, route: "/v1/people/{id}/segments", uri: "/v1/people/ava/segments", missingURI: "/v1/people/nobody/segments",
             body: nil, allowed: [.operatorKey, .exchange]),
        Case(method: .get, route: "/v1/people/{id}/export", uri: "/v1/people/ava/export", missingURI: "/v1/people/nobody/export",
             body: nil, allowed: avaOrOp),
        Case(method: .get, route: "/v1/people/{id}/audit", uri: "/v1/people/ava/audit", missingURI: "/v1/people/nobody/audit",
             body: nil, allowed: avaOrOp),
        // A parent sees their linked teen's requests.
        Case(method: .get, route: "/v1/people/{id}/approval-requests", uri: "/v1/people/maya/approval-requests",
             missingURI: "/v1/people/nobody/approval-requests", body: nil, allowed: [.operatorKey, .noah]),
        Case(method: .post, route: "/v1/people/{id}/approval-requests", uri: "/v1/people/ava/approval-requests",
             missingURI: "/v1/people/nobody/approval-requests", body: nil, allowed: avaOrOp, ok: [422]),
        Case(method: .post, route: "/v1/approval-requests/{id}/decision", uri: "/v1/approval-requests/seed-request/decision",
             missingURI: nil, body: { ["parentId": "noah", "approve": true] }, allowed: [.operatorKey, .noah]),
        Case(method: .post, route: "/v1/exchange-users", uri: "/v1/exchange-users", missingURI: nil,
             body: { ["exchangeUsers": [["id": "exch-9", "personId": "ava"]]] }, allowed: op),
        Case(method: .get, route: "/v1/advertisers", uri: "/v1/advertisers", missingURI: nil, body: nil, allowed: advertisers),
        Case(method: .post, route: "/v1/advertisers", uri: "/v1/advertisers", missingURI: nil,
             body: { ["advertisers": [["id": "acme", "name": "Acme"]]] }, allowed: op),
        Case(method: .get, route: "/v1/advertisers/{id}", uri: "/v1/advertisers/summit-gear", missingURI: "/v1/advertisers/nobody-here",
             body: nil, allowed: gearOrOp),
        Case(method: .get, route: "/v1/campaigns", uri: "/v1/campaigns", missingURI: nil, body: nil, allowed: advertisers),
        Case(method: .post, route: "/v1/campaigns", uri: "/v1/campaigns", missingURI: nil, body: { ["campaigns": [gearCampaign()]] },
             allowed: gearOrOp),
        Case(method: .post, route: "/v1/campaigns/reach-estimate", uri: "/v1/campaigns/reach-estimate", missingURI: nil,
             body: { gearCampaign() }, allowed: gearOrOp),
        Case(method: .get, route: "/v1/campaigns/{id}", uri: "/v1/campaigns/trail-boots", missingURI: "/v1/campaigns/nope",
             body: nil, allowed: gearOrOp),
        Case(method: .delete, route: "/v1/campaigns/{id}", uri: "/v1/campaigns/trail-boots", missingURI: "/v1/campaigns/nope",
             body: nil, allowed: gearOrOp),
        Case(method: .get, route: "/v1/campaigns/{id}/report", uri: "/v1/campaigns/trail-boots/report", missingURI: "/v1/campaigns/nope/report",
             body: nil, allowed: gearOrOp),
        Case(method: .get, route: "/v1/impressions/{id}/explanation", uri: "/v1/impressions/IMPRESSION/explanation",
             missingURI: "/v1/impressions/nope/explanation", body: nil, allowed: avaOrOp),
        Case(method: .post, route: "/v1/impressions/{id}/click", uri: "/v1/impressions/IMPRESSION/click", missingURI: nil, body: nil,
             allowed: [.operatorKey, .ingest]),
        Case(method: .get, route: "/v1/feed-items", uri: "/v1/feed-items", missingURI: nil, body: nil, allowed: op),
        Case(method: .post, route: "/v1/feed-items", uri: "/v1/feed-items", missingURI: nil,
             body: { ["items": [["id": "n1", "kind": "post", "title": "t", "author": "a", "topics": ["159"],
                               "publishedAt": "2026-05-27T10:00:00Z"]]] }, allowed: op),
        Case(method: .get, route: "/v1/keys", uri: "/v1/keys", missingURI: nil, body: nil, allowed: op),
        Case(method: .post, route: "/v1/keys", uri: "/v1/keys", missingURI: nil, body: { ["scopes": ["ingest"], "label": "x"] },
             allowed: op, ok: [201]),
        Case(method: .delete, route: "/v1/keys/{id}", uri: "/v1/keys/000000000099", missingURI: "/v1/keys/ffffffffffff", body: nil,
             allowed: op),
        Case(method: .post, route: "/v1/sessions", uri: "/v1/sessions", missingURI: nil, body: { ["scope": "person:ava"] },
             allowed: op, ok: [201]),
        Case(method: .delete, route: "/v1/sessions/current", uri: "/v1/sessions/current", missingURI: nil, body: nil,
             allowed: signedIn, ok: [200, 400]),
        Case(method: .post, route: "/openrtb2/enrich", uri: "/openrtb2/enrich", missingURI: nil,
             body: { ["id": "r1", "imp": [["id": "1"]], "user": ["id": "ava"]] }, allowed: [.operatorKey, .exchange]),
    ]

    @Test func everyAPIRouteIsInTheMatrix() throws {
        let w = try TestWorld()
        let api = RouteCatalog.all(engine: w.engine).filter { !$0.path.hasPrefix("center") }
        let covered = Set(Self.cases.map { "\($0.method.rawValue) \($0.route)" })
        let registered = Set(api.map { "\($0.method) \($0.openAPIPath)" })
        #expect(registered == covered)
    }

    @Test(arguments: cases) func onlyTheAllowedRolesGetThrough(_ c: Case) async throws {
        for role in Role.allCases {
            let w = try TestWorld()
            let impression = try await seed(w)
            try await w.app().test(.router) { client in
                let uri = c.uri.replacingOccurrences(of: "IMPRESSION", with: impression)
                let body = c.body.map { jsonBody($0()) }
                let headers: HTTPFields = [.contentType: "application/json"]
                let r = try await client.op(uri: uri, method: c.method, headers: headers, body: body, token: role.token)
                if c.allowed.contains(role) {
                    #expect(c.ok.contains(Int(r.status.code)), "\(role) should get through \(c.testDescription), got \(r.status.code)")
                } else {
                    let expected: HTTPResponse.Status = role == .anonymous ? .unauthorized : .forbidden
                    #expect(r.status == expected, "\(role) on \(c.testDescription): \(r.status.code)")
                    if let missing = c.missingURI {
                        // The refusal for a missing object is byte-for-byte the refusal for an existing one.
                        let other = try await client.op(uri: missing, method: c.method, headers: headers, body: body, token: role.token)
                        #expect(other.status == r.status && String(buffer: other.body) == String(buffer: r.body))
                    }
                }
            }
        }
    }

    /// People, campaigns, one of ava's events, one impression, a teen's pending request and a spare key.
    func seed(_ w: TestWorld) async throws -> String {
        try await w.seed()
        _ = try await w.engine.ingest([TestWorld.event("seed-1", account: "ava-assistant")])
        _ = try await w.engine.requestLooserContent("maya")
        let requests = try await w.engine.approvals("maya")
        try await w.store.upsertApproval({ var r = requests[0]; r.id = "seed-request"; return r }())
        try await w.store.saveCredential(Credential(id: "000000000099", kind: .apiKey, scopes: [.ingest], label: "spare",
                                                    secretHash: String(repeating: "0", count: 64), createdAt: TestWorld.now))
        let ads = try await w.engine.ads(for: "ava", surface: "social_feed", slots: 1)
        return try #require(ads.ads.first?.impressionID?.rawValue)
    }
}
