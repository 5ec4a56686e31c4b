import ArgumentParser
import EarshotCore
import EarshotEngine
import EarshotResources
import Foundation

struct PrepareDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare-data",
        abstract: "Build the training and held-out files for the shipped model.",
        discussion: """
            Reads Earshot's own examples ({"text", "labels"}) and, when present, the development sets \
            ({"text", "maps_to", "iab_tier1", "lang"}) and writes {"text", "labels"} rows with IAB ids, \
            "sensitive:<code>" and "crisis" labels. One row in ten (by a hash of the text) is held out; with \
            --hold-out-translations, in a file of translations (every language the same rows in the same \
            order), a sentence with all its translations.
            """)

    @Option(parsing: .upToNextOption, help: "Folders or files of JSON Lines.") var input: [String]
    @Option(help: "Training rows out.") var output: String
    @Option(help: "Held-out rows out (gold format for `earshot eval`).") var holdout: String?
    @Option(help: "Keep at most this many rows per source file (0 = all).") var maxPerFile = 0
    @Flag(name: .customLong("with-lexicon-phrases"),
          help: "Spread the shipped lexicons' everyday phrases (interest terms, guards) through the training rows (for the screen model).")
    var withLexiconPhrases = false
    @Option(name: .customLong("phrases"),
            help: "Spread this snapshot of phrases (see --write-phrases) through the training rows instead of the lexicons' own.")
    var phrasesFile: String?
    @Option(name: .customLong("write-phrases"),
            help: "Also write the shipped lexicons' everyday phrases to this file (a snapshot for --phrases).")
    var writePhrases: String?
    @Option(name: .customLong("balance-languages"),
            help: "Repeat each language's rows without a screen label until at most this share of its rows carry one (see LanguageBalance).")
    var balanceShare: Double?
    @Option(name: .customLong("balance-cap"), help: "The most copies of one row that --balance-languages makes.")
    var balanceCap = 4
    @Flag(name: .customLong("hold-out-translations"),
          help: "In a file of translations (every language the same rows in the same order, as SIB-200), hold out a sentence with all its translations.")
    var holdOutTranslations = false

    func run() throws {
        let taxonomy = try ShippedData.taxonomy()
        var files: [String] = []
        for path in input {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw CLIError("no such path \(path)") }
            if isDir.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".jsonl") }.sorted()
                files += names.map { "\(path)/\($0)" }
            } else { files.append(path) }
        }
        if let balanceShare, !(balanceShare > 0 && balanceShare < 1) {
            throw CLIError("--balance-languages must be between 0 and 1, got \(balanceShare)")
        }
        var trainRows: [TrainingExample] = [], trainLanguages: [String] = [], held = Data()
        var counts = (train: 0, held: 0, skipped: 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
            var reader = JSONLinesReader(data: data)
            let fileName = (file as NSString).lastPathComponent
            let fileLanguage = LanguageBalance.language(ofFileNamed: fileName)
            let fileSource = (fileName as NSString).deletingPathExtension
            var rows: [DevRow] = []
            while let line = reader.next() {
                guard let row = DevRow.parse(line.bytes, taxonomy: taxonomy, fileLanguage: fileLanguage, fileSource: fileSource)
                else { counts.skipped += 1; continue }
                if maxPerFile > 0 && rows.count >= maxPerFile { break }
                rows.append(row)
            }
            let heldOut = DevRow.heldOut(rows, source: fileSource, translations: holdOutTranslations)
            for (row, isHeld) in zip(rows, heldOut) {
                if holdout != nil && isHeld {
                    held.append(try encoder.encode(row.gold(taxonomy: taxonomy)))
                    held.append(0x0A)
                    counts.held += 1
                } else {
                    trainRows.append(TrainingExample(text: row.text, labels: row.labels, ignored: row.ignored))
                    trainLanguages.append(row.lang)
                }
            }
        }
        if let balanceShare {
            trainRows = LanguageBalance.apply(trainRows, languages: trainLanguages, share: balanceShare, cap: balanceCap)
        }
        if withLexiconPhrases && phrasesFile != nil {
            throw CLIError("--with-lexicon-phrases and --phrases both name the phrases; give one")
        }
        if withLexiconPhrases || writePhrases != nil {
            let sources = try ShippedData.lexiconLanguages().map(ShippedData.lexiconSource)
            let phrases = LexiconPhrases.everydayExamples(sources)
            if let writePhrases { try Self.write(phrases, to: writePhrases) }
            if withLexiconPhrases { trainRows = LexiconPhrases.interleave(trainRows, with: phrases) }
        }
        if let phrasesFile { trainRows = LexiconPhrases.interleave(trainRows, with: try Self.readPhrases(phrasesFile)) }
        counts.train = trainRows.count
        try Self.write(trainRows, to: output)
        if let holdout, !FileManager.default.createFile(atPath: holdout, contents: held) {
            throw CLIError("cannot write \(holdout)")
        }
        print("\(files.count) files: \(counts.train) training rows, \(counts.held) held out, \(counts.skipped) skipped")
    }
}

