import Foundation
import HTTPTypes
import Hummingbird

/// Server-rendered HTML for the transparency center: escaping, the page frame and small form helpers.
/// No JavaScript; every action is a form that posts and redirects.
enum HTML {
    /// Escapes text for element content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Percent-encodes a path segment.
    static func path(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }

    static let style = """
        :root{color-scheme:light;--ink:#1b1b1f;--muted:#55565c;--line:#d6d7dc;--accent:#0b57d0;--bg:#fafafb}
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--ink);background:var(--bg)}
        a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f9ab00;outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px}
        header{background:#fff;border-bottom:1px solid var(--line);padding:12px 16px}header strong{font-size:1.1rem}
        nav ul{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
        main{max-width:760px;margin:0 auto;padding:16px}h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
        .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:0 0 12px}
        .card>:first-child{margin-top:0}.card>:last-child{margin-bottom:0}.scroll{overflow-x:auto}
        .muted{color:var(--muted)}.meter{display:block;width:100%;height:8px;background:#e8eaf0;border-radius:4px;overflow:hidden;max-width:240px}
        .meter span{display:block;height:100%;background:var(--accent)}
        form.inline{display:inline}button{font:inherit;padding:8px 14px;border-radius:6px;border:1px solid var(--accent);background:#fff;color:var(--accent);cursor:pointer;min-height:44px}
        button.primary{background:var(--accent);color:#fff}button.danger{border-color:#b3261e;color:#b3261e}
        fieldset{border:1px solid var(--line);border-radius:8px;margin:0 0 12px;padding:8px 16px}
        label{display:block;margin:6px 0}input[type=text],input[type=password]{font:inherit;width:100%;padding:8px;border:1px solid var(--line);border-radius:6px}
        table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line)}
        .notice{background:#e7f0fe;border:1px solid #a8c7fa;border-radius:8px;padding:8px 12px;margin:0 0 12px}
        .error{background:#fce8e6;border-color:#f4b5ae}
        """

    /// A whole page: skip link, header with navigation, one `main` landmark with an `h1`.
    static func page(title: String, nav: [(href: String, label: String)], notice: String? = nil, error: Bool = false,
                     body: String) -> String {
        let links = nav.map { "<li><a href=\"\($0.href)\">\(escape($0.label))</a></li>" }.joined()
        let banner = notice.map { "<p class=\"notice\(error ? " error" : "")\" role=\"status\">\(escape($0))</p>" } ?? ""
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>\(escape(title)) · Earshot transparency center</title><style>\(style)</style></head><body>\
            <a class="skip" href="#main">Skip to content</a>\
            <header><strong>Earshot transparency center</strong>\(links.isEmpty ? "" : "<nav aria-label=\"Main\"><ul>\(links)</ul></nav>")</header>\
            <main id="main"><h1>\(escape(title))</h1>\(banner)\(body)</main></body></html>
            """
    }

    /// A form with one button that posts to `action`.
    static func button(_ label: String, action: String, style: String = "", accessibleLabel: String? = nil,
                       hidden: [(String, String)] = []) -> String {
        let fields = hidden.map { "<input type=\"hidden\" name=\"\(escape($0.0))\" value=\"\(escape($0.1))\">" }.joined()
        let aria = accessibleLabel.map { " aria-label=\"\(escape($0))\"" } ?? ""
        return "<form class=\"inline\" method=\"post\" action=\"\(action)\">\(fields)<button type=\"submit\" class=\"\(style)\"\(aria)>\(escape(label))</button></form>"
    }

    static func response(_ html: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static func date(_ d: Date) -> String {
        d.formatted(.iso8601.year().month().day())
    }
}

/// An `application/x-www-form-urlencoded` body.
struct FormBody {
    private(set) var values: [String: [String]] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            values[decode(kv[0]), default: []].append(kv.count > 1 ? decode(kv[1]) : "")
        }
    }

    static func read(_ request: Request, limit: Int = 16 * 1024) async throws -> FormBody {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return FormBody(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    func first(_ name: String) -> String? { values[name]?.first }
    func all(_ name: String) -> [String] { values[name] ?? [] }
}
