import EarshotCore
import EarshotEngine
import Foundation
import Hummingbird

/// A person's pages: interests (remove, see less), why an ad, settings, download or delete, parent approvals.
struct PersonPages: Sendable {
    let engine: Engine

    static let nav: [(href: String, label: String)] = [
        ("/center", "Your interests"), ("/center/ads", "Why am I seeing ads?"), ("/center/settings", "Settings"),
        ("/center/approvals", "Requests"), ("/center/data", "Your data"),
    ]
    static let signOut = HTML.button("Sign out", action: "/center/logout")

    func register(_ r: Registrar, center: CenterRoutes) {
        /// Runs a page for the signed-in person, or sends the visitor to sign in.
        @Sendable func person(_ context: EarshotContext, _ body: (PersonID) async throws -> Response) async throws -> Response {
            guard case .person(let id) = try center.signedIn(context) else { return HTML.redirect("/center/login") }
            return try await body(id)
        }
        @Sendable func topic(_ context: EarshotContext) throws -> TopicID { TopicID(try context.parameters.require("topic")) }

        r.post("center/interests/:topic/remove", .anyone) { request, context in
            try center.checkSameSite(request)
            return try await person(context) { id in
                _ = try await engine.removeInterest(id, topic: try topic(context))
                return HTML.redirect("/center?done=removed")
            }
        }
        r.post("center/interests/:topic/see-less", .anyone) { request, context in
            try center.checkSameSite(request)
            return try await person(context) { id in
                try await engine.seeLess(id, topic: try topic(context))
                return HTML.redirect("/center?done=less")
            }
        }
        r.get("center/ads", .anyone) { _, context in try await person(context) { try await ads($0) } }
        r.get("center/ads/:impression", .anyone) { _, context in
            try await person(context) { id in
                let impression = ImpressionID(try context.parameters.require("impression"))
                // The same page for "missing" and "someone else's".
                guard let i = try await engine.store.impression(impression), i.personID == id else {
                    return HTML.response(HTML.page(title: "Ad not found", nav: Self.nav, body: "<p>We could not find that ad among yours.</p>"),
                                         status: .notFound)
                }
                let campaign = try await engine.campaigns().first { $0.id == i.campaignID }
                return HTML.response(HTML.page(title: "Why am I seeing this ad?", nav: Self.nav, body: whyThisAd(i, campaign)))
            }
        }
        r.get("center/settings", .anyone) { request, context in
            try await person(context) { try await SettingsPage(engine: engine).render($0, notice: center.notice(request)) }
        }
        r.post("center/settings", .anyone) { request, context in
            try center.checkSameSite(request)
            return try await person(context) { try await SettingsPage(engine: engine).save($0, request) }
        }
        r.get("center/approvals", .anyone) { request, context in
            try await person(context) { try await SettingsPage(engine: engine).approvals($0, notice: center.notice(request)) }
        }
        r.post("center/approvals", .anyone) { request, context in
            try center.checkSameSite(request)
            return try await person(context) { id in
                _ = try await engine.requestLooserContent(id)
                return HTML.redirect("/center/settings?done=asked")
            }
        }
        r.post("center/approvals/:request", .anyone) { request, context in
            try center.checkSameSite(request)
            return try await person(context) { id in
                let form = try await FormBody.read(request)
                _ = try await engine.decideApproval(try context.parameters.require("request"), by: id, approve: form.first("decision") == "approve")
                return HTML.redirect("/center/approvals?done=decided")
            }
        }
        DataPages(engine: engine, center: center).register(r, person: person)
    }

