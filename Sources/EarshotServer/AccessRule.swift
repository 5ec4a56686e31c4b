import EarshotCore
import Hummingbird

/// Who may call a route. Checked before the handler runs, and before any lookup, so a refusal never
/// reveals whether the object exists. Routes whose objects carry their owner (campaigns, impressions,
/// events, approval decisions) use ``authenticated`` and check ownership in the handler with the same
/// refusal for "missing" and "not yours".
public enum AccessRule: Sendable, Hashable, CustomStringConvertible {
    /// No credential needed (health, readiness, metrics, the center's login page).
    case anyone
    /// Any valid credential; the handler checks ownership.
    case authenticated
    /// The operator only.
    case operatorOnly
    /// This scope, or the operator.
    case scope(Scope)
    /// The person named by the `:id` path parameter, or the operator.
    case person
    /// The person named by `:id`, their linked parent, or the operator.
    case personOrParent
    /// Any advertiser key or session, or the operator; the handler limits it to the caller's own advertisers.
    case advertising

    public var description: String {
        switch self {
        case .anyone: "anyone"
        case .authenticated: "authenticated"
        case .operatorOnly: "operator"
        case .scope(let s): "\(s) or operator"
        case .person: "the person or operator"
        case .personOrParent: "the person, their parent, or operator"
        case .advertising: "an advertiser (its own only) or operator"
        }
    }
}

/// One registered route, for the route catalog that tests compare with `openapi.yaml`.
public struct RouteSpec: Sendable, Hashable {
    public let method: String
    /// Hummingbird form, `/v1/people/:id`.
    public let path: String
    public let access: AccessRule

    /// OpenAPI form, `/v1/people/{id}`.
    public var openAPIPath: String {
        "/" + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }
}

extension Problem {
    static let unauthenticated = Problem(status: .unauthorized, code: "unauthenticated",
                                         detail: "this endpoint needs a bearer token", field: "Authorization")
    static let forbidden = Problem(status: .forbidden, code: "forbidden",
                                   detail: "this credential may not do this, or the object does not exist for it")
}

extension EarshotContext {
    /// The principal, or a 401.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw Problem.unauthenticated }
        return principal
    }

    /// For objects that belong to a person (events, impressions): the operator, or that person. The owner
    /// is looked up only for non-operators, and a missing object gets the same 403 as someone else's.
    func requireOwner(_ owner: () async throws -> PersonID?) async throws {
        let principal = try requirePrincipal()
        if principal.isOperator { return }
        guard let person = try await owner(), principal.mayActFor(person) else { throw Problem.forbidden }
    }

    /// Throws 403 unless the check holds.
    func require(_ allowed: (Principal) -> Bool) throws -> Principal {
        let p = try requirePrincipal()
        guard allowed(p) else { throw Problem.forbidden }
        return p
    }
}
