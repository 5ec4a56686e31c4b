import EarshotCore
import EarshotResources
import Foundation
import Testing

/// Earshot's own training rows (`Data/train`) must agree with the taxonomy and the sensitive map that the
/// classifier applies: a row that teaches a label the runtime would contradict is a silent quality bug.
@Suite struct TrainingDataTests {
    static let trainFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Data/train")

    struct Row: Decodable {
        let text: String
        let labels: [String]
    }

    @Test func everyLabelIsKnownAndSensitiveNodesCarryTheirCategory() throws {
        let taxonomy = try ShippedData.taxonomy()
        let map = try ShippedData.sensitiveMap(taxonomy: taxonomy)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.trainFolder.path)
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        #expect(files.count > 50)
        var rows = 0
        for file in files {
            let text = try String(contentsOf: Self.trainFolder.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n").enumerated() where !line.isEmpty {
                let place = "\(file) line \(n + 1)"
                let row = try JSONDecoder().decode(Row.self, from: Data(line.utf8))
                rows += 1
                #expect(!row.text.isEmpty, "\(place): empty text")
                for label in row.labels {
                    if label == "crisis" { continue }
                    if label.hasPrefix("sensitive:") {
                        #expect(SensitiveCategory(rawValue: String(label.dropFirst(10))) != nil, "\(place): \(label)")
                        continue
                    }
                    #expect(taxonomy.node(TopicID(label)) != nil, "\(place): unknown IAB id \(label)")
                    if case .sensitive(let category) = map.classify(TopicID(label)) {
                        #expect(row.labels.contains("sensitive:\(category.rawValue)"),
                                "\(place): node \(label) is sensitive (\(category.rawValue)) but the row lacks that label")
                    }
                }
            }
        }
        #expect(rows > 10_000)
    }
}
