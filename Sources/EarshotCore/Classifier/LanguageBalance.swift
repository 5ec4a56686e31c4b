/// Evens out, language by language, how much of the training data carries a screen label.
///
/// The development sets are mostly English everyday requests, while Earshot's own examples in the other
/// languages are written for the screens: before balancing, about 18% of English training rows carried a
/// `sensitive:` or `crisis` label against 50–60% of German, French or Hindi rows. A model trained on that
/// learns the language itself as evidence ("German text is often sensitive") and flags plain German
/// requests ("gulasch im schnellkochtopf, wie lange") far more often than English ones: the development
/// probes' false-sensitive rate was 10% in German and 1.5% in English.
///
/// Repeating a language's unscreened rows until at most ``share`` of its rows carry a screen label removes
/// most of that prior without inventing text. Rows whose language is unknown are left alone.
public enum LanguageBalance {
    /// The language code of rows whose language is not known; they are never repeated.
    public static let unknownLanguage = "und"

    /// How many copies of each unscreened row to keep, per language (1 = unchanged).
    /// - Parameters:
    ///   - languages: each row's language code.
    ///   - screened: whether each row carries a screen label (`sensitive:<code>` or `crisis`).
    ///   - share: the largest share of a language's rows that may carry a screen label, in (0, 1).
    ///   - cap: the most copies of any one row.
    public static func copies(languages: [String], screened: [Bool], share: Double, cap: Int) -> [String: Int] {
        precondition(languages.count == screened.count, "one screened flag per row")
        var counts: [String: (rows: Int, screened: Int)] = [:]
        for (language, isScreened) in zip(languages, screened) {
            counts[language, default: (0, 0)].rows += 1
            if isScreened { counts[language, default: (0, 0)].screened += 1 }
        }
        var result: [String: Int] = [:]
        for (language, c) in counts {
            let plain = c.rows - c.screened
            guard language != unknownLanguage, plain > 0, share > 0, share < 1,
                  Double(c.screened) > share * Double(c.rows) else {
                result[language] = 1
                continue
            }
            // screened / (screened + k * plain) = share  =>  k = screened * (1 - share) / (share * plain)
            let k = (Double(c.screened) * (1 - share) / (share * Double(plain))).rounded()
            result[language] = max(1, min(cap, Int(k)))
        }
        return result
    }

    /// The language code that ends a training file's name (`s16-de.jsonl`, `de.jsonl`: "de"), if the
    /// name ends in a code of two or three lowercase letters.
    public static func language(ofFileNamed name: String) -> String? {
        guard name.hasSuffix(".jsonl") else { return nil }
        let stem = name.dropLast(6)
        let code = stem.lastIndex(of: "-").map { stem[stem.index(after: $0)...] } ?? stem
        return (2...3).contains(code.count) && code.allSatisfy({ $0.isASCII && $0.isLowercase }) ? String(code) : nil
    }

    /// Whether a row carries a screen label.
    public static func isScreened(_ labels: [String]) -> Bool {
        labels.contains { $0 == "crisis" || $0.hasPrefix("sensitive:") }
    }

    /// `rows` with each unscreened row repeated as ``copies(languages:screened:share:cap:)`` says, each copy
    /// next to its original (the trainer shuffles every epoch).
    public static func apply(_ rows: [TrainingExample], languages: [String], share: Double, cap: Int) -> [TrainingExample] {
        let screened = rows.map { isScreened($0.labels) }
        let k = copies(languages: languages, screened: screened, share: share, cap: cap)
        var out: [TrainingExample] = []
        out.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            let n = screened[i] ? 1 : k[languages[i]] ?? 1
            for _ in 0..<n { out.append(row) }
        }
        return out
    }
}
