import Foundation

/// Reads the block-style YAML subset that `openapi.yaml` is written in: mappings, sequences (also of
/// mappings), quoted and plain scalars, `|` blocks, and flow lists of scalars. Anything else is an error,
/// so the document stays readable by this test.
struct MiniYAML {
    struct ParseError: Error, CustomStringConvertible { let description: String }

    private struct Line { let indent: Int; let text: String; let number: Int }
    private var lines: [Line] = []
    private var raw: [String] = []
    private var index = 0

    static func parse(_ text: String) throws -> Any {
        var p = MiniYAML()
        p.raw = text.components(separatedBy: "\n")
        for (n, l) in p.raw.enumerated() {
            let trimmed = l.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            p.lines.append(Line(indent: l.prefix { $0 == " " }.count, text: trimmed, number: n))
        }
        return try p.block(indent: 0)
    }

    private mutating func block(indent: Int) throws -> Any {
        guard index < lines.count else { return NSNull() }
        return lines[index].text.hasPrefix("- ") || lines[index].text == "-" ? try sequence(indent: lines[index].indent)
            : try mapping(indent: lines[index].indent)
    }

    private mutating func sequence(indent: Int) throws -> [Any] {
        var items: [Any] = []
        while index < lines.count, lines[index].indent == indent, lines[index].text.hasPrefix("- ") {
            let line = lines[index]
            let rest = String(line.text.dropFirst(2))
            if Self.splitKey(rest) != nil {
                // "- key: value": a mapping whose first line sits two columns in.
                lines[index] = Line(indent: indent + 2, text: rest, number: line.number)
                items.append(try mapping(indent: indent + 2))
            } else {
                index += 1
                items.append(try scalar(rest, line: line))
            }
        }
        return items
    }

    private mutating func mapping(indent: Int) throws -> [String: Any] {
        var map: [String: Any] = [:]
        while index < lines.count, lines[index].indent == indent, !lines[index].text.hasPrefix("- ") {
            let line = lines[index]
            guard let (key, value) = Self.splitKey(line.text) else {
                throw ParseError(description: "line \(line.number + 1): expected `key: value`")
            }
            index += 1
            if value.isEmpty {
                if index < lines.count, lines[index].indent > indent
                    || (lines[index].indent == indent && lines[index].text.hasPrefix("- ")) {
                    map[key] = try block(indent: lines[index].indent)
                } else {
                    map[key] = NSNull()
                }
            } else if value == "|" || value == "|-" {
                var text: [String] = []
                while index < lines.count, lines[index].indent > indent {
                    text.append(lines[index].text)
                    index += 1
                }
                map[key] = text.joined(separator: "\n")
            } else {
                map[key] = try scalar(value, line: line)
            }
        }
        if index < lines.count, lines[index].indent > indent {
            throw ParseError(description: "line \(lines[index].number + 1): unexpected indentation")
        }
        return map
    }

    /// `key: value` or `key:`; keys may be quoted.
    private static func splitKey(_ text: String) -> (String, String)? {
        if let q = text.first, q == "\"" || q == "'" {
            guard let end = text.dropFirst().firstIndex(of: q) else { return nil }
            let after = text[text.index(after: end)...]
            guard after.hasPrefix(":") else { return nil }
            return (String(text[text.index(after: text.startIndex)..<end]), after.dropFirst().trimmingCharacters(in: .whitespaces))
        }
        if text.hasSuffix(":"), !text.contains(": ") { return (String(text.dropLast()), "") }
        guard let r = text.range(of: ": ") else { return nil }
        let key = String(text[..<r.lowerBound])
        if key.contains(" ") && !key.hasPrefix("/") { return nil }
        return (key, String(text[r.upperBound...]).trimmingCharacters(in: .whitespaces))
    }

    private func scalar(_ text: String, line: Line) throws -> Any {
        if text.hasPrefix("\"") {
            guard let data = text.data(using: .utf8), let s = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) as? String
            else { throw ParseError(description: "line \(line.number + 1): bad double-quoted string") }
            return s
        }
        if text.hasPrefix("'") { return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'") }
        if text == "{}" { return [String: Any]() }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw ParseError(description: "line \(line.number + 1): unclosed flow list") }
            let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            if inner.isEmpty { return [Any]() }
            return try inner.components(separatedBy: ",").map { try scalar($0.trimmingCharacters(in: .whitespaces), line: line) }
        }
        switch text {
        case "true": return true
        case "false": return false
        case "null", "~": return NSNull()
        default: break
        }
        if let i = Int(text) { return i }
        if let d = Double(text), text.contains(".") { return d }
        return text
    }
}
