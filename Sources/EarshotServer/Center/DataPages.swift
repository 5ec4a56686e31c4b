import EarshotCore
import EarshotEngine
import Foundation
import Hummingbird

/// "Download my data" (JSON) and "Delete my data" (with confirmation).
struct DataPages: Sendable {
    let engine: Engine
    let center: CenterRoutes

    typealias AsPerson = @Sendable (EarshotContext, (PersonID) async throws -> Response) async throws -> Response

    func register(_ r: Registrar, person: @escaping AsPerson) {
        r.get("center/data", .anyone) { request, context in
            try await person(context) { _ in
                let failed = request.uri.queryParameters.get("confirm") == "missing"
                return HTML.response(HTML.page(title: "Your data", nav: PersonPages.nav,
                                               notice: failed ? "Tick the box to confirm that you want everything deleted." : nil,
                                               error: failed, body: """
                    <h2>Download your data</h2>
                    <p>Everything Earshot stores about you as JSON: your settings, linked accounts, interests with the products \
                    and dates they came from, and the event ids they were derived from. Conversation text is never stored.</p>
                    <p><a href="/center/data/export" download="earshot-data.json">Download my data (JSON)</a></p>
                    <h2>Delete your data</h2>
                    <form method="post" action="/center/data/delete" class="card">
                    <label for="confirm"><input type="checkbox" id="confirm" name="confirm" value="yes" required> \
                    I understand that this deletes my interests, settings, linked accounts and history, and cannot be undone.</label>
                    <button type="submit" class="danger">Delete my data</button></form>
                    """))
            }
        }
        r.get("center/data/export", .anyone) { _, context in
            try await person(context) { id in
                let data = try JSONCoding.encoder(pretty: true).encode(try await engine.export(id))
                return Response(status: .ok, headers: [
                    .contentType: "application/json", .contentDisposition: "attachment; filename=\"earshot-data.json\"",
                    .cacheControl: "no-store",
                ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
        }
        r.post("center/data/delete", .anyone) { request, context in
            try center.checkSameSite(request)
            return try await person(context) { id in
                let form = try await FormBody.read(request)
                guard form.first("confirm") == "yes" else { return HTML.redirect("/center/data?confirm=missing") }
                _ = try await engine.forget(id)
                return HTML.response(HTML.page(title: "Your data is deleted", nav: [], body: """
                    <p>Earshot deleted everything it held about you, including this session.</p>
                    <p><a href="/center/login">Back to sign in</a></p>
                    """), headers: [.setCookie: center.cookie("", maxAge: 0)])
            }
        }
    }
}
