import Hummingbird

/// A page of a list: `{"<key>": [...], "next": "<cursor>" | null}`. Lists are in id order; pass `next`
/// back as `after` for the following page.
struct Page<T: Encodable>: Encodable {
    let key: String
    let items: [T]
    let next: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(items, forKey: AnyKey(key))
        try c.encode(next, forKey: AnyKey("next"))
    }

    /// The page after `after` (exclusive) of items sorted by `id`.
    static func of(_ all: [T], key: String, id: (T) -> String, request: Request) throws -> Page {
        let (after, limit) = try parameters(request)
        let rest = after.map { a in all.drop { id($0) <= a } } ?? all[...]
        let items = Array(rest.prefix(limit))
        return Page(key: key, items: items, next: rest.count > limit ? items.last.map(id) : nil)
    }

    /// `after` and `limit` (1-500, default 100) from the query.
    static func parameters(_ request: Request) throws -> (after: String?, limit: Int) {
        let q = request.uri.queryParameters
        var limit = 100
        if let raw = q.get("limit") {
            guard let v = Int(raw), (1...500).contains(v) else {
                throw Problem(status: .badRequest, code: "invalid_parameter", detail: "limit must be a whole number from 1 to 500",
                              field: "limit")
            }
            limit = v
        }
        let after: String? = q.get("after").map { String($0) }
        if let after, after.isEmpty || after.utf8.count > 256 {
            throw Problem(status: .badRequest, code: "invalid_parameter", detail: "after must be a cursor from a previous page",
                          field: "after")
        }
        return (after, limit)
    }
}
