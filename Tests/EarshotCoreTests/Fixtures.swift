import EarshotCore
import EarshotResources
import Foundation

/// Shipped data loaded once for all core tests.
enum Shipped {
    static let taxonomy = try! ShippedData.taxonomy()
    static let sensitiveMap = try! ShippedData.sensitiveMap(taxonomy: taxonomy)
    static let classifier = try! ShippedData.classifier()
    static let lexiconOnly = try! ShippedData.classifier(withModel: false)

    /// The rows of the repository's `eval/<folder>` set: every `.jsonl` file there in name order, one
    /// JSON object a line. A line that does not decode as `Row` is skipped (the sets' own tests count
    /// their rows, so a broken line shows up there).
    static func evalRows<Row: Decodable>(_ folder: String, as: Row.Type = Row.self) -> [Row] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("eval").appendingPathComponent(folder)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return files.filter { $0.hasSuffix(".jsonl") }.sorted().flatMap { name -> [Row] in
            let text = (try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Row.self, from: Data($0.utf8)) }
        }
    }

    /// The tier-1 name of a result's first topic, or nil when it has none: what `earshot eval` compares with
    /// a row's `tier1` labels for tier-1 precision@1.
    static func firstTier1(_ result: Classification) -> String? {
        guard let first = result.topics.first, let node = classifier.taxonomy.node(first.id) else { return nil }
        return classifier.taxonomy.node(node.tier1ID)?.name
    }
}

/// One labelled row of `eval/gold` or `eval/unseen` (the format `earshot eval` reads); `source` names the
/// unseen set a row comes from and is absent in the gold set.
struct EvalRow: Decodable {
    let text: String
    let lang: String
    let kind: String
    let tier1: [String]
    let sensitive: [String]
    let crisis: Bool
    let source: String?
}

extension Date {
    /// A UTC date from `YYYY-MM-DD`.
    static func day(_ s: String) -> Date { Day(s)!.startDate }
}
