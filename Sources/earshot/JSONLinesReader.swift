import EarshotCore
import EarshotEngine
import Foundation

/// One thing an ingest file can hold.
enum IngestItem {
    case person(Person), account(Account), campaign(Campaign), feedItem(FeedItem), event(InteractionEvent)
}

/// One line of a JSON Lines file, with its 1-based number.
struct JSONLine {
    let number: Int
    let bytes: Data

    private struct Kind: Decodable { let type: String? }

    /// Decodes the line by its "type" field; a failure names the line and field, never the content.
    func decode() -> Result<IngestItem, IngestReport.Rejection> {
        func reject(_ field: String?, _ message: String) -> Result<IngestItem, IngestReport.Rejection> {
            .failure(.init(index: number, eventID: nil, field: field, message: field.map { "\($0) \(message)" } ?? message))
        }
        guard String(validating: bytes, as: UTF8.self) != nil else { return reject(nil, "is not valid UTF-8") }
        let decoder = JSONCoding.decoder()
        do {
            let kind = try decoder.decode(Kind.self, from: bytes)
            switch kind.type ?? "event" {
            case "person": return .success(.person(try decoder.decode(Person.self, from: bytes)))
            case "account": return .success(.account(try decoder.decode(Account.self, from: bytes)))
            case "campaign": return .success(.campaign(try decoder.decode(Campaign.self, from: bytes)))
            case "feed_item": return .success(.feedItem(try decoder.decode(FeedItem.self, from: bytes)))
            case "event": return .success(.event(try decoder.decode(InteractionEvent.self, from: bytes)))
            default: return reject("type", "has an unknown value; expected person, account, campaign, feed_item or event")
            }
        } catch {
            let (field, message) = JSONCoding.describe(error)
            return reject(field, message)
        }
    }
}

/// Splits a file into non-empty lines.
struct JSONLinesReader {
    let data: Data
    private(set) var offset = 0
    private(set) var lineNumber = 0

    init(data: Data) { self.data = data }

    mutating func next() -> JSONLine? {
        while offset < data.count {
            let start = offset
            let end = data[start...].firstIndex(of: 0x0A) ?? data.count
            offset = end + 1
            lineNumber += 1
            var line = data[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return JSONLine(number: lineNumber, bytes: Data(line))
        }
        return nil
    }
}

/// Progress on a terminal (rate, count, ETA); silent when standard error is not a terminal.
final class Progress {
    let total: Int
    let label: String
    let enabled = isatty(2) == 1
    private let start = Date()
    private var last = Date.distantPast
    private var count = 0

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(done: Int, count: Int) {
        self.count = count
        guard enabled, Date().timeIntervalSince(last) > 0.2 else { return }
        last = Date()
        let elapsed = max(Date().timeIntervalSince(start), 0.001)
        let rate = Double(count) / elapsed
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
        let text = String(format: "\r%@: %d lines, %.0f/s, %.0f%%, ETA %.0fs   ", label, count, rate, fraction * 100, eta)
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data(String(format: "\r%@: %d lines in %.1fs%@\n", label, count, elapsed, String(repeating: " ", count: 20)).utf8))
    }
}

extension IngestReport.Rejection: Error {}
