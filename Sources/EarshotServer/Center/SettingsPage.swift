import EarshotCore
import EarshotEngine
import Foundation
import Hummingbird

/// Settings (opt-out, AI products, restricted ad categories, follow-ups, the teen lock) and parent requests.
struct SettingsPage: Sendable {
    let engine: Engine

    static let categoryNames: [RestrictedAdCategory: String] = [
        .alcohol: "Alcohol", .gambling: "Gambling", .dating: "Dating", .weightLoss: "Weight loss",
        .pregnancyParenting: "Pregnancy and parenting",
    ]
    static let classNames: [AISurfaceClass: String] = [
        .chat: "Chats with AI assistants", .voice: "Voice assistants", .glasses: "AI glasses (photos and video they describe)",
        .videoFeed: "AI video feeds", .imageGenerator: "AI image generators",
    ]

    func render(_ id: PersonID, notice: String?) async throws -> Response {
        let p = try await engine.person(id)
        let s = p.settings
        let (level, locked, reason) = try await engine.contentLevel(of: id)
        let adult = reason == "adult"
        func box(_ name: String, _ value: String, _ checked: Bool, _ label: String) -> String {
            let fid = "\(name)-\(value)"
            return "<label for=\"\(fid)\"><input type=\"checkbox\" id=\"\(fid)\" name=\"\(name)\" value=\"\(value)\"\(checked ? " checked" : "")> \(HTML.escape(label))</label>"
        }
        var body = ""
        if locked {
            body += "<section class=\"card\" aria-labelledby=\"lock\"><h2 id=\"lock\">Sensitive content in your feed</h2>"
                + "<p>Your setting is <strong>\(level == .strict ? "strictest" : "standard")</strong> and is locked for your age. "
                + "A parent can approve a change.</p>" + HTML.button("Ask a parent to allow more", action: "/center/approvals") + "</section>"
        }
        body += "<form method=\"post\" action=\"/center/settings\">"
        body += "<fieldset><legend>Ads based on AI interactions</legend>"
            + box("optOut", "on", s.aiAdsOptOut, "Do not use my AI interactions for ads")
            + "<p class=\"muted\">When this is on, Earshot stops using and deletes interests from AI interactions; ads are matched to the page only.</p>"
            + (adult ? "" : "<p>Until you are an adult (or while your age is not on record), you never get ads based on AI interactions, and alcohol, gambling, "
                + "dating, weight-loss and pregnancy ads are always off, whatever is ticked here.</p>")
            + "</fieldset>"
        body += "<fieldset><legend>AI products Earshot may learn from</legend>"
            + AISurfaceClass.allCases.map { box("surface", $0.rawValue, !s.surfacesOff.contains($0), Self.classNames[$0] ?? $0.rawValue) }.joined()
            + "</fieldset>"
        body += "<fieldset><legend>Ad categories to switch off</legend>"
            + RestrictedAdCategory.allCases.map { box("blocked", $0.rawValue, s.blockedAdCategories.contains($0), Self.categoryNames[$0] ?? $0.rawValue) }.joined()
            + "</fieldset>"
        body += "<fieldset><legend>Proactive follow-ups</legend>"
            + box("followUps", "on", s.proactiveFollowUps, "Let the assistant follow up on earlier conversations")
            + "</fieldset>"
        if locked {
            body += "<button type=\"submit\" class=\"primary\">Save settings</button></form>"
        } else {
            body += "<fieldset><legend>Sensitive content in your feed</legend><label for=\"level-strict\"><input type=\"radio\" id=\"level-strict\" name=\"level\" value=\"strict\"\(level == .strict ? " checked" : "")> Strictest</label>"
                + "<label for=\"level-standard\"><input type=\"radio\" id=\"level-standard\" name=\"level\" value=\"standard\"\(level == .standard ? " checked" : "")> Standard</label>"
                + "</fieldset><button type=\"submit\" class=\"primary\">Save settings</button></form>"
        }
        return HTML.response(HTML.page(title: "Settings", nav: PersonPages.nav, notice: notice, body: body))
    }

    func save(_ id: PersonID, _ request: Request) async throws -> Response {
        let form = try await FormBody.read(request)
        let on = Set(form.all("surface"))
        var change = SettingsChange(
            aiAdsOptOut: form.first("optOut") == "on",
            surfacesOff: AISurfaceClass.allCases.filter { !on.contains($0.rawValue) },
            blockedAdCategories: try form.all("blocked").map { v in
                guard let c = RestrictedAdCategory(rawValue: v) else { throw Self.invalid("blocked") }
                return c
            },
            proactiveFollowUps: form.first("followUps") == "on")
        if let level = form.first("level") {
            guard let l = SensitiveContentLevel(rawValue: level) else { throw Self.invalid("level") }
            let (_, locked, _) = try await engine.contentLevel(of: id)
            if !locked { change.sensitiveContentLevel = l }
        }
        _ = try await engine.updateSettings(id, change)
        return HTML.redirect("/center/settings?done=settings")
    }

    private static func invalid(_ field: String) -> Problem {
        Problem(status: .badRequest, code: "invalid_form", detail: "\(field) has a value that is not offered", field: field)
    }

    /// Requests the person made (as a teen) and requests waiting for them (as a parent).
    func approvals(_ id: PersonID, notice: String?) async throws -> Response {
        let requests = try await engine.approvals(id)
        var body = ""
        let waiting = requests.filter { $0.parentID == id && $0.status == .pending }
        body += "<h2>Waiting for your answer</h2>"
        body += waiting.isEmpty ? "<p>No requests are waiting for you.</p>" : waiting.map { r in
            "<div class=\"card\"><p>\(HTML.escape(r.teenID.rawValue)) asks to see standard rather than the strictest sensitive content "
                + "(asked \(HTML.date(r.createdAt))).</p>"
                + HTML.button("Approve", action: "/center/approvals/\(HTML.path(r.id))", style: "primary", hidden: [("decision", "approve")]) + " "
                + HTML.button("Refuse", action: "/center/approvals/\(HTML.path(r.id))", style: "danger", hidden: [("decision", "refuse")])
                + "</div>"
        }.joined()
        let mine = requests.filter { $0.teenID == id }
        body += "<h2>Your requests</h2>"
        body += mine.isEmpty ? "<p>You have not asked for any change.</p>" : "<ul>" + mine.map {
            "<li>Asked \(HTML.date($0.createdAt)): \($0.status.rawValue)</li>"
        }.joined() + "</ul>"
        return HTML.response(HTML.page(title: "Requests", nav: PersonPages.nav, notice: notice, body: body))
    }
}
