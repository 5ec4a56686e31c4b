import ArgumentParser
import EarshotCore
import EarshotEngine
import EarshotResources
import EarshotStore
import Foundation
import Logging

/// Options shared by every command that opens the database.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file, created when missing (env EARSHOT_DATABASE; default earshot.sqlite).")
    var database: String?

    @Option(name: .long, help: "Policy file (JSON; env EARSHOT_POLICY); default: the shipped policy, which matches the reported system.")
    var policy: String?

    @Option(name: .long, help: "Product catalog file (JSON {\"products\": [...]}; env EARSHOT_PRODUCTS); default: assistant, glasses, ai_video_feed, image_generator, social_feed, photo_feed.")
    var products: String?

    /// The database file: the flag, else `EARSHOT_DATABASE`, else `earshot.sqlite`.
    var databasePath: String { database ?? ProcessInfo.processInfo.environment["EARSHOT_DATABASE"] ?? "earshot.sqlite" }
    private var policyPath: String? { policy ?? ProcessInfo.processInfo.environment["EARSHOT_POLICY"] }
    private var productsPath: String? { products ?? ProcessInfo.processInfo.environment["EARSHOT_PRODUCTS"] }

    /// The configured products; every problem in the file is reported.
    func catalog() throws -> ProductCatalog {
        guard let products = productsPath else { return .standard }
        let catalog = try loadJSON(ProductCatalog.self, from: products)
        let problems = catalog.problems()
        if !problems.isEmpty { throw CLIError("\(products):\n- " + problems.joined(separator: "\n- ")) }
        return catalog
    }

    /// The policy in force: the file when given (every problem reported at once), else the default.
    func policyConfig() throws -> PolicyConfig {
        guard let policy = policyPath else { return .standard }
        let config = try loadJSON(PolicyConfig.self, from: policy)
        do { try PolicyConfig.validate(config) } catch let e as PolicyConfig.ValidationError {
            throw CLIError("\(policy): \(e.description)")
        }
        return config
    }

    /// Opens the store and builds the engine with the shipped classifier.
    func engine(logger: Logger = Logger(label: "earshot")) throws -> Engine {
        // This process is the only writer of the embedded database, so reads may be cached safely.
        try engine(store: CachingStore(try SQLiteStore(path: databasePath)), logger: logger)
    }

    /// The server's engine: as ``engine(logger:)``, with served impressions buffered and committed in
    /// batches (``WriteBehindStore``). The caller flushes the returned store before the process exits.
    func servingEngine(logger: Logger) throws -> (Engine, WriteBehindStore) {
        let buffered = WriteBehindStore(try SQLiteStore(path: databasePath))
        return (try engine(store: CachingStore(buffered), logger: logger), buffered)
    }

    private func engine(store: any Store, logger: Logger) throws -> Engine {
        var configuration = EngineConfiguration()
        configuration.policy = try policyConfig()
        configuration.catalog = try catalog()
        return try Engine(store: store, classifier: try ShippedData.classifier(), configuration: configuration, logger: logger)
    }
}

/// Reads a JSON configuration file; errors name the file and the field.
func loadJSON<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
    guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
    do { return try JSONCoding.decoder().decode(T.self, from: data) } catch {
        let (field, message) = JSONCoding.describe(error)
        throw CLIError("\(path): \(field) \(message)")
    }
}

/// Writes JSON or a plain report to standard output.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let data = try JSONCoding.encoder(pretty: true).encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    static func date(_ d: Date) -> String { Day(containing: d).description }
}

/// Turns engine errors into a clean message and a non-zero exit.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let e as EngineError {
        throw CLIError(e.description)
    }
}

/// A failure while running a command: printed as "Error: …" with exit status 1, without the usage text.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
