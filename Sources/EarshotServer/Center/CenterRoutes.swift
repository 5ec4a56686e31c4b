import EarshotCore
import EarshotEngine
import Foundation
import HTTPTypes
import Hummingbird

/// The transparency center: server-rendered pages for people, parents and advertisers.
///
/// Sign-in takes a session token (issued by the operator, e.g. `earshot keys session --person ava`) or an
/// advertiser API key (exchanged for a session), and keeps it in an HttpOnly, SameSite=Strict cookie.
/// Posts are refused when the browser says they come from another site.
struct CenterRoutes: Sendable {
    let engine: Engine

    func register(_ r: Registrar) {
        r.get("center/login", .anyone) { _, _ in HTML.response(loginPage()) }
        r.post("center/login", .anyone) { request, _ in try await login(request) }
        r.post("center/logout", .anyone) { request, context in
            try checkSameSite(request)
            if let p = context.principal, context.viaCookie, p.kind == .session { try? await engine.revokeCredential(p.credentialID) }
            return HTML.redirect("/center/login?signed-out", headers: [.setCookie: cookie("", maxAge: 0)])
        }
        r.get("center", .anyone) { request, context in
            switch try signedIn(context) {
            case .person(let id): return try await PersonPages(engine: engine).interests(id, notice: notice(request))
            case .advertiser: return HTML.redirect("/center/advertiser")
            case nil: return HTML.redirect("/center/login")
            }
        }
        PersonPages(engine: engine).register(r, center: self)
        AdvertiserPages(engine: engine).register(r, center: self)
    }

    enum Who { case person(PersonID), advertiser(AdvertiserID) }

    /// Who is signed in through the cookie; nil when nobody is.
    func signedIn(_ context: EarshotContext) throws -> Who? {
        guard let p = context.principal else { return nil }
        if let person = p.person { return .person(person) }
        if let advertiser = p.advertisers.first { return .advertiser(advertiser) }
        throw Problem(status: .forbidden, code: "forbidden", detail: "the transparency center is for people and advertisers")
    }

    /// Refuses cross-site form posts (the cookie is SameSite=Strict as well).
    func checkSameSite(_ request: Request) throws {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            throw Problem(status: .forbidden, code: "cross_site", detail: "forms must be sent from the transparency center itself")
        }
        if let origin = request.headers[HTTPField.Name("Origin")!], origin != "null",
           let host = request.head.authority,
           URL(string: origin)?.host.map({ h in host == h || host.hasPrefix(h + ":") }) != true {
            throw Problem(status: .forbidden, code: "cross_site", detail: "forms must be sent from the transparency center itself")
        }
    }

    func cookie(_ token: String, maxAge: Int) -> String {
        "\(Authentication.cookieName)=\(token); Path=/center; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)"
    }

    func notice(_ request: Request) -> String? {
        guard let done = request.uri.queryParameters.get("done") else { return nil }
        return [
            "removed": "Removed, with its narrower topics. Earshot will not use them again.",
            "less": "Done. You will see less of that topic.",
            "settings": "Your settings are saved.",
            "asked": "Your parent has been asked.",
            "decided": "Your answer is recorded.",
        ][String(done)]
    }

    private func login(_ request: Request) async throws -> Response {
        try checkSameSite(request)
        let form = try await FormBody.read(request)
        let token = (form.first("token") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let principal = try await engine.authenticate(token: token) else {
            return HTML.response(loginPage(error: "That sign-in code is not valid or has expired."), status: .unauthorized)
        }
        var session = token
        if principal.kind == .apiKey {
            // An advertiser's API key is exchanged for a session; other keys do not open the center.
            guard principal.person == nil, let advertiser = principal.advertisers.first else {
                return HTML.response(loginPage(error: "Use a personal sign-in code or an advertiser key."), status: .forbidden)
            }
            session = try await engine.issueCredential(kind: .session, scopes: [.advertiser(advertiser)], label: "center sign-in").token
        } else if principal.person == nil && principal.advertisers.isEmpty {
            return HTML.response(loginPage(error: "Use a personal sign-in code or an advertiser key."), status: .forbidden)
        }
        let home = principal.person != nil ? "/center" : "/center/advertiser"
        return HTML.redirect(home, headers: [.setCookie: cookie(session, maxAge: 12 * 3600)])
    }

    private func loginPage(error: String? = nil) -> String {
        HTML.page(title: "Sign in", nav: [], notice: error, error: error != nil, body: """
            <p>See what Earshot learned from your conversations with AI assistants, why you see an ad, and change it.</p>
            <form method="post" action="/center/login" class="card">
            <label for="token">Sign-in code</label>
            <input type="password" id="token" name="token" autocomplete="off" required aria-describedby="token-help">
            <p id="token-help" class="muted">Your app gives you a sign-in code. Advertisers can use their API key.</p>
            <button type="submit" class="primary">Sign in</button></form>
            """)
    }
}
