import EarshotCore
import Testing

@Suite struct LexiconPhrasesTests {
    @Test func everydayPhrasesAreInterestTermsAndGuardsOnly() {
        let source = LexiconSource(
            language: "en",
            sensitive: "# comment\nhealth\tdiabet*\nreligion\tmass\tweak\nguard\tdying to try\ncrisis\twant to die\n",
            interest: "159\thiking boots\n210\tfood\t0.3\n653\tflights*\t0.6\n")
        let rows = LexiconPhrases.everydayExamples([source])
        #expect(rows == [TrainingExample(text: "dying to try", labels: []),
                         TrainingExample(text: "hiking boots", labels: ["159"]),
                         TrainingExample(text: "flights", labels: ["653"])])
    }

    @Test func interleavingSpreadsTheExtraRowsAndKeepsEveryRow() {
        let rows = (0..<10).map { TrainingExample(text: "r\($0)", labels: []) }
        let extra = (0..<3).map { TrainingExample(text: "x\($0)", labels: []) }
        let out = LexiconPhrases.interleave(rows, with: extra)
        #expect(out.count == 13)
        #expect(out.filter { $0.text.hasPrefix("r") }.map(\.text) == rows.map(\.text))
        #expect(out.filter { $0.text.hasPrefix("x") }.map(\.text) == extra.map(\.text))
        // Not bunched at either end: extra rows are spread through the rows.
        let lastExtra = out.lastIndex { $0.text == "x2" }!
        #expect(lastExtra <= 10)  // r0 x0 r1 r2 r3 r4 x1 r5 r6 r7 x2 r8 r9
        #expect(out.firstIndex { $0.text == "x1" }! > 2)
    }
}
