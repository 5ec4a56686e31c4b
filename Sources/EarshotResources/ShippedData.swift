import EarshotCore
import EarshotResourceFiles
import Foundation

/// Loads the data Earshot ships inside the package: the IAB taxonomy, the sensitive map, the
/// lexicons and the default model. Nothing is downloaded.
public enum ShippedData {
    /// Why shipped data could not be loaded (the reader shared with the lexicon compiler throws it).
    public typealias LoadError = ResourceFiles.LoadError

    /// The folder that holds the shipped resources.
    public static var resourceRoot: URL {
        if let override = ProcessInfo.processInfo.environment["EARSHOT_RESOURCES"] {
            return URL(fileURLWithPath: override)
        }
        return Bundle.module.bundleURL.appendingPathComponent("Resources")
    }

    static func text(_ relative: String) throws -> String { try ResourceFiles.text(relative, in: resourceRoot) }

    /// The IAB Content Taxonomy 3.1.
    public static func taxonomy() throws -> Taxonomy {
        try Taxonomy(tsv: text(ResourceFiles.taxonomyPath))
    }

    /// Earshot's sensitive map over the taxonomy.
    public static func sensitiveMap(taxonomy: Taxonomy) throws -> SensitiveMap {
        try SensitiveMap(tsv: text(ResourceFiles.sensitiveMapPath), taxonomy: taxonomy)
    }

    /// The languages that have lexicon files.
    public static func lexiconLanguages() -> [String] { ResourceFiles.lexiconLanguages(in: resourceRoot) }

    /// One language's lexicon files (a missing file reads as empty).
    public static func lexiconSource(_ lang: String) throws -> LexiconSource { ResourceFiles.lexiconSource(lang, in: resourceRoot) }

    /// The lexicon compiled at build time (see the CompileLexicons plugin), in the bundle's root.
    static var compiledLexiconURL: URL { Bundle.module.bundleURL.appendingPathComponent("compiled-lexicon.bin") }

    /// Every shipped lexicon. Read from the lexicon compiled at build time when it was compiled from the
    /// same files (always, unless `EARSHOT_RESOURCES` names a folder with other lexicons); parsed from
    /// the files otherwise, and when the compiled file is damaged (the files give the same lexicon).
    public static func lexicon(taxonomy: Taxonomy) throws -> Lexicon {
        let sources = ResourceFiles.lexiconSources(in: resourceRoot)
        if let data = FileManager.default.contents(atPath: compiledLexiconURL.path),
            let compiled = (try? Lexicon(compiled: [UInt8](data), sources: sources, taxonomy: taxonomy)) ?? nil
        {
            return compiled
        }
        return try Lexicon(sources: sources, taxonomy: taxonomy)
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
