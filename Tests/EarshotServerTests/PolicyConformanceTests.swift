import EarshotCore
import EarshotEngine
import Foundation
import Testing

/// Runs every policy fixture in Tests/Fixtures/policy through the live engine.
@Suite struct PolicyConformanceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/policy")
    static let fixtures = (try? PolicyFixtureRunner.load(folder: folder)) ?? []

    @Test func fixturesLoad() throws {
        let loaded = try PolicyFixtureRunner.load(folder: Self.folder)
        #expect(loaded.count >= 60)
    }

    @Test(arguments: fixtures.map(\.file))
    func fixture(_ file: String) async throws {
        let fixture = try #require(Self.fixtures.first { $0.file == file }?.fixture)
        let failures = try await PolicyFixtureRunner(classifier: TestWorld.classifier).run(fixture)
        #expect(failures.isEmpty, "\(file): \(fixture.name)\n\(failures.joined(separator: "\n"))")
    }

    @Test func everyRuleIsCoveredByAFixture() {
        let covered = Set(Self.fixtures.flatMap(\.fixture.rules))
        let missing = RuleID.allCases.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "rules without a fixture: \(missing.map(\.rawValue).joined(separator: ", "))")
    }
}
