import EarshotCore
import EarshotEngine
import EarshotStore
import Foundation
import Hummingbird

/// The `/v1` JSON API.
struct Routes: Sendable {
    let engine: Engine
    let body: JSONBody

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in try JSONBody.response(["status": "ok"]) }
        // Ready when the store answers a read.
        router.get("/readyz") { _, _ in
            do {
                _ = try await engine.store.people(after: nil, limit: 1)
                return try JSONBody.response(["status": "ready"])
            } catch {
                return try JSONBody.response(["status": "store unavailable"], status: .serviceUnavailable)
            }
        }

        let v1 = router.group("v1")
        v1.post("people") { request, _ in
            let people = try await all(Person.self, key: "people", request)
            try await engine.upsertPeople(people)
            return try JSONBody.response(["upserted": people.count])
        }
        v1.get("people/:id") { _, context in
            try JSONBody.response(try await engine.person(PersonID(try context.parameters.require("id"))))
        }
        v1.delete("people/:id") { _, context in
            try JSONBody.response(try await engine.forget(PersonID(try context.parameters.require("id"))))
        }
        v1.post("accounts") { request, _ in
            let accounts = try await all(Account.self, key: "accounts", request)
            try await engine.upsertAccounts(accounts)
            return try JSONBody.response(["upserted": accounts.count])
        }
        v1.post("events") { request, _ in
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
        v1.get("events/:id/explanation") { _, context in
            try JSONBody.response(try await engine.explainEvent(EventID(try context.parameters.require("id"))))
        }
        v1.get("people/:id/profile") { _, context in
            try JSONBody.response(try await engine.profile(PersonID(try context.parameters.require("id"))))
        }
        v1.get("people/:id/ads") { request, context in
            let q = request.uri.queryParameters
            let surface = Surface(String(q.get("surface") ?? "social_feed"))
            let slots = try intParameter(q.get("slots"), name: "slots", default: 3)
            return try JSONBody.response(
                try await engine.ads(for: PersonID(try context.parameters.require("id")), surface: surface, slots: slots))
        }
        v1.get("people/:id/feed") { request, context in
            let q = request.uri.queryParameters
            let surface = Surface(String(q.get("surface") ?? "social_feed"))
            let limit = try intParameter(q.get("limit"), name: "limit", default: 20)
            return try JSONBody.response(
                try await engine.feed(for: PersonID(try context.parameters.require("id")), surface: surface, limit: limit))
        }
        registerPrivacy(v1)
        v1.get("impressions/:id/explanation") { _, context in
            try JSONBody.response(try await engine.impression(ImpressionID(try context.parameters.require("id"))))
        }
        v1.post("impressions/:id/click") { _, context in
            try await engine.recordClick(ImpressionID(try context.parameters.require("id")))
            return try JSONBody.response(["clicked": true])
        }
        v1.post("campaigns/reach-estimate") { request, _ in
            let draft = try await body.decode(Campaign.self, from: request)
            let (estimate, k) = try await engine.reachEstimate(draft)
            return try JSONBody.response(ReachEstimate(estimate: estimate, k: k,
                                                       note: estimate == nil ? "fewer than \(k) people" : "rounded down to a multiple of 10"))
        }
        v1.get("campaigns/:id/report") { _, context in
            try JSONBody.response(try await engine.report(CampaignID(try context.parameters.require("id"))))
        }
        v1.get("campaigns") { _, _ in try JSONBody.response(["campaigns": try await engine.campaigns()]) }
        v1.post("campaigns") { request, _ in
            let campaigns = try await all(Campaign.self, key: "campaigns", request)
            try await engine.upsertCampaigns(campaigns)
            return try JSONBody.response(["upserted": campaigns.count])
        }
        v1.get("feed-items") { _, _ in try JSONBody.response(["items": try await engine.feedItems()]) }
        v1.post("feed-items") { request, _ in
            let items = try await all(FeedItem.self, key: "items", request)
            try await engine.upsertFeedItems(items)
            return try JSONBody.response(["upserted": items.count])
        }
    }

    private struct NoticeBody: Decodable { let version: String }
    private struct ReachEstimate: Encodable { let estimate: Int?; let k: Int; let note: String }
    private struct DecisionBody: Decodable { let parentID: PersonID; let approve: Bool }

    /// Settings, notice, interest controls, export, audit, parent approvals and retention.
    private func registerPrivacy(_ v1: RouterGroup<BasicRequestContext>) {
        @Sendable func person(_ context: BasicRequestContext) throws -> PersonID { PersonID(try context.parameters.require("id")) }
        @Sendable func topic(_ context: BasicRequestContext) throws -> TopicID { TopicID(try context.parameters.require("topic")) }
        v1.patch("people/:id/settings") { request, context in
            let change = try await body.decode(SettingsChange.self, from: request)
            return try JSONBody.response(try await engine.updateSettings(try person(context), change))
        }
        v1.post("people/:id/notice") { request, context in
            let notice = try await body.decode(NoticeBody.self, from: request)
            return try JSONBody.response(try await engine.recordNotice(try person(context), version: notice.version))
        }
        v1.delete("people/:id/interests/:topic") { _, context in
            try JSONBody.response(["withdrawn": try await engine.removeInterest(try person(context), topic: try topic(context))])
        }
        v1.post("people/:id/interests/:topic/see-less") { _, context in
            try await engine.seeLess(try person(context), topic: try topic(context))
            return try JSONBody.response(["seeLess": try topic(context).rawValue])
        }
        v1.get("people/:id/segments") { _, context in try JSONBody.response(try await engine.segments(for: try person(context))) }
        v1.get("people/:id/export") { _, context in try JSONBody.response(try await engine.export(try person(context))) }
        v1.get("people/:id/audit") { _, context in
            try JSONBody.response(["records": try await engine.audit(try person(context))])
        }
        v1.get("people/:id/approval-requests") { _, context in
            try JSONBody.response(["requests": try await engine.approvals(try person(context))])
        }
        v1.post("people/:id/approval-requests") { _, context in
            try JSONBody.response(try await engine.requestLooserContent(try person(context)), status: .created)
        }
        v1.post("approval-requests/:id/decision") { request, context in
            let decision = try await body.decode(DecisionBody.self, from: request)
            return try JSONBody.response(try await engine.decideApproval(try context.parameters.require("id"),
                                                                         by: decision.parentID, approve: decision.approve))
        }
        v1.post("maintenance/purge") { _, _ in try JSONBody.response(["purged": try await engine.purgeExpired()]) }
    }

    /// Decodes a batch that is applied all or nothing: any invalid element fails the request with every problem.
    private func all<T: Decodable>(_ type: T.Type, key: String, _ request: Request) async throws -> [T] {
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

    private func intParameter(_ raw: String?, name: String, default value: Int) throws -> Int {
        guard let raw else { return value }
        guard let v = Int(raw) else {
            throw Problem(status: .badRequest, code: "invalid_parameter", detail: "\(name) must be a whole number", field: name)
        }
        return v
    }
}
