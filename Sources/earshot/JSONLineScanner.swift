/// A small, strict scanner for classify input rows `{"id": ..., "text": "..."}`. It keeps the raw
/// JSON of "id" (any JSON value) and unescapes "text"; any other key is skipped.
struct JSONLineScanner {
    struct Row {
        var id: ArraySlice<UInt8>?
        var text: String?
    }

    enum Failure: Error { case invalid(String) }

    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0

    /// Scans `bytes` (already checked to be UTF-8).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Row, Failure> {
        var s = JSONLineScanner(b: bytes)
        do { return .success(try s.object()) } catch let f as Failure { return .failure(f) } catch {
            return .failure(.invalid("invalid JSON"))
        }
    }

    private init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

    private mutating func ws() { while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D || b[i] == 0x0A { i += 1 } }

    private mutating func expect(_ c: UInt8) throws {
        ws()
        guard i < b.count, b[i] == c else { throw Failure.invalid("invalid JSON: expected '\(Character(Unicode.Scalar(c)))'") }
        i += 1
    }

    private mutating func object() throws -> Row {
        var row = Row()
        try expect(0x7B)
        ws()
        if i < b.count, b[i] == 0x7D { i += 1; return try end(row) }
        while true {
            ws()
            let key = try string()
            try expect(0x3A)
            ws()
            switch key {
            case "text":
                guard i < b.count, b[i] == 0x22 else { throw Failure.invalid("text: expected a string") }
                row.text = try string()
            case "id":
                let start = i
                try skipValue()
                row.id = ArraySlice(b[start..<i])
            default:
                try skipValue()
            }
            ws()
            guard i < b.count else { throw Failure.invalid("invalid JSON: unterminated object") }
            if b[i] == 0x2C { i += 1; continue }
            if b[i] == 0x7D { i += 1; return try end(row) }
            throw Failure.invalid("invalid JSON: expected ',' or '}'")
        }
    }

    private mutating func end(_ row: Row) throws -> Row {
        ws()
        guard i == b.count else { throw Failure.invalid("invalid JSON: trailing characters") }
        return row
    }

    private mutating func string() throws -> String {
        guard i < b.count, b[i] == 0x22 else { throw Failure.invalid("invalid JSON: expected a string") }
        i += 1
        let start = i
        var plain = true
        while i < b.count, b[i] != 0x22 {
            if b[i] == 0x5C { plain = false; i += 2; continue }
            if b[i] < 0x20 { throw Failure.invalid("invalid JSON: control character in string") }
            i += 1
        }
        guard i < b.count else { throw Failure.invalid("invalid JSON: unterminated string") }
        defer { i += 1 }
        if plain { return String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(i - start)
        var j = start
        while j < i {
            let c = b[j]
            guard c == 0x5C else { out.append(c); j += 1; continue }
            j += 1
            guard j < i else { throw Failure.invalid("invalid JSON: bad escape") }
            switch b[j] {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4(j + 1)
                j += 4
                if (0xD800...0xDBFF).contains(scalar), j + 6 < i, b[j + 1] == 0x5C, b[j + 2] == 0x75 {
                    let low = try hex4(j + 3)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        j += 6
                    }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: String(Character(u)).utf8)
            default: throw Failure.invalid("invalid JSON: bad escape")
            }
            j += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func hex4(_ at: Int) throws -> UInt32 {
        guard at + 4 <= b.count else { throw Failure.invalid("invalid JSON: bad \\u escape") }
        var v: UInt32 = 0
        for k in at..<(at + 4) {
            let c = b[k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw Failure.invalid("invalid JSON: bad \\u escape")
            }
            v = v << 4 | d
        }
        return v
    }

    private mutating func skipValue() throws {
        ws()
        guard i < b.count else { throw Failure.invalid("invalid JSON: missing value") }
        switch b[i] {
        case 0x22: _ = try string()
        case 0x7B, 0x5B:
            var depth = 0
            while i < b.count {
                let c = b[i]
                if c == 0x22 { _ = try string(); continue }
                if c == 0x7B || c == 0x5B { depth += 1 }
                if c == 0x7D || c == 0x5D { depth -= 1; if depth == 0 { i += 1; return } }
                i += 1
            }
            throw Failure.invalid("invalid JSON: unterminated value")
        default:
            let start = i
            while i < b.count, !(b[i] == 0x2C || b[i] == 0x7D || b[i] == 0x5D || b[i] == 0x20 || b[i] == 0x09) { i += 1 }
            let token = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            guard token == "true" || token == "false" || token == "null" || Double(token) != nil else {
                throw Failure.invalid("invalid JSON: bad literal")
            }
        }
    }
}

/// Appends JSON to a byte buffer without Foundation's encoder.
enum JSONWriter {
    static func string(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        for c in s.utf8 {
            switch c {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: out.append(c)
            }
        }
        out.append(0x22)
    }

    static func score(_ v: Double, into out: inout [UInt8]) {
        let clamped = min(max(v, 0), 1)
        let milli = Int((clamped * 1000).rounded())
        if milli == 1000 { out.append(contentsOf: "1.0".utf8); return }
        out.append(contentsOf: [0x30, 0x2E])
        let digits = [milli / 100, (milli / 10) % 10, milli % 10]
        var last = 2
        while last > 0 && digits[last] == 0 { last -= 1 }
        for k in 0...last { out.append(UInt8(0x30 + digits[k])) }
    }
}
