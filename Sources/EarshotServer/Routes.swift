import EarshotCore
import EarshotEngine
import EarshotStore
import Foundation
import Hummingbird

/// The `/v1` JSON API: people, accounts, events, profiles, ads and feeds. Privacy, advertising and
/// access routes are in the other `Routes+` files. Every route declares its ``AccessRule``.
struct Routes: Sendable {
    let engine: Engine
    let body: JSONBody

    func register(_ r: Registrar) {
        r.get("healthz", .anyone) { _, _ in try JSONBody.response(["status": "ok"]) }
        // Ready when the store answers a read.
        r.get("readyz", .anyone) { _, _ in
            do {
                _ = try await engine.store.people(after: nil, limit: 1)
                return try JSONBody.response(["status": "ready"])
            } catch {
                return try JSONBody.response(["status": "store unavailable"], status: .serviceUnavailable)
            }
        }
        r.get("v1/people", .operatorOnly) { request, _ in
            let (after, limit) = try Page<Person>.parameters(request)
            let people = try await engine.store.people(after: after.map { PersonID($0) }, limit: limit + 1)
            let page = Array(people.prefix(limit))
            return try JSONBody.response(Page(key: "people", items: page,
                                              next: people.count > limit ? page.last?.id.rawValue : nil))
        }
        r.post("v1/people", .operatorOnly) { request, _ in
            let people = try await all(Person.self, key: "people", request)
            try await engine.upsertPeople(people)
            return try JSONBody.response(["upserted": people.count])
        }
        r.get("v1/people/:id", .person) { _, context in
            try JSONBody.response(try await engine.person(try personID(context)))
        }
        r.delete("v1/people/:id", .person) { _, context in
            try JSONBody.response(try await engine.forget(try personID(context)))
        }
        r.post("v1/accounts", .operatorOnly) { request, _ in
            let accounts = try await all(Account.self, key: "accounts", request)
            try await engine.upsertAccounts(accounts)
            return try JSONBody.response(["upserted": accounts.count])
        }
        r.post("v1/events", .scope(.ingest)) { request, _ in try await ingest(request) }
        r.get("v1/events/:id/explanation", .authenticated) { _, context in
            let id = EventID(try context.parameters.require("id"))
            try await context.requireOwner { try await engine.store.eventRecord(id)?.personID }
            return try JSONBody.response(try await engine.explainEvent(id))
        }
        r.get("v1/people/:id/profile", .person) { _, context in
            try JSONBody.response(try await engine.profile(try personID(context)))
        }
        r.get("v1/people/:id/ads", .operatorOnly) { request, context in
            let q = request.uri.queryParameters
            let surface = Surface(String(q.get("surface") ?? "social_feed"))
            let slots = try intParameter(q.get("slots"), name: "slots", default: 3, range: 1...10)
            let ads = try await engine.ads(for: try personID(context), surface: surface, slots: slots)
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: AdsJSON.encode(ads))))
        }
        r.get("v1/people/:id/feed", .operatorOnly) { request, context in
            let q = request.uri.queryParameters
            let surface = Surface(String(q.get("surface") ?? "social_feed"))
            let limit = try intParameter(q.get("limit"), name: "limit", default: 20, range: 1...100)
            return try JSONBody.response(try await engine.feed(for: try personID(context), surface: surface, limit: limit))
        }
        r.post("v1/maintenance/purge", .operatorOnly) { _, _ in try JSONBody.response(["purged": try await engine.purgeExpired()]) }
        registerPrivacy(r)
        registerAdvertising(r)
        registerAccess(r)
    }

    private func ingest(_ request: Request) async throws -> Response {
        let rows = try await body.batch(InteractionEvent.self, key: "events", from: request)
        try engine.checkBatch(rows.count)
        var valid: [(Int, InteractionEvent)] = []
        var rejected: [IngestReport.Rejection] = []
        for (index, result) in rows {
            switch result {
            case .success(let e): valid.append((index, e))
            case .failure(let error):
                let (field, message) = JSONCoding.describe(error)
                rejected.append(.init(index: index, eventID: nil, field: field, message: "\(field) \(message)"))
            }
        }
        var report = try await engine.ingest(valid.map(\.1))
        // Map indices within the valid subset back to request positions.
        report.rejected = report.rejected.map { r in
            var r = r
            r.index = valid[r.index].0
            return r
        } + rejected
        report.rejected.sort { $0.index < $1.index }
        return try JSONBody.response(report)
    }

    func personID(_ context: EarshotContext) throws -> PersonID { PersonID(try context.parameters.require("id")) }

    /// Decodes a batch that is applied all or nothing: any invalid element fails the request with every problem.
    func all<T: Decodable>(_ type: T.Type, key: String, _ request: Request) async throws -> [T] {
        let rows = try await body.batch(type, key: key, from: request)
        try engine.checkBatch(rows.count)
        var values: [T] = []
        var problems: [Problem.Item] = []
        for (index, result) in rows {
            switch result {
            case .success(let v): values.append(v)
            case .failure(let error):
                let (field, message) = JSONCoding.describe(error)
                problems.append(.init(index: index, field: field, message: message))
            }
        }
        if let first = problems.first {
            throw Problem(status: .badRequest, code: "invalid_items",
                          detail: "\(problems.count) item(s) are invalid; nothing was applied. First: \(first.field) \(first.message)",
                          field: first.field, errors: problems)
        }
        return values
    }

    func intParameter(_ raw: String?, name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw else { return value }
        guard let v = Int(raw), range.contains(v) else {
            throw Problem(status: .badRequest, code: "invalid_parameter",
                          detail: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)", field: name)
        }
        return v
    }
}
