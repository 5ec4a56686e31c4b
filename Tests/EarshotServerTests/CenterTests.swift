import EarshotCore
import EarshotEngine
import EarshotServer
import EarshotStore
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// The transparency center's pages over HTTP: sign-in, interests, why this ad, settings, data, advertiser reports.
@Suite struct CenterTests {
    let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    func cookie(_ token: String) -> HTTPFields { [.cookie: "earshot_session=\(token)", .contentType: "application/x-www-form-urlencoded"] }

    /// Checks the page rules: small, one h1, a language, a label for every visible input.
    func checkPage(_ html: String) {
        #expect(html.utf8.count < 100_000)
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.components(separatedBy: "<h1>").count == 2)
        let ids = html.components(separatedBy: "<input ").dropFirst().compactMap { tag -> String? in
            if tag.hasPrefix("type=\"hidden\"") { return nil }
            return tag.components(separatedBy: "id=\"").dropFirst().first?.components(separatedBy: "\"").first ?? "missing"
        }
        for id in ids { #expect(html.contains("<label for=\"\(id)\""), "input \(id) has no label") }
    }

    @Test func aPersonSignsInSeesInterestsAndRemovesOne() async throws {
        let w = try TestWorld()
        try await w.seed()
        _ = try await w.engine.ingest([TestWorld.event("h1", account: "ava-assistant")])
        try await w.app().test(.router) { client in
            let anonymous = try await client.execute(uri: "/center", method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/center/login")
            let bad = try await client.execute(uri: "/center/login", method: .post, headers: form, body: ByteBuffer(string: "token=ek_nope"))
            #expect(bad.status == .unauthorized && String(buffer: bad.body).contains("not valid"))

            let login = try await client.execute(uri: "/center/login", method: .post, headers: form,
                                                 body: ByteBuffer(string: "token=\(TestKeys.ava)"))
            #expect(login.status == .seeOther && login.headers[.location] == "/center")
            let setCookie = login.headers[.setCookie] ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))

            let page = try await client.execute(uri: "/center", method: .get, headers: cookie(TestKeys.ava))
            let html = String(buffer: page.body)
            #expect(page.status == .ok && html.contains("Your interests from AI interactions"))
            #expect(html.contains("AI assistant") && html.contains("Camping"))
            #expect(!html.contains("boots and a light tent"))  // never the conversation's text
            checkPage(html)

            let profile = try await w.engine.profile("ava")
            let topic = try #require(profile.interests.first { $0.evidence.name == "Camping" }?.evidence.topicID)
            // A post that the browser marks as cross-site is refused.
            var crossSite = cookie(TestKeys.ava)
            crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            let forged = try await client.execute(uri: "/center/interests/\(topic)/remove", method: .post, headers: crossSite)
            #expect(forged.status == .forbidden)
            #expect(try await w.engine.profile("ava").interests.contains { $0.evidence.topicID == topic })

            let removed = try await client.execute(uri: "/center/interests/\(topic)/remove", method: .post, headers: cookie(TestKeys.ava))
            #expect(removed.status == .seeOther && removed.headers[.location] == "/center?done=removed")
            #expect(try await !w.engine.profile("ava").interests.contains { $0.evidence.topicID == topic })
            let after = String(buffer: try await client.execute(uri: "/center?done=removed", method: .get, headers: cookie(TestKeys.ava)).body)
            #expect(after.contains("Removed, with its narrower topics."))

            // The operator's API key does not open a person's center.
            let op = try await client.op(uri: "/center", method: .get)
            #expect(op.status == .forbidden)
        }
    }

    @Test func whyThisAdOptOutAndDeletion() async throws {
        let w = try TestWorld()
        try await w.seed()
        _ = try await w.engine.ingest([TestWorld.event("h1", account: "ava-assistant")])
        let targeted = try await w.engine.ads(for: "ava", surface: "social_feed", slots: 1)
        let impression = try #require(targeted.ads.first?.impressionID)
        try await w.app().test(.router) { client in
            let list = String(buffer: try await client.execute(uri: "/center/ads", method: .get, headers: cookie(TestKeys.ava)).body)
            #expect(list.contains("/center/ads/\(impression)"))
            let why = try await client.execute(uri: "/center/ads/\(impression)", method: .get, headers: cookie(TestKeys.ava))
            let whyHTML = String(buffer: why.body)
            let matched = try #require(try await w.store.impression(impression)?.explanation.matchedInterests.first?.name)
            #expect(why.status == .ok && whyHTML.contains("Interests that matched") && whyHTML.contains(matched))
            checkPage(whyHTML)
            // Lukas gets the same answer for ava's impression as for one that does not exist.
            let other = try await client.execute(uri: "/center/ads/\(impression)", method: .get, headers: cookie(TestKeys.lukas))
            let missing = try await client.execute(uri: "/center/ads/nope", method: .get, headers: cookie(TestKeys.lukas))
            #expect(other.status == .notFound && String(buffer: other.body) == String(buffer: missing.body))

            let settings = String(buffer: try await client.execute(uri: "/center/settings", method: .get, headers: cookie(TestKeys.ava)).body)
            checkPage(settings)
            let saved = try await client.execute(uri: "/center/settings", method: .post, headers: cookie(TestKeys.ava),
                                                 body: ByteBuffer(string: "optOut=on&surface=chat&followUps=on"))
            #expect(saved.status == .seeOther)
            let person = try await w.engine.person("ava")
            #expect(person.settings.aiAdsOptOut && person.settings.surfacesOff.contains(.glasses) && person.settings.proactiveFollowUps)
            let contextual = try await w.engine.ads(for: "ava", surface: "social_feed", slots: 1)
            #expect(!contextual.targeted)
            let second = try #require(contextual.ads.first?.impressionID)
            let why2 = String(buffer: try await client.execute(uri: "/center/ads/\(second)", method: .get, headers: cookie(TestKeys.ava)).body)
            #expect(why2.contains("Why your interests were not used"))

            let unconfirmed = try await client.execute(uri: "/center/data/delete", method: .post, headers: cookie(TestKeys.ava))
            #expect(unconfirmed.status == .seeOther && unconfirmed.headers[.location] == "/center/data?confirm=missing")
            #expect(try await w.store.person("ava") != nil)
            let export = try await client.execute(uri: "/center/data/export", method: .get, headers: cookie(TestKeys.ava))
            #expect(export.status == .ok && String(buffer: export.body).contains("\"interests\""))
            let deleted = try await client.execute(uri: "/center/data/delete", method: .post, headers: cookie(TestKeys.ava),
                                                   body: ByteBuffer(string: "confirm=yes"))
            #expect(deleted.status == .ok && (deleted.headers[.setCookie] ?? "").contains("Max-Age=0"))
            #expect(try await w.store.person("ava") == nil)
            // The session went with the person.
            let gone = try await client.execute(uri: "/center", method: .get, headers: cookie(TestKeys.ava))
            #expect(gone.status == .seeOther)
        }
    }

    @Test func teensAskAndParentsDecide() async throws {
        let w = try TestWorld()
        try await w.seed()
        try await w.app().test(.router) { client in
            let maya = try await TestKeys.session(for: "maya", in: w)
            let settings = String(buffer: try await client.execute(uri: "/center/settings", method: .get, headers: cookie(maya)).body)
            #expect(settings.contains("locked for your age") && !settings.contains("id=\"level-standard\""))
            #expect(settings.contains("you never get ads based on AI interactions"))
            let adult = String(buffer: try await client.execute(uri: "/center/settings", method: .get, headers: cookie(TestKeys.ava)).body)
            #expect(!adult.contains("you never get ads based on AI interactions"))
            let asked = try await client.execute(uri: "/center/approvals", method: .post, headers: cookie(maya))
            #expect(asked.status == .seeOther)
            let requests = String(buffer: try await client.execute(uri: "/center/approvals", method: .get, headers: cookie(TestKeys.noah)).body)
            #expect(requests.contains("maya asks"))
            let id = try #require(try await w.engine.approvals("noah").first?.id)
            let approved = try await client.execute(uri: "/center/approvals/\(id)", method: .post, headers: cookie(TestKeys.noah),
                                                    body: ByteBuffer(string: "decision=approve"))
            #expect(approved.status == .seeOther)
            #expect(try await w.engine.approvals("maya").first?.status == .approved)
        }
    }

    @Test func advertisersSeeTheirCampaignsAndSuppressedReports() async throws {
        let w = try TestWorld()
        try await w.seed()
        _ = try await w.engine.ingest([TestWorld.event("h1", account: "ava-assistant")])
        _ = try await w.engine.ads(for: "ava", surface: "social_feed", slots: 3)
        try await w.app().test(.router) { client in
            let login = try await client.execute(uri: "/center/login", method: .post, headers: form,
                                                 body: ByteBuffer(string: "token=\(TestKeys.advertiserGear)"))
            #expect(login.status == .seeOther && login.headers[.location] == "/center/advertiser")
            // The API key was exchanged for a session; the cookie does not carry the key.
            let session = try #require(login.headers[.setCookie]?.components(separatedBy: "earshot_session=").last?
                .components(separatedBy: ";").first)
            #expect(session.hasPrefix("es_"))
            let list = String(buffer: try await client.execute(uri: "/center/advertiser", method: .get, headers: cookie(session)).body)
            #expect(list.contains("Waterproof hiking boots") && !list.contains("Ultralight tents"))
            checkPage(list)
            let report = String(buffer: try await client.execute(uri: "/center/advertiser/campaigns/trail-boots", method: .get,
                                                                 headers: cookie(session)).body)
            #expect(report.contains("suppressed") && !report.contains("ava"))
            let other = try await client.execute(uri: "/center/advertiser/campaigns/tent-sale", method: .get, headers: cookie(session))
            #expect(other.status == .notFound)
        }
    }
}
