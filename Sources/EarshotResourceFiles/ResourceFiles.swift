import EarshotCore
import Foundation

/// Reads Earshot's data files (taxonomy, lexicons) from a resources folder laid out like
/// `Sources/EarshotResources/Resources`. Shared by ``ShippedData`` at run time and by the lexicon
/// compiler at build time, so that both read exactly the same sources.
public enum ResourceFiles {
    /// Why a data file could not be read.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The taxonomy file, relative to the folder.
    public static let taxonomyPath = "taxonomy/content-taxonomy-3.1.tsv"
    /// The sensitive map file, relative to the folder.
    public static let sensitiveMapPath = "taxonomy/sensitive-map.tsv"

    /// A file's text.
    public static func text(_ relative: String, in root: URL) throws -> String {
        let url = root.appendingPathComponent(relative)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LoadError(description: "missing shipped resource \(relative)")
        }
        guard let s = String(data: data, encoding: .utf8) else {
            throw LoadError(description: "shipped resource \(relative) is not UTF-8")
        }
        return s
    }

    /// The IAB Content Taxonomy 3.1.
    public static func taxonomy(in root: URL) throws -> Taxonomy {
        try Taxonomy(tsv: text(taxonomyPath, in: root))
    }

    /// The languages that have lexicon files, sorted.
    public static func lexiconLanguages(in root: URL) -> [String] {
        let dir = root.appendingPathComponent("lexicons")
        var langs: Set<String> = []
        for kind in ["sensitive", "interest"] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(kind).path)) ?? []
            for f in files where f.hasSuffix(".tsv") { langs.insert(String(f.dropLast(4))) }
        }
        return langs.sorted()
    }

    /// One language's lexicon files (a missing file reads as empty).
    public static func lexiconSource(_ lang: String, in root: URL) -> LexiconSource {
        LexiconSource(language: lang,
                      sensitive: (try? text("lexicons/sensitive/\(lang).tsv", in: root)) ?? "",
                      interest: (try? text("lexicons/interest/\(lang).tsv", in: root)) ?? "")
    }

    /// Every language's lexicon files, in language order.
    public static func lexiconSources(in root: URL) -> [LexiconSource] {
        lexiconLanguages(in: root).map { lexiconSource($0, in: root) }
    }
}
