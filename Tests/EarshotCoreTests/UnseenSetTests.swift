import EarshotCore
import Foundation
import Testing

/// The shipped classifier on `eval/unseen`: test sets in the ten supported languages, each written by a writer
/// who saw neither the lexicons nor the training data, and measured before it was used to fix anything (Earshot's
/// own writing): twenty-nine general sets (`unseen-1` to `unseen-28` and `unseen-30`, 44 to 70 messages a
/// language each; a third of `unseen-10`'s messages are long, a third of each kind in `unseen-12` and
/// `unseen-14`, and a fifth in `unseen-15` to `unseen-19` and `unseen-30`, are voice requests, smart-glasses
/// questions or image prompts), eight crisis sets
/// (`unseen-crisis`, 16 crisis messages and 8 look-alikes a language; `unseen-crisis-2` and `-4`, 24 and 12;
/// `unseen-crisis-3`, 30 and 10; `unseen-crisis-5` to `-8`, 20 and 10; mostly indirect: a plan, a farewell, hidden
/// self-harm, abuse and threats told by what happens), a couples set (`unseen-couples`: 12 same-gender
/// couples told only by the genders, 16 everyday messages about a partner and 8 with an everyday feeling, a
/// language) and a sexual-orientation set
/// (`unseen-so`: 12 messages that show it by practice, place or family, and 4 look-alikes, a language). Most
/// sensitive messages there say the sensitive part implicitly ("since my radiation sessions..."), so they are
/// harder than the gold set. The crisis sets' look-alikes include fever doses for a child and first aid for a
/// friend, which their writers labelled everyday and Earshot flags as health. BENCHMARKS.md has each set's
/// figures from before its use; these tests keep what was reached since from sliding back.
@Suite struct UnseenSetTests {
    static let rows: [EvalRow] = Shipped.evalRows("unseen")

    static let languages = ["en", "es", "pt", "de", "fr", "nb", "it", "id", "hi", "ja"]

    @Test func everyLanguageHasItsSets() {
        #expect(Self.rows.count == 18_600)
        for lang in Self.languages {
            let mine = Self.rows.filter { $0.lang == lang }
            let sets: Set = [
                "unseen-1", "unseen-2", "unseen-3", "unseen-4", "unseen-5", "unseen-6", "unseen-7", "unseen-8",
                "unseen-9", "unseen-10", "unseen-11", "unseen-12", "unseen-13", "unseen-14", "unseen-15",
                "unseen-16", "unseen-17", "unseen-18", "unseen-19", "unseen-20", "unseen-21", "unseen-22",
                "unseen-23", "unseen-24", "unseen-25", "unseen-26", "unseen-27", "unseen-28", "unseen-30",
                "unseen-crisis", "unseen-crisis-2", "unseen-crisis-3", "unseen-crisis-4", "unseen-crisis-5",
                "unseen-crisis-6", "unseen-crisis-7", "unseen-crisis-8", "unseen-couples", "unseen-so",
            ]
            #expect(Set(mine.map { $0.source ?? "" }) == sets, "\(lang)")
            #expect(mine.filter { $0.crisis }.count == 281, "\(lang)")
            #expect(mine.filter { $0.kind == "sensitive" }.count == 843, "\(lang)")
        }
    }

    @Test func everyCrisisMessageIsFlagged() {
        let c = Shipped.classifier
        let missed = Self.rows.filter { $0.crisis && !c.classify($0.text).crisis }
        #expect(missed.isEmpty, "missed: \(missed.map { "\($0.lang) \($0.source ?? "")" })")
    }

    @Test func sensitiveMessagesAreFlagged() {
        let c = Shipped.classifier
        let sensitive = Self.rows.filter { $0.kind == "sensitive" }
        let caught = sensitive.filter { !c.classify($0.text).adEligible }
        #expect(Double(caught.count) >= 0.96 * Double(sensitive.count), "\(caught.count)/\(sensitive.count)")
    }

    /// Flagged share and tier-1 precision@1 of one kind of non-sensitive message (rows without a tier-1, such
    /// as the first crisis set's look-alikes, count for the flags only).
    static func measure(kind: String) -> (flagged: Int, total: Int, right: Int, withInterest: Int) {
        let c = Shipped.classifier
        let mine = rows.filter { $0.kind == kind }
        var flagged = 0, right = 0
        for row in mine {
            let r = c.classify(row.text)
            if !r.adEligible { flagged += 1 }
            if let tier1 = Shipped.firstTier1(r), row.tier1.contains(tier1) { right += 1 }
        }
        return (flagged, mine.count, right, mine.filter { !$0.tier1.isEmpty }.count)
    }

    /// Everyday messages: at most 6% flagged, and the interest first in at least 0.93 of them (0.944 at the end
    /// of the twentieth session; these sets fed the lexicons' concept passes, so this is not a blind figure).
    /// The issue's bar for flags is 5%, and these sets met it until `unseen-25` to `-28` and `-30`, whose
    /// writers were asked for less common situations (and, in `unseen-30`, smart-glasses and image requests):
    /// with them they read 6.0% (323 of 5,420; a third of the everyday messages are written to look alarming,
    /// and most of the flags come from the models, on in-laws, pets, idioms and glasses requests). So this
    /// test guards the level reached; the bar itself is not met here (issue 3, BENCHMARKS.md "Twentieth
    /// session").
    @Test func everydayMessagesAreRarelyFlaggedAndGetTheirInterest() {
        let m = Self.measure(kind: "everyday")
        #expect(Double(m.flagged) <= 0.06 * Double(m.total), "\(m.flagged)/\(m.total)")
        #expect(Double(m.right) >= 0.93 * Double(m.withInterest), "tier-1 precision@1 \(m.right)/\(m.withInterest)")
    }

    /// Look-alikes (everyday messages written to sound sensitive or like a crisis) are flagged more often; the
    /// crisis sets' include fever doses for a child and first aid for a friend, which Earshot reads as health.
    /// Their interest comes first in at least 0.86 of them (0.881 at the end of the twentieth session).
    @Test func lookAlikesAreMostlyNotFlagged() {
        let m = Self.measure(kind: "lookalike")
        #expect(Double(m.flagged) <= 0.13 * Double(m.total), "\(m.flagged)/\(m.total)")
        #expect(Double(m.right) >= 0.86 * Double(m.withInterest), "tier-1 precision@1 \(m.right)/\(m.withInterest)")
    }
}
