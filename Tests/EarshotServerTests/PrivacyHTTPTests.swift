import EarshotCore
import EarshotEngine
import EarshotServer
import EarshotStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct PrivacyHTTPTests {
    let json: HTTPFields = [.contentType: "application/json"]

    @Test func controlsExportAuditAndApprovalsOverHTTP() async throws {
        let w = try TestWorld(store: try SQLiteStore())
        try await w.seed()
        _ = try await w.engine.ingest([TestWorld.event("p1", account: "ava-assistant")])
        try await w.app().test(.router) { client in
            // Removing an interest withdraws it at once.
            let before = try await client.op(uri: "/v1/people/ava/profile", method: .get).json(ProfileView.self)
            #expect(before.interests.contains { $0.evidence.topicID == "653" })
            let removed = try await client.op(uri: "/v1/people/ava/interests/653", method: .delete)
            #expect(removed.status == .ok)
            let after = try await client.op(uri: "/v1/people/ava/profile", method: .get).json(ProfileView.self)
            #expect(!after.interests.contains { Shipped.taxonomy.isSelfOrAncestor("653", of: $0.evidence.topicID) })

            // Opting out withdraws everything and stops targeting.
            let settings = try await client.op(uri: "/v1/people/ava/settings", method: .patch, headers: json,
                                                    body: jsonBody(["aiAdsOptOut": true]))
            #expect(settings.status == .ok)
            let ads = try await client.op(uri: "/v1/people/ava/ads?surface=social_feed", method: .get).json(AdsResponse.self)
            #expect(!ads.targeted)
            #expect(ads.decision.denials.map(\.rule) == [.optOut])
            let empty = try await client.op(uri: "/v1/people/ava/profile", method: .get).json(ProfileView.self)
            #expect(empty.interests.isEmpty)

            // Unknown enum values in settings are rejected by field.
            let bad = try await client.op(uri: "/v1/people/ava/settings", method: .patch, headers: json,
                                               body: jsonBody(["surfacesOff": ["telepathy"]]))
            #expect(bad.status == .badRequest)
            #expect(bad.object["field"] as? String == "surfacesOff[0]")

            // The audit trail shows the decisions and actions, and the export has no text.
            let audit = try await client.op(uri: "/v1/people/ava/audit", method: .get)
            let actions = ((audit.object["records"] as? [[String: Any]]) ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("withdraw_signals") && actions.contains("remove_interest") && actions.contains("derive_interests"))
            let export = try await client.op(uri: "/v1/people/ava/export", method: .get)
            #expect(export.status == .ok)
            #expect(!String(buffer: export.body).contains("hiking boots and a light tent"))

            // A 15-year-old cannot loosen their feed alone; they ask their linked parent.
            let teen = try await client.op(uri: "/v1/people/maya/settings", method: .patch, headers: json,
                                                body: jsonBody(["sensitiveContentLevel": "standard"]))
            #expect(teen.status == .unprocessableContent)
            #expect(teen.object["field"] as? String == "sensitiveContentLevel")
            let ask = try await client.op(uri: "/v1/people/maya/approval-requests", method: .post)
            #expect(ask.status == .created && ask.object["parentId"] as? String == "noah")
        }
    }

    @Test func parentApprovalFlow() async throws {
        let w = try TestWorld()
        try await w.seed()
        var maya = try #require(try await w.store.person("maya"))
        maya.settings.parentID = "noah"
        try await w.engine.upsertPeople([maya])
        try await w.app().test(.router) { client in
            let ask = try await client.op(uri: "/v1/people/maya/approval-requests", method: .post)
            #expect(ask.status == .created)
            let id = try #require(ask.object["id"] as? String)
            // Someone else cannot decide it, and learns nothing about it.
            let stranger = try await client.op(uri: "/v1/approval-requests/\(id)/decision", method: .post, headers: json,
                                                    body: jsonBody(["parentId": "ava", "approve": true]))
            #expect(stranger.status == .unprocessableContent)
            let approve = try await client.op(uri: "/v1/approval-requests/\(id)/decision", method: .post, headers: json,
                                                   body: jsonBody(["parentId": "noah", "approve": true]))
            #expect(approve.status == .ok)
            let feed = try await client.op(uri: "/v1/people/maya/feed", method: .get).json(FeedResponse.self)
            #expect(!feed.strict)
            let again = try await client.op(uri: "/v1/approval-requests/\(id)/decision", method: .post, headers: json,
                                                 body: jsonBody(["parentId": "noah", "approve": false]))
            #expect(again.status == .unprocessableContent)
        }
    }

    @Test func anOperatorResyncNeverLoosensThePersonsOwnChoices() async throws {
        let w = try TestWorld()
        try await w.seed()
        try await w.app().test(.router) { client in
            let json: HTTPFields = [.contentType: "application/json"]
            // Ava opts out and switches glasses off herself.
            let mine = try await client.op(uri: "/v1/people/ava/settings", method: .patch, headers: json,
                                           body: jsonBody(["aiAdsOptOut": true, "surfacesOff": ["glasses"]]), token: TestKeys.ava)
            #expect(mine.status == .ok)
            // The operator re-syncs her record from its user database, without settings, and moves her.
            let sync = try await client.op(uri: "/v1/people", method: .post, headers: json,
                                           body: jsonBody(["people": [["id": "ava", "country": "CA", "birthDate": "1990-04-12"]]]))
            #expect(sync.status == .ok)
            let ava = try await w.engine.person("ava")
            #expect(ava.country == "CA")
            #expect(ava.settings.aiAdsOptOut && ava.settings.surfacesOff == [.glasses])
            #expect(ava.settings.noticeVersion != nil)  // the notice she was sent is kept
            // The operator can still restrict (a GPC signal), and the person can opt back in herself.
            _ = try await client.op(uri: "/v1/people", method: .post, headers: json,
                                    body: jsonBody(["people": [["id": "ava", "country": "CA", "settings": ["globalPrivacyControl": true]]]]))
            #expect(try await w.engine.person("ava").settings.globalPrivacyControl)
            _ = try await client.op(uri: "/v1/people/ava/settings", method: .patch, headers: json,
                                    body: jsonBody(["aiAdsOptOut": false]), token: TestKeys.ava)
            #expect(try await !w.engine.person("ava").settings.aiAdsOptOut)
        }
    }
}

/// Shipped data for server tests.
enum Shipped {
    static let taxonomy = TestWorld.classifier.taxonomy
}