    /// "Your interests from AI interactions".
    func interests(_ id: PersonID, notice: String?) async throws -> Response {
        let profile = try await engine.profile(id)
        let catalog = engine.configuration.catalog
        var body = "<p>What Earshot learned from your conversations with AI products, the products and dates it came from "
            + "(never what you wrote), and how strong it is now. Interests fade over about \(Int(profile.halfLifeDays)) days.</p>"
        if profile.interests.isEmpty { body += "<p class=\"card\">No interests from AI interactions are stored.</p>" }
        let top = profile.interests.map(\.evidence.score).max() ?? 1
        for interest in profile.interests {
            let e = interest.evidence
            let surfaces = e.surfaces.map { catalog.product($0)?.displayName ?? $0.rawValue }.joined(separator: ", ")
            let pct = Int((e.score / max(top, 1e-9) * 100).rounded())
            let topic = HTML.path(e.topicID.rawValue)
            body += """
                <section class="card" aria-labelledby="i-\(topic)"><h2 id="i-\(topic)">\(HTML.escape(e.name))</h2>\
                <p>From \(HTML.escape(surfaces)), \(e.eventCount) interaction\(e.eventCount == 1 ? "" : "s") \
                \(Self.period(e.firstSeen, e.lastSeen)).\(interest.adEligible ? "" : " Never used for ads.")</p>\
                <p><span class="muted">Strength</span> <span class="meter" role="img" aria-label="strength \(pct) out of 100">\
                <span style="width:\(pct)%"></span></span></p>\
                \(HTML.button("Remove", action: "/center/interests/\(topic)/remove", style: "danger", accessibleLabel: "Remove \(e.name)")) \
                \(HTML.button("See less", action: "/center/interests/\(topic)/see-less", accessibleLabel: "See less of \(e.name)"))</section>
                """
        }
        return HTML.response(HTML.page(title: "Your interests from AI interactions", nav: Self.nav, notice: notice,
                                       body: body + Self.signOut))
    }

    static func period(_ first: Date, _ last: Date) -> String {
        let a = HTML.date(first), b = HTML.date(last)
        return a == b ? "on \(a)" : "between \(a) and \(b)"
    }

    private func ads(_ id: PersonID) async throws -> Response {
        let shown = try await engine.recentImpressions(of: id, limit: 20)
        let campaigns = Dictionary(try await engine.campaigns().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var body = "<p>The ads you were shown most recently. Open one to see why.</p>"
        if shown.isEmpty { body += "<p class=\"card\">No ads were shown to you yet.</p>" }
        body += "<ul>" + shown.map { i in
            "<li><a href=\"/center/ads/\(HTML.path(i.id.rawValue))\">\(HTML.escape(Self.title(i, campaigns[i.campaignID])))</a>"
                + " <span class=\"muted\">\(HTML.date(i.time))</span></li>"
        }.joined() + "</ul>"
        return HTML.response(HTML.page(title: "Why am I seeing ads?", nav: Self.nav, body: body))
    }

    static func title(_ i: Impression, _ c: Campaign?) -> String {
        guard let c else { return "An ad no longer running" }
        return "\(c.creative.headline) (\(c.advertiserName))"
    }

    private func whyThisAd(_ i: Impression, _ campaign: Campaign?) -> String {
        let x = i.explanation
        let catalog = engine.configuration.catalog
        var body = "<p><strong>\(HTML.escape(Self.title(i, campaign)))</strong>, shown \(HTML.date(i.time)).</p>"
            + "<p class=\"card\">\(HTML.escape(x.summary))</p>"
        if !x.matchedInterests.isEmpty {
            body += "<h2>Interests that matched</h2><ul>" + x.matchedInterests.map { e in
                "<li>\(HTML.escape(e.name)): from "
                    + "\(HTML.escape(e.surfaces.map { catalog.product($0)?.displayName ?? $0.rawValue }.joined(separator: ", "))), "
                    + "last on \(HTML.date(e.lastSeen))</li>"
            }.joined() + "</ul>"
        }
        if !x.policyReasons.isEmpty {
            body += "<h2>Why your interests were not used</h2><ul>" + x.policyReasons.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        }
        body += "<h2>How to change this</h2><p>\(HTML.escape(x.howToChange))</p>"
        if x.basis == .aiInterests {
            body += "<p><a href=\"/center\">Remove an interest</a> or <a href=\"/center/settings\">turn off ads based on AI interactions</a>.</p>"
        } else {
            body += "<p><a href=\"/center/settings\">Review your settings</a>.</p>"
        }
        return body
    }
}
