import EarshotCore
import EarshotEngine
import Hummingbird

/// Registers routes with their ``AccessRule`` and records them in a catalog (compared with `openapi.yaml` by tests).
final class Registrar {
    let router: Router<EarshotContext>
    let engine: Engine
    private(set) var specs: [RouteSpec] = []

    init(router: Router<EarshotContext>, engine: Engine) {
        self.router = router
        self.engine = engine
    }

    typealias Handler = @Sendable (Request, EarshotContext) async throws -> Response

    func get(_ path: String, _ access: AccessRule, _ handler: @escaping Handler) { add(.get, path, access, handler) }
    func post(_ path: String, _ access: AccessRule, _ handler: @escaping Handler) { add(.post, path, access, handler) }
    func patch(_ path: String, _ access: AccessRule, _ handler: @escaping Handler) { add(.patch, path, access, handler) }
    func delete(_ path: String, _ access: AccessRule, _ handler: @escaping Handler) { add(.delete, path, access, handler) }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ access: AccessRule, _ handler: @escaping Handler) {
        specs.append(RouteSpec(method: method.rawValue, path: path, access: access))
        let engine = self.engine
        router.on(RouterPath(path), method: method) { request, context in
            try await Self.check(access, context: context, engine: engine)
            return try await handler(request, context)
        }
    }

    /// Enforces a rule before the handler looks anything up.
    static func check(_ access: AccessRule, context: EarshotContext, engine: Engine) async throws {
        switch access {
        case .anyone: return
        case .authenticated: _ = try context.requirePrincipal()
        case .operatorOnly: _ = try context.require { $0.isOperator }
        case .scope(let scope): _ = try context.require { $0.has(scope) }
        case .advertising: _ = try context.require { $0.isOperator || !$0.advertisers.isEmpty }
        case .person:
            let id = PersonID(try context.parameters.require("id"))
            _ = try context.require { $0.mayActFor(id) }
        case .personOrParent:
            let id = PersonID(try context.parameters.require("id"))
            let principal = try context.requirePrincipal()
            if principal.mayActFor(id) { return }
            guard let caller = principal.person, let teen = try await engine.store.person(id),
                  teen.settings.parentID == caller else { throw Problem.forbidden }
        }
    }
}

/// Every route the server registers, with its access rule.
public enum RouteCatalog {
    public static func all(engine: Engine) -> [RouteSpec] {
        let registrar = Registrar(router: Router(context: EarshotContext.self), engine: engine)
        registerAll(registrar, body: JSONBody(maxBytes: 1 << 20))
        return registrar.specs
    }

    static func registerAll(_ r: Registrar, body: JSONBody) {
        Routes(engine: r.engine, body: body).register(r)
        OpenRTBEnrichment(engine: r.engine, body: body).register(r)
        Telemetry.register(r)
        CenterRoutes(engine: r.engine).register(r)
    }
}
