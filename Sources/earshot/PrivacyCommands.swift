import ArgumentParser
import EarshotCore
import EarshotEngine
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print everything stored about a person as JSON (interests with surfaces, dates, event ids).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Person id.") var person: String

    func run() async throws {
        try await runReportingErrors { try Output.json(try await store.engine().export(PersonID(person))) }
    }
}

struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Delete AI-derived signals older than the policy's retention period.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let engine = try store.engine()
        print("Purged \(try await engine.purgeExpired()) signal(s) older than \(engine.policy.config.retentionDays) days.")
    }
}

struct PolicyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Validate a policy file and print the policy in force as JSON.")
    @OptionGroup var store: StoreOptions

    func run() throws { try Output.json(try store.policyConfig()) }
}
