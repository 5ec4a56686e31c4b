import ArgumentParser
import EarshotCore
import EarshotEngine
import EarshotServer
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API and the transparency center (graceful shutdown on SIGTERM and SIGINT).",
        discussion: """
            Settings come from flags, then environment variables (EARSHOT_HOST, EARSHOT_PORT, EARSHOT_DATABASE, \
            EARSHOT_POLICY, EARSHOT_PRODUCTS, EARSHOT_MAX_BODY_BYTES, EARSHOT_LOG_FORMAT, EARSHOT_LOG_LEVEL), then \
            --config FILE (JSON with the keys host, port, database, policy, products, maxBodyBytes, logFormat, \
            logLevel). Without --demo the server refuses to start until an operator key exists \
            (`earshot keys create --scope operator`).
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "JSON configuration file.") var config: String?
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (default 8080).") var port: Int?
    @Option(help: "Largest request body in bytes (default 1048576).") var maxBodyBytes: Int?
    @Option(help: "Log format: json or text (default json).") var logFormat: String?
    @Option(help: "Log level (default info).") var logLevel: String?
    @Flag(help: "Load the demo world and print ready-to-use keys and sign-in tokens.")
    var demo = false

    func run() async throws {
        var flags: [String: String] = [:]
        flags["host"] = host
        flags["port"] = port.map(String.init)
        flags["maxBodyBytes"] = maxBodyBytes.map(String.init)
        flags["logFormat"] = logFormat
        flags["logLevel"] = logLevel
        flags["database"] = store.database
        flags["policy"] = store.policy
        flags["products"] = store.products
        let settings = try ServeSettings.resolve(flags: flags, environment: ProcessInfo.processInfo.environment, file: config)
        let level = settings.logLevel, json = settings.logFormat == "json"
        LoggingSystem.bootstrap { label in
            if json { return JSONLogHandler(label: label, level: level) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "earshot")
        var options = store
        options.database = settings.database
        options.policy = settings.policy
        options.products = settings.products
        let (engine, servingWrites) = try options.servingEngine(logger: logger)

        var lines: [String] = []
        if demo {
            let report = try await DemoLoader.load(into: engine)
            lines.append("Loaded the demo world into \(options.databasePath): \(report)")
            lines += try await DemoLoader.issueKeys(engine)
        } else {
            guard try await engine.hasActiveOperatorKey() else {
                throw CLIError("""
                    no operator API key is configured for \(options.databasePath); create one with
                      earshot keys create --scope operator --database \(options.databasePath)
                    or try Earshot with --demo
                    """)
            }
        }
        var server = ServerConfiguration()
        server.host = settings.host
        server.port = settings.port
        server.maxBodyBytes = settings.maxBodyBytes
        let demo = self.demo, host = settings.host, banner = lines
        server.onListening = { port in
            var out = banner
            out.append("Earshot is listening on http://\(host):\(port)")
            if demo { out += DemoLoader.tour(base: "http://\(host):\(port)") }
            out.append("Stop with Ctrl-C.")
            FileHandle.standardOutput.write(Data((out.joined(separator: "\n") + "\n").utf8))
        }
        let app = buildApplication(server, engine: engine, logger: logger)
        let retention = RetentionService(engine: engine, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app, retention], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        // Requests in flight finish before run() returns; then what they served is committed.
        do { try await group.run() } catch {
            try? await servingWrites.flush()
            throw error
        }
        try await servingWrites.flush()
    }
}
