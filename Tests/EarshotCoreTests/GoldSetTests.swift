import EarshotCore
import Foundation
import Testing

/// The shipped classifier on `eval/gold`: Earshot's own gold set, 200 messages in each of the ten supported
/// languages (105 sensitive, 10 crisis, 60 everyday and 25 look-alikes a language). Its figures are the ones
/// `earshot eval --input eval/gold/*.jsonl` prints; these tests keep them from sliding back. The lexicons'
/// concept passes measured every change against this set too, so it is not a blind figure (BENCHMARKS.md,
/// "Twentieth session").
@Suite struct GoldSetTests {
    static let rows: [EvalRow] = Shipped.evalRows("gold")

    @Test func everyLanguageHasItsRows() {
        #expect(Self.rows.count == 2_000)
        for lang in ["en", "es", "pt", "de", "fr", "nb", "it", "id", "hi", "ja"] {
            #expect(Self.rows.filter { $0.lang == lang }.count == 200, "\(lang)")
        }
    }

    /// The bars for sensitive and crisis recall hold here: at least 0.98 of the messages that touch
    /// a sensitive category are flagged (0.987 at the end of the twentieth session), and every crisis message.
    @Test func sensitiveAndCrisisMessagesAreFlagged() {
        let c = Shipped.classifier
        let sensitive = Self.rows.filter { !$0.sensitive.isEmpty || $0.crisis }
        let caught = sensitive.filter { !c.classify($0.text).adEligible }
        #expect(Double(caught.count) >= 0.98 * Double(sensitive.count), "\(caught.count)/\(sensitive.count)")
        let missed = Self.rows.filter { $0.crisis && !c.classify($0.text).crisis }
        #expect(missed.isEmpty, "missed: \(missed.map(\.lang))")
    }

    /// Everyday messages: at most 3.5% flagged (3.0%, 18 of 600); and on every message without a sensitive
    /// label that has an interest, the interest first in at least 0.93 of them (0.946, 804 of 850), the
    /// issue's bar of 0.85 with room for what the unseen sets show on less common text.
    @Test func everydayMessagesGetTheirInterestAndAreRarelyFlagged() {
        let c = Shipped.classifier
        let everyday = Self.rows.filter { $0.kind == "everyday" }
        let flagged = everyday.filter { !c.classify($0.text).adEligible }.count
        #expect(Double(flagged) <= 0.035 * Double(everyday.count), "\(flagged)/\(everyday.count)")

        let withInterest = Self.rows.filter { !$0.tier1.isEmpty && $0.sensitive.isEmpty && !$0.crisis }
        var right = 0
        for row in withInterest {
            if let tier1 = Shipped.firstTier1(c.classify(row.text)), row.tier1.contains(tier1) { right += 1 }
        }
        #expect(Double(right) >= 0.93 * Double(withInterest.count), "tier-1 precision@1 \(right)/\(withInterest.count)")
    }
}
