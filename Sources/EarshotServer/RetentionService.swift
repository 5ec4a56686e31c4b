import EarshotEngine
import Logging
import ServiceLifecycle

/// Purges expired AI-derived signals on a schedule, inside the server's `ServiceGroup`.
public struct RetentionService: Service {
    let engine: Engine
    let interval: Duration
    let logger: Logger

    public init(engine: Engine, interval: Duration = .seconds(3600), logger: Logger = Logger(label: "earshot.retention")) {
        self.engine = engine
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let purged = try await engine.purgeExpired()
                if purged > 0 { logger.info("purged expired signals", metadata: ["count": "\(purged)"]) }
            } catch {
                logger.error("retention purge failed", metadata: ["error": "\(type(of: error))"])
            }
            let interval = self.interval
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
