@testable import EarshotCore
import Testing

/// Long messages screened window by window (``ClassifierTuning/windowUnits``): a sensitive clause inside a
/// long everyday request, on small models trained in the test (see ``ScreenModelTests``).
@Suite struct WindowScreenTests {
    @Test func unitsAreWordsAndPiecesOfUnspacedRuns() {
        var units: [(start: Int32, end: Int32)] = []
        let text = Array(" ab cde 日本語です f ".utf8)
        Classifier.units(of: text, cjkScalars: 2, into: &units)
        let pieces = units.map { String(decoding: text[Int($0.start)..<Int($0.end)], as: UTF8.self) }
        #expect(pieces == ["ab", "cde", "日本", "語で", "す", "f"])
        Classifier.units(of: Array("   ".utf8), cjkScalars: 2, into: &units)
        #expect(units.isEmpty)
    }

    func classifier() throws -> Classifier {
        let options = ModelTests.smallModelOptions
        let topics = ModelTrainer.train(ScreenModelTests.rows(topics: true), options: options)
        let screen = ModelTrainer.train(ScreenModelTests.rows(topics: false), options: options)
        let lexicon = try Lexicon(sources: [], taxonomy: Shipped.taxonomy)
        var c = Classifier(taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap, lexicon: lexicon,
                           model: topics, screenModel: screen)
        c.tuning.evidenceDivisor = HashedLinearModel.minimumDivisor
        c.tuning.windowUnits = 4
        c.tuning.windowStride = 2
        c.tuning.windowPenalty = 0
        return c
    }

    static let hikes = ["trail", "summit", "boots", "ridge"]
    /// `count` hiking words, with "zorbly quenth blarvic" (words only the health rows use) at word `at`.
    static func longMessage(count: Int, clauseAt at: Int?) -> String {
        var words = (0..<count).map { hikes[$0 % 4] }
        if let at { words.insert(contentsOf: ["zorbly", "quenth", "blarvic"], at: at) }
        return words.joined(separator: " ")
    }

    @Test func aClauseInALongMessageIsFoundByItsWindow() throws {
        var c = try classifier()
        #expect(c.classify("zorbly quenth blarvic").sensitive == [.health])
        for at in [0, 11, 30] {
            let message = Self.longMessage(count: 30, clauseAt: at)
            c.tuning.windowUnits = 0
            #expect(c.classify(message).sensitive.isEmpty, "diluted by the hiking words, clause at \(at)")
            c.tuning.windowUnits = 4
            #expect(c.classify(message).sensitive == [.health], "clause at \(at)")
        }
        // Everyday text alone stays unflagged window by window.
        #expect(c.classify(Self.longMessage(count: 30, clauseAt: nil)).sensitive.isEmpty)
    }

    @Test func windowsHaveTheirOwnHigherBars() throws {
        var c = try classifier()
        let message = Self.longMessage(count: 30, clauseAt: 11)
        c.tuning.windowPenalty = 100
        #expect(c.classify(message).sensitive.isEmpty)
        // A message no longer than one window is only screened whole.
        c.tuning.windowPenalty = 0
        c.tuning.windowUnits = 40
        #expect(c.classify(message).sensitive.isEmpty)
        // Nor one no longer than the minimum.
        c.tuning.windowUnits = 4
        c.tuning.windowMinimumUnits = 33
        #expect(c.classify(message).sensitive.isEmpty)
        c.tuning.windowMinimumUnits = 32
        #expect(c.classify(message).sensitive == [.health])
    }

    @Test func windowsDoNotRunWithoutTheScreens() throws {
        let c = try classifier()
        #expect(c.classify(Self.longMessage(count: 30, clauseAt: 11), screen: false).sensitive.isEmpty)
    }
}
