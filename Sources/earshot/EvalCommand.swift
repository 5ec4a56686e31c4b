import ArgumentParser
import EarshotCore
import EarshotEngine
import EarshotResources
import Foundation

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure the shipped classifier on a labelled file of {text, tier1, sensitive, crisis, lang} rows.")

    @Option(parsing: .upToNextOption, help: "Gold JSON Lines file(s).") var input: [String]
    @Flag(help: "Print JSON.") var json = false
    @Option(name: .customLong("languages"),
            help: "Only rows in these languages, comma separated (e.g. the ten supported: en,es,pt,de,fr,nb,it,id,hi,ja).")
    var languages: String?
    @Option(name: .customLong("sources"),
            help: "Only rows from these sources, comma separated (the `source` that `prepare-data` writes: sib200, medquad, own, ...).")
    var sources: String?
    @Flag(name: .customLong("no-model"), help: "Lexicons only, without the trained model.") var noModel = false
    @Option(help: "Use this model (from `earshot train`) with the shipped lexicons and screen model instead of the shipped model.")
    var model: String?
    @Option(name: .customLong("sensitive-threshold"), help: "Model probability that raises a sensitive flag (development).")
    var sensitiveThreshold: Float?
    @Option(name: .customLong("crisis-threshold"), help: "Model score that raises the crisis flag (development).")
    var crisisThreshold: Float?
    @Option(name: .customLong("screen-model"), help: "Use this screen model instead of the shipped one (development).")
    var screenModel: String?
    @Option(name: .customLong("screen-mix"), help: "The screen model's share of blended screen logits (development).")
    var screenMix: Float?
    @Option(name: .customLong("category-offset"), help: "CATEGORY=OFFSET added to the sensitive threshold for one category (development).")
    var categoryOffset: [String] = []
    @Option(name: .customLong("topic-fallback"), help: "Lowest model logit for a fallback topic (development).")
    var topicFallback: Float?
    @Option(name: .customLong("weak-bonus"), help: "How much one weak lexicon term lowers the model threshold for its category (development).")
    var weakBonus: Float?
    @Option(name: .customLong("agreement-margin"), help: "How far below the bar each model's own logit may be for a model-raised sensitive flag (development).")
    var agreementMargin: Float?
    @Option(name: .customLong("known-word-share"), help: "Share of a message's words the models must know to be asked about it (development).")
    var knownWordShare: Float?
    @Option(name: .customLong("confident-topic"), help: "Topic logit above which the screens need more (development).")
    var confidentTopic: Float?
    @Option(name: .customLong("confident-penalty"), help: "How much more the screens need then (development).")
    var confidentPenalty: Float?
    @Option(name: .customLong("window-units"), help: "Words per window of a long message's screen; 0 = no windows (development).")
    var windowUnits: Int?
    @Option(name: .customLong("window-stride"), help: "Words between the starts of two windows (development).")
    var windowStride: Int?
    @Option(name: .customLong("window-penalty"), help: "How much higher a window's bars are (development).")
    var windowPenalty: Float?
    @Option(name: .customLong("window-minimum"), help: "A message needs more than this many words to be screened in windows (development).")
    var windowMinimum: Int?

    /// Keeps the examples whose `field` is in the comma-separated `value` of `option`.
    private static func keep(_ examples: inout [GoldExample], _ value: String?, option: String, example: String,
                             field: (GoldExample) -> String?) throws {
        guard let value else { return }
        let items = value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !items.contains("") else { throw CLIError("\(option): expected a comma-separated list, e.g. \(example)") }
        let wanted = Set(items)
        examples.removeAll { !wanted.contains(field($0) ?? "") }
        guard !examples.isEmpty else { throw CLIError("\(option): no row has \(wanted.sorted().joined(separator: ", "))") }
    }

    func run() throws {
        var examples: [GoldExample] = []
        let decoder = JSONDecoder()
        for path in input {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
            var reader = JSONLinesReader(data: data)
            while let line = reader.next() {
                do { examples.append(try decoder.decode(GoldExample.self, from: line.bytes)) } catch {
                    let (field, message) = JSONCoding.describe(error)
                    throw CLIError("\(path) line \(line.number): \(field) \(message)")
                }
            }
        }
        try Self.keep(&examples, languages, option: "--languages", example: "en,de") { $0.lang }
        try Self.keep(&examples, sources, option: "--sources", example: "sib200,medquad") { $0.source }
        var classifier = try ShippedData.classifier(withModel: !noModel && model == nil)
        if let model {
            guard let data = FileManager.default.contents(atPath: model) else { throw CLIError("cannot read \(model)") }
            classifier = Classifier(taxonomy: classifier.taxonomy, sensitiveMap: classifier.sensitiveMap,
                                    lexicon: classifier.lexicon, model: try HashedLinearModel(serialized: [UInt8](data)),
                                    screenModel: try ShippedData.screenModel())
        }
        if let screenModel {
            guard let data = FileManager.default.contents(atPath: screenModel) else { throw CLIError("cannot read \(screenModel)") }
            classifier = Classifier(taxonomy: classifier.taxonomy, sensitiveMap: classifier.sensitiveMap,
                                    lexicon: classifier.lexicon, model: classifier.model,
                                    screenModel: try HashedLinearModel(serialized: [UInt8](data)))
        }
        if let m = screenMix { classifier.tuning.screenMix = m }
        if let t = sensitiveThreshold { classifier.tuning.modelSensitiveThreshold = t }
        if let t = crisisThreshold { classifier.tuning.modelCrisisThreshold = t }
        for item in categoryOffset {
            let parts = item.split(separator: "=")
            guard parts.count == 2, let c = SensitiveCategory(rawValue: String(parts[0])), let v = Float(parts[1]) else {
                throw CLIError("--category-offset: expected CATEGORY=OFFSET, e.g. health=0.5")
            }
            classifier.tuning.categoryThresholdOffsets[c] = v
        }
        if let t = topicFallback { classifier.tuning.modelTopicFallbackLogit = t }
        if let b = weakBonus { classifier.tuning.weakTermBonus = b }
        if let m = agreementMargin { classifier.tuning.modelAgreementMargin = m }
        if let s = knownWordShare { classifier.tuning.minimumKnownWordShare = s }
        if let b = confidentTopic { classifier.tuning.confidentTopicLogit = b }
        if let b = confidentPenalty { classifier.tuning.confidentTopicPenalty = b }
        if let w = windowUnits { classifier.tuning.windowUnits = w }
        if let w = windowStride { classifier.tuning.windowStride = w }
        if let w = windowPenalty { classifier.tuning.windowPenalty = w }
        if let w = windowMinimum { classifier.tuning.windowMinimumUnits = w }
        let report = Evaluator.evaluate(examples, classifier: classifier)
        if json { return try Output.json(report) }
        print(EvalTable.render(report, count: examples.count))
    }
}

