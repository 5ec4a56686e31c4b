import EarshotCore
import EarshotEngine
import EarshotServer
import EarshotStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct HTTPTests {
    let json: HTTPFields = [.contentType: "application/json"]

    func eventJSON(_ id: String, account: String = "ava-assistant", text: String = TestWorld.hiking,
                   kind: String = "chat_message") -> [String: Any] {
        ["id": id, "accountId": account, "surface": "assistant", "kind": kind, "text": text, "time": "2026-05-27T10:00:00Z"]
    }

    @Test func endToEndOverHTTP() async throws {
        let w = try TestWorld(store: try SQLiteStore())
        try await w.seed()
        try await w.app().test(.router) { client in
            let health = try await client.op(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(try await client.op(uri: "/readyz", method: .get).status == .ok)
            let ingest = try await client.op(uri: "/v1/events", method: .post, headers: json,
                                                  body: jsonBody(["events": [eventJSON("e1"), eventJSON("e2", account: "lukas-assistant")]]))
            #expect(ingest.status == .ok)
            let report = try ingest.json(IngestReport.self)
            #expect(report.recorded == 2 && report.rejected.isEmpty)
            #expect(report.outcomes[1].deniedBy == ["jurisdiction"])

            let profile = try await client.op(uri: "/v1/people/ava/profile", method: .get)
            #expect(profile.status == .ok)
            #expect(try profile.json(ProfileView.self).interests.count > 0)
            #expect(String(buffer: profile.body).contains("\"personId\":\"ava\""))

            let ads = try await client.op(uri: "/v1/people/ava/ads?surface=social_feed&slots=2", method: .get)
            let chosen = try ads.json(AdsResponse.self)
            #expect(chosen.targeted && chosen.ads.count == 2)

            let contextual = try await client.op(uri: "/v1/people/lukas/ads?surface=social_feed", method: .get)
            let lukas = try contextual.json(AdsResponse.self)
            #expect(!lukas.targeted)
            #expect(lukas.ads.allSatisfy { $0.explanation.basis == .contextual })

            let feed = try await client.op(uri: "/v1/people/ava/feed?limit=5", method: .get)
            #expect(try feed.json(FeedResponse.self).items.count == 5)

            let explain = try await client.op(uri: "/v1/events/e2/explanation", method: .get)
            let x = try explain.json(EventExplanation.self)
            #expect(x.signalsStored == 0 && x.summary.contains("excluded"))

            let deleted = try await client.op(uri: "/v1/people/ava", method: .delete)
            #expect(deleted.status == .ok)
            let gone = try await client.op(uri: "/v1/people/ava/profile", method: .get)
            #expect(gone.status == .notFound)
            #expect(gone.object["code"] as? String == "not_found")
        }
    }

    @Test func malformedAndInvalidInputGetsClearErrorsAndChangesNothing() async throws {
        let w = try TestWorld()
        try await w.seed()
        try await w.app(maxBodyBytes: 4096).test(.router) { client in
            // Not JSON at all.
            let garbage = try await client.op(uri: "/v1/events", method: .post, headers: json, body: ByteBuffer(string: "{nope"))
            #expect(garbage.status == .badRequest)
            #expect(garbage.object["field"] as? String == "body")
            // Invalid UTF-8.
            let bytes = try await client.op(uri: "/v1/events", method: .post, headers: json,
                                                 body: ByteBuffer(bytes: [0x7B, 0xFF, 0xFE, 0x7D]))
            #expect(bytes.status == .badRequest)
            #expect(bytes.object["code"] as? String == "invalid_utf8")
            // Oversized body.
            let big = try await client.op(uri: "/v1/events", method: .post, headers: json,
                                               body: jsonBody(["events": [eventJSON("big", text: String(repeating: "a", count: 5000))]]))
            #expect(big.status == .contentTooLarge)
            // Missing envelope key.
            let missing = try await client.op(uri: "/v1/events", method: .post, headers: json, body: jsonBody(["evts": []]))
            #expect(missing.status == .badRequest)
            #expect(missing.object["field"] as? String == "events")
            // Per-event problems: wrong type, unknown enum value; the valid one is applied.
            var wrongType = eventJSON("w1")
            wrongType["time"] = 12
            let mixed = try await client.op(uri: "/v1/events", method: .post, headers: json, body: jsonBody(["events": [
                wrongType, eventJSON("w2", kind: "telepathy"), eventJSON("w3"),
            ]]))
            #expect(mixed.status == .ok)
            let report = try mixed.json(IngestReport.self)
            #expect(report.recorded == 1)
            #expect(report.rejected.map(\.index) == [0, 1])
            #expect(report.rejected.map(\.field) == ["events[0].time", "events[1].kind"])
            #expect(report.rejected[1].message.contains("chat_message"))
            #expect(!String(buffer: mixed.body).contains("telepathy"))
            // All-or-nothing batches name the offending item and apply nothing.
            let people = try await client.op(uri: "/v1/people", method: .post, headers: json, body: jsonBody(["people": [
                ["id": "ok1", "country": "US"], ["id": "bad", "country": "Germany"],
            ]]))
            #expect(people.status == .badRequest)
            #expect(people.object["field"] as? String == "people[1].country")
            #expect(try await w.store.person("ok1") == nil)
            // Unknown ids and parameters.
            #expect(try await client.op(uri: "/v1/people/nobody/ads", method: .get).status == .notFound)
            #expect(try await client.op(uri: "/v1/events/nope/explanation", method: .get).status == .notFound)
            #expect(try await client.op(uri: "/v1/people/ava/ads?surface=assistant", method: .get).status == .badRequest)
            #expect(try await client.op(uri: "/v1/people/ava/ads?slots=many", method: .get).status == .badRequest)
            #expect(try await client.op(uri: "/v1/nothing-here", method: .get).status == .notFound)
        }
    }

    @Test func campaignValidationErrorsNameTheField() async throws {
        let w = try TestWorld()
        try await w.app().test(.router) { client in
            let body = jsonBody(["campaigns": [[
                "id": "c1", "advertiserId": "adv", "creative": ["headline": "h", "body": "b", "url": "u"],
                "targetTopics": ["286"], "bidCpm": 2,
            ]]])
            let r = try await client.op(uri: "/v1/campaigns", method: .post, headers: json, body: body)
            #expect(r.status == .unprocessableContent)
            #expect((r.object["detail"] as? String)?.contains("sensitive") == true)
            let list = try await client.op(uri: "/v1/campaigns", method: .get)
            #expect((list.object["campaigns"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func listsArePaginatedWithCursors() async throws {
        let w = try TestWorld()
        try await w.seed()
        try await w.app().test(.router) { client in
            var seen: [String] = []
            var uri = "/v1/campaigns?limit=5"
            while true {
                let page = try await client.op(uri: uri, method: .get)
                #expect(page.status == .ok)
                let object = page.object
                let ids = (object["campaigns"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids.count <= 5)
                seen += ids
                guard let next = object["next"] as? String else { break }
                uri = "/v1/campaigns?limit=5&after=\(next)"
            }
            #expect(seen == DemoWorld(now: TestWorld.now).campaigns.map(\.id.rawValue).sorted())
            let people = try await client.op(uri: "/v1/people?limit=3", method: .get)
            #expect((people.object["people"] as? [Any])?.count == 3 && people.object["next"] as? String != nil)
            for bad in ["limit=0", "limit=501", "limit=x"] {
                let r = try await client.op(uri: "/v1/campaigns?\(bad)", method: .get)
                #expect(r.status == .badRequest && r.object["field"] as? String == "limit")
            }
        }
    }

    @Test func metricsExportRequestsIngestAndPolicyDenials() async throws {
        let w = try TestWorld()
        try await w.seed()
        try await w.app().test(.live) { client in
            let ingest = try await client.op(uri: "/v1/events", method: .post, headers: json,
                                             body: jsonBody(["events": [eventJSON("m1"), eventJSON("m2", account: "lukas-assistant")]]))
            #expect(ingest.status == .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(metrics.status == .ok)
            #expect(text.contains("earshot_ingest_events_total{outcome=\"recorded\"}"))
            #expect(text.contains("earshot_policy_denials_total{rule=\"jurisdiction\"}"))
            #expect(text.contains("earshot_classifier_duration_seconds"))
            #expect(text.contains("http_server_request_duration_bucket{http_route=\"/v1/events\""))
            // Labels carry route templates, never ids or text.
            #expect(!text.contains("ava") && !text.contains("hiking"))
        }
    }

    @Test func aWrongMethodGets405WithTheAllowedOnes() async throws {
        let w = try TestWorld()
        try await w.app().test(.router) { client in
            let r = try await client.op(uri: "/v1/campaigns/reach-estimate", method: .get)
            #expect(r.status == .methodNotAllowed && r.headers[.allow] == "POST")
            let people = try await client.op(uri: "/v1/people", method: .put)
            #expect(people.status == .methodNotAllowed && people.headers[.allow] == "GET, POST")
            #expect(try await client.op(uri: "/v1/nothing-here", method: .get).status == .notFound)
        }
    }
}
