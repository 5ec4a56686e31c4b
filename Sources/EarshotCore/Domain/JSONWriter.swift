import Foundation

/// Writes JSON straight into bytes for the hot paths (served ads, stored impressions), in the form
/// Foundation's `JSONEncoder` writes: the same string escapes (slashes unescaped), whole numbers without
/// a fraction, other numbers in Swift's shortest round-trip form.
public struct JSONWriter {
public var bytes: [UInt8] = []

public init() {}

    public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func strings(_ values: [String]) {
        for (i, v) in values.enumerated() {
            if i > 0 { raw(",") }
            string(v)
        }
    }

    /// A JSON string with the escapes `JSONEncoder` uses (slashes unescaped).
    public mutating func string(_ s: String) {
        bytes.append(0x22)
        // Most strings need no escape: copy them in one go.
        let copied = s.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        } ?? false
        if copied {
            bytes.append(0x22)
            return
        }
        for b in s.utf8 {
            switch b {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(0x5C); bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(0x5C); bytes.append(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(b >> 4)]); bytes.append(hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }

    /// Whole numbers without a fraction, others in Swift's shortest round-trip form (as `JSONEncoder`).
    public mutating func number(_ d: Double) {
        if d == d.rounded(), abs(d) < 1e15 {
            bytes.append(contentsOf: String(Int64(d)).utf8)
        } else {
            bytes.append(contentsOf: d.description.utf8)
        }
    }

    /// An ISO 8601 date-time string in UTC to the second, `2026-11-22T09:05:00Z` (the API's form; the
    /// same text as `Date.ISO8601FormatStyle()`, written without a formatter).
    public mutating func date(_ d: Date) {
        let seconds = Int(d.timeIntervalSince1970.rounded(.down))
        let day = Day(containing: d)
        let inDay = (seconds % 86_400 + 86_400) % 86_400
        func two(_ n: Int) { bytes.append(0x30 + UInt8(n / 10)); bytes.append(0x30 + UInt8(n % 10)) }
        bytes.append(0x22)
        two(day.year / 100); two(day.year % 100)
        bytes.append(0x2D); two(day.month); bytes.append(0x2D); two(day.day)
        bytes.append(UInt8(ascii: "T"))
        two(inDay / 3_600); bytes.append(0x3A); two(inDay / 60 % 60); bytes.append(0x3A); two(inDay % 60)
        bytes.append(UInt8(ascii: "Z")); bytes.append(0x22)
    }

    /// Seconds since 1970 as a number (the stores' form).
    public mutating func seconds(_ d: Date) { number(d.timeIntervalSince1970) }
}

extension JSONWriter {
    /// Key and date conventions: the API's (`topicId`, ISO 8601) or the stores' (`topicID`, seconds).
    public enum Style: Sendable { case api, stored }

    /// An explanation with its matched interests, keys sorted.
    public mutating func explanation(_ x: Explanation, style: Style) {
        raw("{\"basis\":"); string(x.basis.rawValue)
        raw(",\"howToChange\":"); string(x.howToChange)
        raw(",\"matchedInterests\":[")
        for (i, e) in x.matchedInterests.enumerated() {
            if i > 0 { raw(",") }
            raw("{\"eventCount\":"); number(Double(e.eventCount))
            raw(",\"firstSeen\":"); style == .api ? date(e.firstSeen) : seconds(e.firstSeen)
            raw(",\"lastSeen\":"); style == .api ? date(e.lastSeen) : seconds(e.lastSeen)
            raw(",\"name\":"); string(e.name)
            raw(",\"score\":"); number(e.score)
            raw(",\"surfaces\":["); strings(e.surfaces.map(\.rawValue))
            raw(style == .api ? "],\"topicId\":" : "],\"topicID\":"); string(e.topicID.rawValue)
            raw("}")
        }
        raw("],\"policyReasons\":["); strings(x.policyReasons)
        raw("],\"summary\":"); string(x.summary)
        raw("}")
    }

    /// Decision rules as `[{"effect", "reason", "rule"}]`.
    public mutating func rules(_ rules: [RuleOutcome]) {
        raw("[")
        for (i, r) in rules.enumerated() {
            if i > 0 { raw(",") }
            raw("{\"effect\":"); string(r.effect.rawValue)
            raw(",\"reason\":"); string(r.reason)
            raw(",\"rule\":"); string(r.rule.rawValue)
            raw("}")
        }
        raw("]")
    }
}
