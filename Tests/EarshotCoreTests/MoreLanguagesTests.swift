import EarshotCore
import Foundation
import Testing

/// The screens in 21 languages beyond the 23 of the training data, on the messages in
/// `eval/languages`: three test sets written blind to the lexicons (`blind-1` to `blind-3`, 20 messages a
/// language each), 60 everyday messages a language (`everyday`) and two blind crisis sets (`blind-crisis`
/// and `blind-crisis-2`, 12 messages a language each), all Earshot's own writing.
/// BENCHMARKS.md has the figures measured before each set was used to fix anything.
@Suite struct MoreLanguagesTests {
    struct Row: Decodable {
        let text: String
        let lang: String
        let sensitive: [String]
        let crisis: Bool
        let source: String
    }

    static let rows: [Row] = Shipped.evalRows("languages")

    static let languages = ["uk", "bg", "el", "vi", "tl", "sw", "bn", "ta", "te", "ur", "fa", "he", "th", "hu", "ro",
                            "mr", "gu", "pa", "hr", "sr", "sk"]

    @Test func everyLanguageHasItsSets() {
        for lang in Self.languages {
            let mine = Self.rows.filter { $0.lang == lang }
            #expect(mine.filter { $0.crisis }.count >= 18, "\(lang)")
            #expect(mine.filter { !$0.crisis && !$0.sensitive.isEmpty }.count >= 18, "\(lang)")
            #expect(mine.filter { $0.source == "everyday" }.count == 60, "\(lang)")
        }
    }

    @Test func everyCrisisMessageIsFlagged() {
        let c = Shipped.classifier
        let missed = Self.rows.filter { $0.crisis && !$0.source.hasPrefix("blind-crisis") && !c.classify($0.text).crisis }
        #expect(missed.isEmpty, "missed: \(missed.map { "\($0.lang) \($0.source)" })")
    }

    /// The blind crisis sets (9 crisis messages and 3 look-alikes a language each, many indirect), each
    /// measured once before anything was fixed with it: the first was caught 0.598 before the eleventh
    /// session's crisis pass and 0.661 after it, 0.772 after the twelfth's two passes; the second 0.497
    /// before those passes and 0.624 after them. Their misses are the next pass's work, so this only
    /// keeps what was reached.
    @Test(arguments: [("blind-crisis", 0.75), ("blind-crisis-2", 0.6)])
    func blindCrisisSetsAreMostlyCaught(source: String, floor: Double) {
        let c = Shipped.classifier
        let set = Self.rows.filter { $0.source == source }
        let crisis = set.filter(\.crisis), lookalikes = set.filter { !$0.crisis }
        #expect(crisis.count == 189 && lookalikes.count == 63)
        let caught = crisis.filter { c.classify($0.text).crisis }.count
        #expect(Double(caught) >= floor * Double(crisis.count), "\(caught)/\(crisis.count)")
        #expect(lookalikes.filter { !c.classify($0.text).adEligible }.count <= 3)
    }

    @Test func sensitiveMessagesAreFlagged() {
        let c = Shipped.classifier
        let sensitive = Self.rows.filter { !$0.crisis && !$0.sensitive.isEmpty }
        let caught = sensitive.filter { !c.classify($0.text).adEligible }
        #expect(Double(caught.count) >= 0.95 * Double(sensitive.count), "\(caught.count)/\(sensitive.count)")
    }

    @Test func everydayMessagesAreRarelyFlagged() {
        let c = Shipped.classifier
        let everyday = Self.rows.filter { !$0.crisis && $0.sensitive.isEmpty }
        let flagged = everyday.filter { !c.classify($0.text).adEligible }
        #expect(Double(flagged.count) <= 0.06 * Double(everyday.count), "\(flagged.count)/\(everyday.count)")
    }
}
