import EarshotCore
import Foundation
import Testing

/// Language balancing of training rows: how many copies it makes, and that it removes the language prior
/// a model otherwise learns.
@Suite struct LanguageBalanceTests {
    /// `screened` of `total` rows in one language.
    static func languages(_ spec: [(String, total: Int, screened: Int)]) -> (languages: [String], screened: [Bool]) {
        var languages: [String] = [], screened: [Bool] = []
        for (language, total, s) in spec {
            for i in 0..<total {
                languages.append(language)
                screened.append(i < s)
            }
        }
        return (languages, screened)
    }

    @Test func copiesBringEachLanguageDownToTheShare() {
        let (languages, screened) = Self.languages([("en", 1000, 180), ("de", 1000, 600), ("ja", 1000, 500)])
        let k = LanguageBalance.copies(languages: languages, screened: screened, share: 0.25, cap: 4)
        #expect(k["en"] == 1)  // already below a quarter
        #expect(k["de"] == 4)  // 600 / (600 + 400k) = 0.25 at k = 4.5: capped at 4
        #expect(k["ja"] == 3)  // 500 / (500 + 500k) = 0.25 at k = 3
        let uncapped = LanguageBalance.copies(languages: languages, screened: screened, share: 0.25, cap: 10)
        #expect(uncapped["de"] == 5)  // 4.5 rounds to 5 without the cap
    }

    @Test func unknownLanguagesAndDegenerateInputsAreLeftAlone() {
        let (languages, screened) = Self.languages([("und", 100, 90), ("hi", 50, 50), ("id", 40, 30)])
        let k = LanguageBalance.copies(languages: languages, screened: screened, share: 0.25, cap: 4)
        #expect(k["und"] == 1)
        #expect(k["hi"] == 1)  // nothing unscreened to repeat
        #expect(k["id"] == 4)
        for share in [0.0, 1.0, -1, 2] {
            let same = LanguageBalance.copies(languages: languages, screened: screened, share: share, cap: 4)
            #expect(same.values.allSatisfy { $0 == 1 }, "share \(share)")
        }
    }

    @Test func applyRepeatsOnlyUnscreenedRowsNextToTheirOriginal() {
        let rows = [
            TrainingExample(text: "wie lange kocht gulasch", labels: ["210"]),
            TrainingExample(text: "ich habe depressionen", labels: ["sensitive:health"]),
            TrainingExample(text: "ich will nicht mehr leben", labels: ["crisis", "sensitive:health"]),
            TrainingExample(text: "how long to boil eggs", labels: ["210"]),
        ]
        let out = LanguageBalance.apply(rows, languages: ["de", "de", "de", "en"], share: 0.25, cap: 4)
        // German: 2 screened of 3; k = 2 * 0.75 / (0.25 * 1) = 6, capped at 4. English: nothing screened.
        #expect(out.map(\.text) == Array(repeating: rows[0].text, count: 4) + [rows[1].text, rows[2].text, rows[3].text])
        #expect(LanguageBalance.isScreened(["sensitive:religion"]) && LanguageBalance.isScreened(["crisis"]))
        #expect(!LanguageBalance.isScreened(["210", "sensitive"]))
    }

    @Test func fileNamesNameTheirLanguage() {
        #expect(LanguageBalance.language(ofFileNamed: "s16-de.jsonl") == "de")
        #expect(LanguageBalance.language(ofFileNamed: "crisis-pt.jsonl") == "pt")
        #expect(LanguageBalance.language(ofFileNamed: "ja.jsonl") == "ja")
        #expect(LanguageBalance.language(ofFileNamed: "small-talk.jsonl") == nil)
        #expect(LanguageBalance.language(ofFileNamed: "sib200.jsonl") == nil)
        #expect(LanguageBalance.language(ofFileNamed: "s16-DE.jsonl") == nil)
        #expect(LanguageBalance.language(ofFileNamed: "s16-de.json") == nil)
    }

    /// Two invented languages share one health word. In "Velish" most rows are health rows, in "Orrish"
    /// few are. Trained on that, a model reads plain Velish as health; balanced, it does much less.
    @Test func balancingRemovesTheLanguagePrior() throws {
        var rng = SplitMix64(seed: 11)
        let velish = ["tak", "vol", "mir", "sen", "dar"], orrish = ["pu", "lo", "ke", "ba", "ri"]
        let topics = ["kettle", "garden", "ticket", "guitar", "bicycle", "ladder"]
        func words(_ pool: [String], _ n: Int) -> [String] { (0..<n).map { _ in pool[Int(rng.next() % UInt64(pool.count))] } }
        var rows: [TrainingExample] = [], languages: [String] = []
        for i in 0..<1200 {
            let isVelish = i % 2 == 0
            let filler = isVelish ? velish : orrish
            let health = isVelish ? i % 10 < 6 : i % 10 == 1
            let text = (words(filler, 3) + (health ? ["zorbly"] : words(topics, 1))).shuffled(using: &rng).joined(separator: " ")
            rows.append(TrainingExample(text: text, labels: health ? ["sensitive:health"] : []))
            languages.append(isVelish ? "vel" : "orr")
        }
        let options = ModelTests.smallModelOptions
        let plain = ModelTrainer.train(rows, options: options)
        let balanced = ModelTrainer.train(LanguageBalance.apply(rows, languages: languages, share: 0.25, cap: 4), options: options)
        func health(_ model: HashedLinearModel, _ text: String) -> Float {
            var scratch = ClassifierScratch(), bytes: [UInt8] = []
            TextNormalizer.normalize(text, into: &bytes)
            let p = model.top(1, normalized: bytes, scratch: &scratch).first!.probability
            return log(p / (1 - p))  // the logit, as the classifier's thresholds use it
        }
        let everydayVelish = "tak mir dar hammock"  // a topic word neither model has seen
        #expect(health(balanced, everydayVelish) < health(plain, everydayVelish) - 1)
        // The health word itself still reads as health in both languages.
        #expect(health(balanced, "tak zorbly mir") > 0)
        #expect(health(balanced, "pu zorbly ke") > 0)
    }
}
