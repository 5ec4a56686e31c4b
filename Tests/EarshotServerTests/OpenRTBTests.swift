import EarshotCore
import EarshotEngine
import EarshotServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct OpenRTBTests {
    /// Shaped like the OpenRTB 2.6 specification's simple banner example, with a user id.
    func bidRequest(user: String, regs: [String: Any]? = nil) -> [String: Any] {
        var r: [String: Any] = [
            "id": "80ce30c53c16e6ede735f123ef6e32361bfc7b22",
            "at": 1, "cur": ["USD"],
            "imp": [["id": "1", "bidfloor": 0.03, "banner": ["h": 250, "w": 300, "pos": 0]]],
            "site": ["id": "102855", "cat": ["IAB3-1"], "domain": "www.foobar.com", "page": "http://www.foobar.com/1234.html",
                     "publisher": ["id": "8953", "name": "foobar.com", "cat": ["IAB3-1"], "domain": "foobar.com"]],
            "device": ["ua": "Mozilla/5.0", "ip": "123.145.167.10"],
            "user": ["id": user, "data": [["id": "other", "segment": [["id": "x"]]]]],
            "ext": ["keep": "me"],
        ]
        if let regs { r["regs"] = regs }
        return r
    }

    func earshotData(_ response: TestResponse) -> [String: Any]? {
        let user = response.object["user"] as? [String: Any]
        return (user?["data"] as? [[String: Any]])?.first { $0["id"] as? String == "earshot" }
    }

    @Test func enrichesTargetablePeopleAndRespectsEveryOptOutSignal() async throws {
        let w = try TestWorld()
        try await w.seed()
        _ = try await w.engine.ingest([TestWorld.event("o1", account: "ava-assistant"), TestWorld.event("o2", account: "lukas-assistant")])
        try await w.app().test(.router) { client in
            func enrich(_ body: [String: Any]) async throws -> TestResponse {
                try await client.op(uri: "/openrtb2/enrich", method: .post, headers: [.contentType: "application/json"],
                                         body: jsonBody(body))
            }
            let ok = try await enrich(bidRequest(user: "ava"))
            #expect(ok.status == .ok)
            let data = try #require(earshotData(ok))
            #expect((data["ext"] as? [String: Any])?["segtax"] as? Int == 9)
            let ids = (data["segment"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids.contains("653"))
            #expect(((ok.object["user"] as? [String: Any])?["data"] as? [Any])?.count == 2)  // the exchange's own data kept
            #expect((ok.object["ext"] as? [String: Any])?["keep"] as? String == "me")

            for regs: [String: Any] in [["coppa": 1], ["gdpr": 1], ["ext": ["gdpr": 1]], ["gpp": "DBABM~x", "gpp_sid": [7]],
                                        ["gpp_sid": [2]], ["ext": ["gpc": 1]]] {
                let r = try await enrich(bidRequest(user: "ava", regs: regs))
                #expect(r.status == .ok)
                #expect(earshotData(r) == nil, "regs \(regs)")
            }
            #expect(earshotData(try await enrich(bidRequest(user: "lukas"))) == nil)  // Germany
            #expect(earshotData(try await enrich(bidRequest(user: "maya"))) == nil)  // a teen
            #expect(earshotData(try await enrich(bidRequest(user: "nobody"))) == nil)

            let segments = try await client.op(uri: "/v1/people/ava/segments", method: .get).json(SegmentsResponse.self)
            #expect(segments.segtax == 9 && segments.segments.contains("653"))
            let withheld = try await client.op(uri: "/v1/people/lukas/segments", method: .get).json(SegmentsResponse.self)
            #expect(withheld.segments.isEmpty && withheld.decision.denials.map(\.rule) == [.jurisdiction])
        }
    }

    @Test func invalidRequestsGetOpenRTBErrorsWithoutEchoingUserData() async throws {
        let w = try TestWorld()
        try await w.app().test(.router) { client in
            let garbage = try await client.op(uri: "/openrtb2/enrich", method: .post, body: ByteBuffer(string: "{\"user\": {\"id\": \"secret-user\""))
            #expect(garbage.status == .badRequest)
            #expect(garbage.object["nbr"] as? Int == 2)
            #expect(!String(buffer: garbage.body).contains("secret-user"))
            var noImp = bidRequest(user: "secret-user")
            noImp["imp"] = []
            let missing = try await client.op(uri: "/openrtb2/enrich", method: .post, body: jsonBody(noImp))
            #expect(missing.status == .badRequest)
            #expect(!String(buffer: missing.body).contains("secret-user"))
        }
    }
}
