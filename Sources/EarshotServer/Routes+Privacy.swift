import EarshotCore
import EarshotEngine
import Foundation
import Hummingbird

/// A person's controls: settings, notice, interest removal and "see less", export, audit, parent approvals.
extension Routes {
    private struct NoticeBody: Decodable { let version: String }
    private struct DecisionBody: Decodable { let parentID: PersonID?; let approve: Bool }

    func registerPrivacy(_ r: Registrar) {
        @Sendable func topic(_ context: EarshotContext) throws -> TopicID { TopicID(try context.parameters.require("topic")) }
        r.patch("v1/people/:id/settings", .person) { request, context in
            let change = try await body.decode(SettingsChange.self, from: request)
            return try JSONBody.response(try await engine.updateSettings(try personID(context), change))
        }
        r.post("v1/people/:id/notice", .person) { request, context in
            let notice = try await body.decode(NoticeBody.self, from: request)
            return try JSONBody.response(try await engine.recordNotice(try personID(context), version: notice.version))
        }
        r.delete("v1/people/:id/interests/:topic", .person) { _, context in
            try JSONBody.response(["withdrawn": try await engine.removeInterest(try personID(context), topic: try topic(context))])
        }
        r.post("v1/people/:id/interests/:topic/see-less", .person) { _, context in
            try await engine.seeLess(try personID(context), topic: try topic(context))
            return try JSONBody.response(["seeLess": try topic(context).rawValue])
        }
        r.get("v1/people/:id/segments", .scope(.exchange)) { _, context in
            try JSONBody.response(try await engine.segments(for: try personID(context)))
        }
        r.post("v1/exchange-users", .operatorOnly) { request, _ in
            let users = try await all(ExchangeUser.self, key: "exchangeUsers", request)
            try await engine.registerExchangeUsers(users)
            return try JSONBody.response(["registered": users.count])
        }
        r.get("v1/people/:id/export", .person) { _, context in try JSONBody.response(try await engine.export(try personID(context))) }
        r.get("v1/people/:id/audit", .person) { request, context in
            let records = try await engine.audit(try personID(context))
            let (after, limit) = try Page<AuditRecord>.parameters(request)
            // Newest first; the cursor is a position.
            let start = try after.map { a -> Int in
                guard let n = Int(a), n >= 0 else {
                    throw Problem(status: .badRequest, code: "invalid_parameter", detail: "after must be a cursor from a previous page",
                                  field: "after")
                }
                return n
            } ?? 0
            let page = Array(records.dropFirst(start).prefix(limit))
            return try JSONBody.response(Page(key: "records", items: page,
                                              next: start + limit < records.count ? String(start + limit) : nil))
        }
        r.get("v1/people/:id/approval-requests", .personOrParent) { request, context in
            let requests = try await engine.approvals(try personID(context))
            return try JSONBody.response(try Page.of(requests, key: "requests", id: \.id, request: request))
        }
        r.post("v1/people/:id/approval-requests", .person) { _, context in
            try JSONBody.response(try await engine.requestLooserContent(try personID(context)), status: .created)
        }
        r.post("v1/approval-requests/:id/decision", .authenticated) { request, context in
            let principal = try context.requirePrincipal()
            let decision = try await body.decode(DecisionBody.self, from: request)
            // A parent decides as themself; the operator names the parent.
            let parent: PersonID
            if let caller = principal.person, !principal.isOperator {
                guard decision.parentID == nil || decision.parentID == caller else { throw Problem.forbidden }
                parent = caller
            } else if principal.isOperator, let named = decision.parentID {
                parent = named
            } else if principal.isOperator {
                throw Problem(status: .badRequest, code: "invalid_json", detail: "parentId is required", field: "parentId")
            } else {
                throw Problem.forbidden
            }
            return try JSONBody.response(try await engine.decideApproval(try context.parameters.require("id"), by: parent,
                                                                         approve: decision.approve))
        }
    }
}