/// Renders an evaluation report as a plain table.
enum EvalTable {
    static func pct(_ r: Rate) -> String {
        guard let v = r.value else { return "   n/a" }
        return String(format: "%6.3f (%d/%d)", v, r.hits, r.total)
    }

    static func render(_ r: EvaluationReport, count: Int) -> String {
        var lines = ["\(count) messages",
                     "sensitive recall (any flag)      \(pct(r.sensitiveRecall))  bar ≥ 0.98",
                     "crisis recall                    \(pct(r.crisisRecall))  bar = 1.0",
                     "false-sensitive rate             \(pct(r.falseSensitive))  bar ≤ 0.05",
                     "tier-1 precision@1               \(pct(r.tier1PrecisionAt1))  bar ≥ 0.85"]
        lines.append("per category (any flag / exact category), bar ≥ 0.95:")
        for c in SensitiveCategory.allCases {
            lines.append("  \(c.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(pct(r.recallByCategory[c.rawValue] ?? Rate()))  \(pct(r.exactRecallByCategory[c.rawValue] ?? Rate()))")
        }
        lines.append("false-sensitive by kind:")
        for (k, v) in r.falseSensitiveByKind.sorted(by: { $0.key < $1.key }) { lines.append("  \(k.padding(toLength: 22, withPad: " ", startingAt: 0)) \(pct(v))") }
        lines.append("per language (sensitive recall / crisis recall / tier-1 P@1, bar ≥ 0.75):")
        let langs = Set(r.sensitiveRecallByLanguage.keys).union(r.tier1PrecisionByLanguage.keys).sorted()
        for l in langs {
            lines.append("  \(l.padding(toLength: 6, withPad: " ", startingAt: 0)) \(pct(r.sensitiveRecallByLanguage[l] ?? Rate()))  \(pct(r.crisisRecallByLanguage[l] ?? Rate()))  \(pct(r.tier1PrecisionByLanguage[l] ?? Rate()))")
        }
        let sources = Set(r.sensitiveRecallBySource.keys).union(r.falseSensitiveBySource.keys).sorted()
        if !sources.isEmpty {
            lines.append("per source (sensitive recall / false-sensitive / tier-1 P@1):")
            for s in sources {
                lines.append("  \(s.padding(toLength: 18, withPad: " ", startingAt: 0)) \(pct(r.sensitiveRecallBySource[s] ?? Rate()))  \(pct(r.falseSensitiveBySource[s] ?? Rate()))  \(pct(r.tier1PrecisionBySource[s] ?? Rate()))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
