import EarshotCore
import EarshotEngine
import Foundation
import Hummingbird

/// An advertiser's pages: campaigns with their targeting, and k-anonymous reports.
struct AdvertiserPages: Sendable {
    let engine: Engine
    static let nav: [(href: String, label: String)] = [("/center/advertiser", "Campaigns")]

    func register(_ r: Registrar, center: CenterRoutes) {
        @Sendable func advertiser(_ context: EarshotContext, _ body: (AdvertiserID) async throws -> Response) async throws -> Response {
            guard case .advertiser(let id) = try center.signedIn(context) else { return HTML.redirect("/center/login") }
            return try await body(id)
        }
        r.get("center/advertiser", .anyone) { _, context in
            try await advertiser(context) { id in try await campaigns(id) }
        }
        r.get("center/advertiser/campaigns/:id", .anyone) { _, context in
            try await advertiser(context) { id in
                let campaignID = CampaignID(try context.parameters.require("id"))
                guard try await engine.owner(ofCampaign: campaignID) == id else {
                    return HTML.response(HTML.page(title: "Campaign not found", nav: Self.nav, body: "<p>No such campaign of yours.</p>"),
                                         status: .notFound)
                }
                return try await report(try await engine.campaign(campaignID))
            }
        }
    }

    private func campaigns(_ id: AdvertiserID) async throws -> Response {
        let name = (try? await engine.advertiser(id).name) ?? id.rawValue
        let mine = try await engine.campaigns().filter { $0.advertiserID == id }
        var body = "<p>Campaigns of \(HTML.escape(name)). Reports never show groups of fewer than 100 people.</p>"
        if mine.isEmpty { body += "<p class=\"card\">No campaigns yet.</p>" }
        body += mine.map { c in
            """
            <section class="card"><h2>\(HTML.escape(c.creative.headline))</h2>\
            <p>Targets: \(HTML.escape(c.targetTopics.map { engine.classifier.taxonomy.name($0) }.joined(separator: ", "))). \
            Ages \(c.minAge)–\(c.maxAge)\(c.countries.isEmpty ? "" : ", in \(HTML.escape(c.countries.joined(separator: ", ")))"). \
            Bid \(String(format: "%.2f", c.bidCPM)) per thousand.</p>\
            <p><a href="/center/advertiser/campaigns/\(HTML.path(c.id.rawValue))">Report for \(HTML.escape(c.creative.headline))</a></p></section>
            """
        }.joined()
        return HTML.response(HTML.page(title: "Your campaigns", nav: Self.nav, body: body + PersonPages.signOut))
    }

    private func report(_ campaign: Campaign) async throws -> Response {
        let r = try await engine.report(campaign.id)
        func n(_ v: Int?) -> String { v.map(String.init) ?? "<span title=\"fewer than \(r.k) people\">suppressed</span>" }
        let taxonomy = engine.classifier.taxonomy
        func table(_ caption: String, _ cells: [CampaignReport.Cell], name: (String) -> String) -> String {
            "<div class=\"scroll\"><table><caption>\(HTML.escape(caption))</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Impressions</th>"
                + "<th scope=\"col\">Clicks</th><th scope=\"col\">People reached</th></tr></thead><tbody>"
                + cells.map { c in
                    "<tr><th scope=\"row\">\(HTML.escape(name(c.key)))</th><td>\(n(c.impressions))</td><td>\(n(c.clicks))</td><td>\(n(c.reach))</td></tr>"
                }.joined() + "</tbody></table></div>"
        }
        let spend = r.spend.map { String(format: "%.2f", $0) } ?? "suppressed"
        let body = """
            <p>Groups with fewer than \(r.k) people are suppressed, and so are totals that would reveal them.</p>
            <div class="card"><p>Impressions: \(n(r.impressions)) · Clicks: \(n(r.clicks)) · People reached: \(n(r.reach)) · Spend: \(spend)</p></div>
            <h2>By matched interest</h2>\(table("Delivery by matched interest", r.byTopic) { taxonomy.name(TopicID($0)) })
            <h2>By AI product</h2>\(table("Delivery by AI product class", r.bySurfaceClass) {
                AISurfaceClass(rawValue: $0).flatMap { SettingsPage.classNames[$0] } ?? $0 })
            """
        return HTML.response(HTML.page(title: "Report: \(campaign.creative.headline)", nav: Self.nav, body: body))
    }
}
