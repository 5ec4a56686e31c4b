import ArgumentParser
import EarshotEngine
import EarshotResources
import Foundation

struct PolicyCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy-check",
        abstract: "Run policy conformance fixtures (a folder of JSON worlds with expected decisions).")

    @Argument(help: "Folder of fixture files.") var folder = "Tests/Fixtures/policy"
    @Option(help: "Run only fixtures whose file name contains this.") var only: String?

    func run() async throws {
        let runner = PolicyFixtureRunner(classifier: try ShippedData.classifier())
        var failed = 0, passed = 0
        var covered: [String: Int] = [:]
        for (file, fixture) in try PolicyFixtureRunner.load(folder: URL(fileURLWithPath: folder)) {
            if let only, !file.contains(only) { continue }
            let failures = try await runner.run(fixture)
            for r in fixture.rules { covered[r.rawValue, default: 0] += 1 }
            if failures.isEmpty { passed += 1 } else {
                failed += 1
                print("FAIL \(file): \(fixture.name)")
                for f in failures { print("  - \(f)") }
            }
        }
        print("rules covered: " + covered.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print("policy fixtures: \(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
