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
        commandName: "serve", abstract: "Run the HTTP API (graceful shutdown on SIGTERM and SIGINT).")

    @OptionGroup var store: StoreOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Flag(help: "Load the demo world (people, accounts, campaigns, feed items, conversations) before serving.")
    var demo = false

    func run() async throws {
        var logger = Logger(label: "earshot")
        logger.logLevel = .info
        let engine = try store.engine(logger: logger)
        if demo {
            let report = try await DemoLoader.load(into: engine)
            print("Loaded the demo world into \(store.database): \(report)")
        }
        var config = ServerConfiguration()
        config.host = host
        config.port = port
        let demo = self.demo, host = self.host
        config.onListening = { port in
            let base = "http://\(host):\(port)"
            var lines = ["Earshot is listening on \(base)"]
            if demo {
                lines += [
                    "Try:",
                    "  curl -s \(base)/v1/people/ava/profile",
                    "  curl -s '\(base)/v1/people/ava/ads?surface=social_feed&slots=3'",
                    "  curl -s '\(base)/v1/people/ava/feed?limit=10'",
                ]
            }
            lines.append("Stop with Ctrl-C.")
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        let app = buildApplication(config, engine: engine, logger: logger)
        let retention = RetentionService(engine: engine, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app, retention], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        try await group.run()
    }
}

/// Loads the demo world through the engine, so the demo exercises the real pipeline.
enum DemoLoader {
    static func load(into engine: Engine) async throws -> String {
        let world = DemoWorld(now: Date())
        try await engine.upsertPeople(world.people)
        try await engine.upsertAccounts(world.accounts)
        try await engine.upsertCampaigns(world.campaigns)
        try await engine.upsertFeedItems(world.feedItems)
        let report = try await engine.ingest(world.events)
        return "\(world.people.count) people, \(world.accounts.count) accounts, \(world.campaigns.count) campaigns, "
            + "\(world.feedItems.count) feed items, \(report.recorded) new events (\(report.duplicates) already there)"
    }
}
