import ArgumentParser
import EarshotCore
import EarshotEngine
import Foundation

/// `earshot keys create|list|revoke|session`: API keys (hashed in the store) and transparency-center sessions.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke API keys; sign people in to the transparency center.",
        subcommands: [Create.self, List.self, Revoke.self, Session.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key and print its token once (only a hash is stored).")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("scope"), help: "operator, ingest, exchange or advertiser:<id>; repeat for several.")
        var scopes: [String]
        @Option(help: "A note for the key list.") var label = ""
        @Option(help: "Lifetime in days (default: no expiry).") var days: Int?

        func run() async throws {
            let parsed = try scopes.map { text in
                do { return try Scope(parsing: text) } catch let e as Scope.ParseError { throw CLIError("--scope \(text): \(e)") }
            }
            if parsed.contains(where: { if case .person = $0 { true } else { false } }) {
                throw CLIError("--scope: person scopes are sessions; use `earshot keys session --person <id>`")
            }
            try await runReportingErrors {
                let issued = try await store.engine().issueCredential(kind: .apiKey, scopes: parsed, label: label,
                                                                      lifetime: days.map { TimeInterval($0) * 86_400 })
                print("Created key \(issued.credential.id) (\(parsed.map(\.description).joined(separator: ", "))).")
                print("Token (shown once; send as `Authorization: Bearer <token>`):")
                print(issued.token)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys and sessions (never their secrets).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let engine = try store.engine()
            let now = Date()
            for c in try await engine.credentials() {
                let state = c.revokedAt != nil ? "revoked" : (c.isActive(at: now) ? "active" : "expired")
                print([c.id, c.kind.rawValue, state, c.scopes.map(\.description).joined(separator: ","),
                       Output.date(c.createdAt), c.label].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key or session by id.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The key id (the part after ek_ or es_).") var id: String

        func run() async throws {
            try await runReportingErrors {
                try await store.engine().revokeCredential(id)
                print("Revoked \(id).")
            }
        }
    }

    struct Session: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a person (or an advertiser) in to the transparency center: prints a session token for the login page.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The person's id.") var person: String?
        @Option(help: "An advertiser's id (for the advertiser pages).") var advertiser: String?
        @Option(help: "Lifetime in hours.") var hours = 12

        func run() async throws {
            let scope: Scope
            switch (person, advertiser) {
            case (let p?, nil): scope = .person(PersonID(p))
            case (nil, let a?): scope = .advertiser(AdvertiserID(a))
            default: throw CLIError("give exactly one of --person or --advertiser")
            }
            guard (1...24 * 30).contains(hours) else { throw CLIError("--hours must be from 1 to 720") }
            try await runReportingErrors {
                let issued = try await store.engine().issueCredential(kind: .session, scopes: [scope], label: "cli session",
                                                                      lifetime: TimeInterval(hours) * 3600)
                print(issued.token)
            }
        }
    }
}
