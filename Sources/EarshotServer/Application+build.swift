import EarshotCore
import EarshotEngine
import EarshotStore
import Foundation
import Hummingbird
import Logging

/// Builds the HTTP application over an engine. The CLI's `serve` and the tests call the same function.
public func buildApplication(_ configuration: ServerConfiguration, engine: Engine,
                             logger: Logger = Logger(label: "earshot.http")) -> some ApplicationProtocol {
    Telemetry.bootstrap()
    let router = Router(context: EarshotContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorMiddleware(routes: RouteCatalog.all(engine: engine)))
    router.add(middleware: Authentication(authenticate: { try await engine.authenticate(token: $0) }))
    RouteCatalog.registerAll(Registrar(router: router, engine: engine), body: JSONBody(maxBytes: configuration.maxBodyBytes))
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "earshot"),
        onServerRunning: { channel in await configuration.onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// Turns engine and store errors into problem documents; unexpected errors become a 500 without details.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: [RouteSpec]

    /// The methods registered for a path (for 405 with `Allow` instead of 404 when only the method is wrong).
    func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        // The router prefers literal segments (`campaigns/reach-estimate` over `campaigns/:id`), so only the
        // most literal templates that match count.
        let matching: [(spec: RouteSpec, literals: Int)] = routes.compactMap { spec in
            let template = spec.path.split(separator: "/")
            guard template.count == parts.count, zip(template, parts).allSatisfy({ $0.hasPrefix(":") || $0 == $1 }) else { return nil }
            return (spec, template.filter { !$0.hasPrefix(":") }.count)
        }
        let best = matching.map(\.literals).max()
        return matching.filter { $0.literals == best }.map(\.spec.method)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as EngineError {
            throw Problem.from(e)
        } catch let e as Problem {
            throw e
        } catch let e as HTTPError {
            let allowed = e.status == .notFound ? methods(for: request.uri.path) : []
            if !allowed.isEmpty {
                var problem = Problem(status: .methodNotAllowed, code: "method_not_allowed",
                                      detail: "this endpoint accepts \(allowed.joined(separator: ", "))")
                problem.allow = allowed.joined(separator: ", ")
                throw problem
            }
            throw Problem(status: e.status, code: e.status == .notFound ? "not_found" : "http_error",
                          detail: e.status == .notFound ? "no such endpoint" : e.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(type(of: error))"])
            throw Problem(status: .internalServerError, code: "internal", detail: "the request could not be completed")
        }
    }
}
