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
}

extension Date {
    /// A UTC date from `YYYY-MM-DD`.
    static func day(_ s: String) -> Date { Day(s)!.startDate }
}
