/// Everyday phrases from the lexicons, as extra training rows for the screen model.
///
/// The screen model learns from whole messages, and a message of two or three words ("my dog", "union
/// station parking") is mostly made of character n-grams that it has seen in sensitive rows: such
/// messages used to be flagged with near certainty. The lexicons already list tens of thousands of
/// everyday phrases, written to be reviewed: every interest term (at weight 0.6 or more) and every guard
/// phrase. As rows without a screen label they teach the screen model what short everyday text looks
/// like. Chosen on the development holdout and probe sets: at the same recall on the holdout (0.945
/// against 0.940), everyday and look-alike probes were flagged 4.6% of the time instead of 7.3%.
public enum LexiconPhrases {
    /// One row per interest term of weight ≥ 0.6 (labelled with its IAB id) and per guard phrase (no
    /// label), in file order. A trailing `*` (prefix term) is dropped.
    public static func everydayExamples(_ sources: [LexiconSource]) -> [TrainingExample] {
        var rows: [TrainingExample] = []
        for source in sources {
            Lexicon.forEachRow(of: source.sensitive) { _, f in
                guard f.count >= 2, f[0] == "guard", let term = phrase(f[1]) else { return }
                rows.append(TrainingExample(text: term, labels: []))
            }
            Lexicon.forEachRow(of: source.interest) { _, f in
                guard f.count >= 2, let term = phrase(f[1]) else { return }
                if f.count >= 3, !f[2].isEmpty, (Float(f[2]) ?? 0) < 0.6 { return }
                rows.append(TrainingExample(text: term, labels: [f[0]]))
            }
        }
        return rows
    }

    /// `extra` spread evenly through `rows` (not appended at the end, where the last epochs' steps
    /// would see only them).
    public static func interleave(_ rows: [TrainingExample], with extra: [TrainingExample]) -> [TrainingExample] {
        guard !extra.isEmpty, !rows.isEmpty else { return rows + extra }
        var out: [TrainingExample] = []
        out.reserveCapacity(rows.count + extra.count)
        var j = 0
        for (i, row) in rows.enumerated() {
            out.append(row)
            while j < extra.count, j * rows.count <= i * extra.count {
                out.append(extra[j])
                j += 1
            }
        }
        out.append(contentsOf: extra[j...])
        return out
    }

    private static func phrase(_ term: String) -> String? {
        let t = term.hasSuffix("*") ? String(term.dropLast()) : term
        return t.isEmpty ? nil : t
    }
}
