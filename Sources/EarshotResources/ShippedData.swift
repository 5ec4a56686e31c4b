import EarshotCore
import Foundation

/// Loads the data Earshot ships inside the package: the IAB taxonomy, the sensitive map, the
/// lexicons and the default model. Nothing is downloaded.
public enum ShippedData {
    /// Why shipped data could not be loaded.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The folder that holds the shipped resources.
    public static var resourceRoot: URL {
        if let override = ProcessInfo.processInfo.environment["EARSHOT_RESOURCES"] {
            return URL(fileURLWithPath: override)
        }
        return Bundle.module.bundleURL.appendingPathComponent("Resources")
    }

    static func text(_ relative: String) throws -> String {
        let url = resourceRoot.appendingPathComponent(relative)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LoadError(description: "missing shipped resource \(relative)")
        }
        guard let s = String(data: data, encoding: .utf8) else {
            throw LoadError(description: "shipped resource \(relative) is not UTF-8")
        }
        return s
    }

    /// The IAB Content Taxonomy 3.1.
    public static func taxonomy() throws -> Taxonomy {
        try Taxonomy(tsv: text("taxonomy/content-taxonomy-3.1.tsv"))
    }

    /// Earshot's sensitive map over the taxonomy.
    public static func sensitiveMap(taxonomy: Taxonomy) throws -> SensitiveMap {
        try SensitiveMap(tsv: text("taxonomy/sensitive-map.tsv"), taxonomy: taxonomy)
    }

    /// The languages that have lexicon files.
    public static func lexiconLanguages() -> [String] {
        let dir = resourceRoot.appendingPathComponent("lexicons")
        var langs: Set<String> = []
        for kind in ["sensitive", "interest"] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(kind).path)) ?? []
            for f in files where f.hasSuffix(".tsv") { langs.insert(String(f.dropLast(4))) }
        }
        return langs.sorted()
    }

    /// One language's lexicon files (a missing file reads as empty).
    public static func lexiconSource(_ lang: String) throws -> LexiconSource {
        LexiconSource(language: lang,
                      sensitive: (try? text("lexicons/sensitive/\(lang).tsv")) ?? "",
                      interest: (try? text("lexicons/interest/\(lang).tsv")) ?? "")
    }

    /// Every shipped lexicon.
    public static func lexicon(taxonomy: Taxonomy) throws -> Lexicon {
        try Lexicon(sources: lexiconLanguages().map(lexiconSource), taxonomy: taxonomy)
    }

    /// The default trained model, when the package ships one.
    public static func model() throws -> HashedLinearModel? { try shippedModel("model/earshot-iab.model") }

    /// The shipped screen model (sensitive and crisis labels only), when the package ships one.
    public static func screenModel() throws -> HashedLinearModel? { try shippedModel("model/earshot-screen.model") }

    private static func shippedModel(_ relative: String) throws -> HashedLinearModel? {
        let url = resourceRoot.appendingPathComponent(relative)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try HashedLinearModel(serialized: [UInt8](data))
    }

    /// The shipped classifier: lexicons plus the default models.
    /// - Parameters:
    ///   - withModel: load the topic model.
    ///   - withScreenModel: load the screen model (default: when the topic model is loaded).
    public static func classifier(withModel: Bool = true, withScreenModel: Bool? = nil) throws -> Classifier {
        let taxonomy = try taxonomy()
        return Classifier(taxonomy: taxonomy, sensitiveMap: try sensitiveMap(taxonomy: taxonomy),
                          lexicon: try lexicon(taxonomy: taxonomy), model: withModel ? try model() : nil,
                          screenModel: (withScreenModel ?? withModel) ? try screenModel() : nil)
    }
}
