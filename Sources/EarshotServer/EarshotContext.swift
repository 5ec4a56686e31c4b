import EarshotCore
import Hummingbird

/// The request context of Earshot's routes: Hummingbird's core storage plus who is calling.
public struct EarshotContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``Authentication`` from a bearer token or the transparency center's session cookie.
    public var principal: Principal?
    /// Set by ``Authentication`` when the principal came from the session cookie (HTML pages).
    public var viaCookie = false

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}

/// Resolves `Authorization: Bearer <token>` (or, for the transparency center, the session cookie) to a principal.
/// A request without a valid token goes on without one; each route's ``AccessRule`` decides.
struct Authentication: RouterMiddleware {
    typealias Context = EarshotContext
    static let cookieName = "earshot_session"
    let authenticate: @Sendable (String) async throws -> Principal?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), let principal = try await authenticate(String(header.dropFirst(7))) else {
                throw Problem(status: .unauthorized, code: "unauthenticated", detail: "the bearer token is not valid",
                              field: "Authorization")
            }
            context.principal = principal
        } else if let token = Self.cookie(Self.cookieName, in: request), let principal = try await authenticate(token) {
            context.principal = principal
            context.viaCookie = true
        }
        return try await next(request, context)
    }

    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0] == name { return String(pair[1]) }
            }
        }
        return nil
    }
}