extension PrepareDataCommand {
    /// Writes rows as `{"text", "labels"[, "ignore"]}` JSON Lines with sorted keys.
    static func write(_ rows: [TrainingExample], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for row in rows {
            out.append(try encoder.encode(TrainingRow(text: row.text, labels: row.labels,
                                                       ignore: row.ignored.isEmpty ? nil : row.ignored)))
            out.append(0x0A)
        }
        guard FileManager.default.createFile(atPath: path, contents: out) else { throw CLIError("cannot write \(path)") }
    }

    /// Reads a phrase snapshot written by `--write-phrases`, in file order. A line that is not a
    /// `{"text", "labels"}` row is an error naming its line number.
    static func readPhrases(_ path: String) throws -> [TrainingExample] {
        struct Row: Decodable { let text: String; let labels: [String] }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        var reader = JSONLinesReader(data: data)
        var rows: [TrainingExample] = []
        while let line = reader.next() {
            guard let row = try? JSONDecoder().decode(Row.self, from: line.bytes) else {
                throw CLIError("\(path) line \(line.number): expected {\"text\": string, \"labels\": [string]}")
            }
            rows.append(TrainingExample(text: row.text, labels: row.labels))
        }
        return rows
    }
}

struct TrainingRow: Encodable {
    let text: String
    let labels: [String]
    /// Label prefixes the row says nothing about (omitted when none).
    let ignore: [String]?
}

/// One development or own row, normalised to labels.
struct DevRow {
    let text: String
    let labels: [String]
    /// Label prefixes an own row says nothing about (its `"ignore"`).
    var ignored: [String] = []
    let lang: String
    /// The development file's name (`sib200`), or `own` for Earshot's own `{"text", "labels"}` rows.
    let source: String

    private struct Raw: Decodable {
        let text: String
        let labels: [String]?
        let ignore: [String]?
        let maps_to: String?
        let iab_tier1: [String]?
        let lang: String?
    }

    static func parse(_ bytes: Data, taxonomy: Taxonomy, fileLanguage: String? = nil, fileSource: String) -> DevRow? {
        guard let raw = try? JSONDecoder().decode(Raw.self, from: bytes), !raw.text.isEmpty else { return nil }
        let lang = raw.lang ?? fileLanguage ?? LanguageBalance.unknownLanguage
        if let labels = raw.labels {
            return DevRow(text: raw.text, labels: labels, ignored: raw.ignore ?? [], lang: lang, source: "own")
        }
        var labels: [String] = []
        if let m = raw.maps_to, m.hasPrefix("sensitive:") {
            let code = String(m.dropFirst(10))
            switch code {
            case "political": labels.append("sensitive:political_opinions")
            case "gender_identity": labels.append("sensitive:sexual_orientation")
            default: if SensitiveCategory(rawValue: code) != nil { labels.append("sensitive:\(code)") }
            }
        } else {
            for name in raw.iab_tier1 ?? [] { if let node = taxonomy.tier1(named: name) { labels.append(node.id.rawValue) } }
        }
        return DevRow(text: raw.text, labels: labels, lang: lang, source: fileSource)
    }

    /// One row in ten, chosen by a hash of the text so that the split is stable.
    static func isHeldOut(_ text: String) -> Bool {
        var h: UInt64 = 1_469_598_103_934_665_603
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
        return h % 10 == 0
    }

    /// Which of one file's rows are held out: one in ten by a hash of the text. With `translations`, in a
    /// parallel development file, where every language holds the same number of rows in the same order
    /// (SIB-200: the same sentences translated into 23 languages), a sentence is held out in all its
    /// languages instead, chosen by a hash of its position within each language. Split by text, nine in
    /// ten of a held-out sentence's translations are training rows, and names and numbers shared across
    /// languages carry the label: the shipped models' holdout reads SIB-200's sensitive sentences at 0.82
    /// (23 languages), where models that never saw a sentence in any language read 0.62 (BENCHMARKS.md,
    /// "Nineteenth session"). The shipped models keep the text split, so that they stay reproducible.
    static func heldOut(_ rows: [DevRow], source: String, translations: Bool) -> [Bool] {
        var perLanguage: [String: Int] = [:]
        for row in rows { perLanguage[row.lang, default: 0] += 1 }
        let parallel = translations && rows.first?.source != "own" && perLanguage.count > 1
            && Set(perLanguage.values).count == 1
        guard parallel else { return rows.map { isHeldOut($0.text) } }
        var position: [String: Int] = [:]
        return rows.map { row in
            let p = position[row.lang, default: 0]
            position[row.lang] = p + 1
            return isHeldOut("\(source)#\(p)")
        }
    }

    func gold(taxonomy: Taxonomy) -> GoldExample {
        let sensitive = labels.compactMap { $0.hasPrefix("sensitive:") ? SensitiveCategory(rawValue: String($0.dropFirst(10))) : nil }
        let tier1 = labels.compactMap { taxonomy.node(TopicID($0)).map { taxonomy.name($0.tier1ID) } }
        return GoldExample(text: text, tier1: Array(Set(tier1)).sorted(), sensitive: sensitive, crisis: labels.contains("crisis"),
                           lang: lang, kind: sensitive.isEmpty ? "everyday" : "sensitive", source: source)
    }
}
