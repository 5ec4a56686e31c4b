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
            // An exchange's own user id, registered for ava, resolves through user.id or user.buyeruid.
            let registered = try await client.op(uri: "/v1/exchange-users", method: .post, headers: [.contentType: "application/json"],
                                                 body: jsonBody(["exchangeUsers": [["id": "exch-ava-1", "personId": "ava"]]]))
            #expect(registered.status == .ok)
            #expect(earshotData(try await enrich(bidRequest(user: "exch-ava-1"))) != nil)
            var viaBuyer = bidRequest(user: "unknown-to-earshot")
            viaBuyer["user"] = ["id": "unknown-to-earshot", "buyeruid": "exch-ava-1"]
            #expect(earshotData(try await enrich(viaBuyer)) != nil)
            let unknownPerson = try await client.op(uri: "/v1/exchange-users", method: .post, headers: [.contentType: "application/json"],
                                                    body: jsonBody(["exchangeUsers": [["id": "e", "personId": "ghost"]]]))
            #expect(unknownPerson.status == .unprocessableContent && unknownPerson.object["field"] as? String == "exchangeUsers[0].personId")

            let segments = try await client.op(uri: "/v1/people/ava/segments", method: .get).json(SegmentsResponse.self)
            #expect(segments.segtax == 9 && segments.segments.contains("653"))
            let withheld = try await client.op(uri: "/v1/people/lukas/segments", method: .get).json(SegmentsResponse.self)
            #expect(withheld.segments.isEmpty && withheld.decision.denials.map(\.rule) == [.jurisdiction])
        }
    }

    /// Requests shaped like the other bid request examples of the OpenRTB 2.6 specification (mobile app,
    /// video with companions and the exchange's own user data, private marketplace deal), with Earshot's
    /// own values. Everything the exchange sent comes back unchanged; only `user.data` gains an entry.
    static func specShapes() -> [(name: String, request: [String: Any])] { [
        ("mobile app", [
            "id": "app-req-1", "at": 2, "bcat": ["IAB25", "IAB7-39"], "badv": ["example.org"],
            "imp": [["id": "1", "bidfloor": 0.5, "instl": 0, "tagid": "tag-1",
                     "banner": ["w": 728, "h": 90, "pos": 1, "btype": [4], "battr": [14], "api": [3]]]],
            "app": ["id": "app-1", "name": "Trail Weather", "cat": ["IAB15"], "ver": "2.0", "bundle": "com.example.trail",
                    "publisher": ["id": "pub-1", "name": "example", "domain": "example.com"]],
            "device": ["dnt": 0, "ua": "Mozilla/5.0 (iPhone)", "carrier": "EXAMPLE", "language": "en", "make": "Apple",
                       "model": "iPhone", "os": "iOS", "osv": "17.0", "js": 1, "connectiontype": 3, "devicetype": 1],
            "user": ["id": "ava"],
        ]),
        ("video", [
            "id": "video-req-1", "at": 2, "tmax": 120,
            "imp": [["id": "1", "bidfloor": 0.03,
                     "video": ["w": 640, "h": 480, "pos": 1, "startdelay": 0, "minduration": 5, "maxduration": 30,
                               "protocols": [2, 3], "mimes": ["video/mp4"], "linearity": 1, "playbackmethod": [1, 3],
                               "companionad": [["id": "c-1", "w": 300, "h": 250, "pos": 1], ["id": "c-2", "w": 728, "h": 90, "pos": 1]],
                               "companiontype": [1, 2]]]],
            "site": ["id": "site-1", "name": "Outdoor Site", "domain": "example.com", "cat": ["IAB20"],
                     "page": "https://example.com/trails", "privacypolicy": 1, "publisher": ["id": "pub-2"],
                     "content": ["id": "ep-1", "series": "Trails", "season": "1", "episode": 3, "title": "Ridges", "cat": ["IAB20"]]],
            "device": ["ua": "Mozilla/5.0 (Macintosh)", "os": "OS X", "js": 1],
            "user": ["id": "ava", "buyeruid": "buyer-77",
                     "data": [["id": "6", "name": "Data Provider 1", "segment": [["id": "s1", "name": "outdoor intenders"]]]]],
        ]),
        ("private marketplace deal", [
            "id": "pmp-req-1", "at": 1, "cur": ["USD"],
            "imp": [["id": "1", "bidfloor": 0.03, "banner": ["h": 250, "w": 300, "pos": 0],
                     "pmp": ["private_auction": 1, "deals": [["id": "deal-1", "at": 1, "bidfloor": 2.5, "wseat": ["seat-1"]],
                                                            ["id": "deal-2", "at": 2, "bidfloor": 2, "wseat": ["seat-2"]]]]]],
            "site": ["id": "site-2", "domain": "example.com", "cat": ["IAB3-1"], "page": "https://example.com/deals",
                     "publisher": ["id": "pub-3", "name": "example.com"]],
            "device": ["ua": "Mozilla/5.0 (Macintosh)"],
            "user": ["id": "ava"],
        ]),
    ] }

    @Test func specificationShapedRequestsAreEnrichedAndOtherwiseUnchanged() async throws {
        let w = try TestWorld()
        try await w.seed()
        _ = try await w.engine.ingest([TestWorld.event("o1", account: "ava-assistant")])
        try await w.app().test(.router) { client in
            for (name, request) in Self.specShapes() {
                let r = try await client.op(uri: "/openrtb2/enrich", method: .post, headers: [.contentType: "application/json"],
                                            body: jsonBody(request))
                #expect(r.status == .ok, "\(name)")
                var back = r.object
                var user = try #require(back["user"] as? [String: Any])
                let data = user["data"] as? [[String: Any]] ?? []
                let earshot = try #require(data.last, "\(name): no user.data entry")
                #expect(earshot["id"] as? String == "earshot" && (earshot["ext"] as? [String: Any])?["segtax"] as? Int == 9, "\(name)")
                #expect(!((earshot["segment"] as? [Any]) ?? []).isEmpty, "\(name)")
                // Remove Earshot's entry: what is left is exactly what the exchange sent.
                let kept = Array(data.dropLast())
                if kept.isEmpty { user["data"] = nil } else { user["data"] = kept }
                back["user"] = user
                let sent = try JSONSerialization.jsonObject(with: JSONSerialization.data(withJSONObject: request)) as? NSDictionary
                #expect(NSDictionary(dictionary: back).isEqual(sent), "\(name): the request changed beyond user.data")

                // Do-not-track or limited ad tracking on the device withholds the segments.
                var dnt = request
                var device = request["device"] as? [String: Any] ?? [:]
                device["lmt"] = 1
                dnt["device"] = device
                let limited = try await client.op(uri: "/openrtb2/enrich", method: .post, headers: [.contentType: "application/json"],
                                                  body: jsonBody(dnt))
                #expect(earshotData(limited) == nil, "\(name) with lmt=1")
            }
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
