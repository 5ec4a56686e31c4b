import EarshotCore
import EarshotEngine
import Foundation
import Hummingbird

/// API keys and person sessions (operator only), and signing out.
extension Routes {
    private struct KeyBody: Decodable {
        let scopes: [Scope]
        let label: String?
        /// Lifetime in seconds; keys default to no expiry, sessions to 12 hours.
        let lifetimeSeconds: Int?
    }
    private struct SessionBody: Decodable {
        let scope: Scope
        let lifetimeSeconds: Int?
    }

    func registerAccess(_ r: Registrar) {
        r.get("v1/keys", .operatorOnly) { request, _ in
            let keys = try await engine.credentials().sorted { $0.id < $1.id }.map(CredentialView.init)
            return try JSONBody.response(try Page.of(keys, key: "keys", id: \.id, request: request))
        }
        r.post("v1/keys", .operatorOnly) { request, _ in
            let key = try await body.decode(KeyBody.self, from: request)
            let issued = try await engine.issueCredential(kind: .apiKey, scopes: key.scopes, label: key.label ?? "",
                                                          lifetime: try lifetime(key.lifetimeSeconds))
            return try JSONBody.response(IssuedView(issued), status: .created)
        }
        r.delete("v1/keys/:id", .operatorOnly) { _, context in
            let id = try context.parameters.require("id")
            try await engine.revokeCredential(id)
            return try JSONBody.response(["revoked": id])
        }
        r.post("v1/sessions", .operatorOnly) { request, _ in
            let session = try await body.decode(SessionBody.self, from: request)
            let issued = try await engine.issueCredential(kind: .session, scopes: [session.scope], label: "session",
                                                          lifetime: try lifetime(session.lifetimeSeconds))
            return try JSONBody.response(IssuedView(issued), status: .created)
        }
        r.delete("v1/sessions/current", .authenticated) { _, context in
            let principal = try context.requirePrincipal()
            guard principal.kind == .session else {
                throw Problem(status: .badRequest, code: "not_a_session", detail: "only sessions sign out; revoke keys instead",
                              field: "Authorization")
            }
            try await engine.revokeCredential(principal.credentialID)
            return try JSONBody.response(["signedOut": true])
        }
    }

    private func lifetime(_ seconds: Int?) throws -> TimeInterval? {
        guard let seconds else { return nil }
        guard (60...(366 * 86_400)).contains(seconds) else {
            throw Problem(status: .badRequest, code: "invalid_json", detail: "lifetimeSeconds must be from 60 to 31622400",
                          field: "lifetimeSeconds")
        }
        return TimeInterval(seconds)
    }
}

/// A credential as the API shows it: never the hash of its secret.
struct CredentialView: Encodable {
    let id: String
    let kind: Credential.Kind
    let scopes: [Scope]
    let label: String
    let createdAt: Date
    let expiresAt: Date?
    let revokedAt: Date?

    init(_ c: Credential) {
        (id, kind, scopes, label, createdAt, expiresAt, revokedAt) = (c.id, c.kind, c.scopes, c.label, c.createdAt, c.expiresAt, c.revokedAt)
    }
}

/// A new credential with its token, shown once.
struct IssuedView: Encodable {
    let credential: CredentialView
    let token: String
    init(_ issued: Engine.IssuedCredential) {
        credential = CredentialView(issued.credential)
        token = issued.token
    }
}
