import ArgumentParser
import EarshotCore
import EarshotEngine
import EarshotResources
import EarshotStore
import Foundation
import Logging

/// Options shared by every command that opens the database.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file (created when missing).")
    var database = "earshot.sqlite"

    /// Opens the store and builds the engine with the shipped classifier.
    func engine(logger: Logger = Logger(label: "earshot")) throws -> Engine {
        let store = try SQLiteStore(path: database)
        let classifier = try ShippedData.classifier()
        return try Engine(store: store, classifier: classifier, logger: logger)
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
        throw ValidationError(e.description)
    }
}
