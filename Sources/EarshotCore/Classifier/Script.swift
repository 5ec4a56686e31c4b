/// The writing systems the classifier tells apart, to know whether a trained model has ever seen text
/// like a message's.
///
/// A hashed n-gram model still scores text in a script it was never trained on: the message's n-grams
/// land in buckets that other text trained, and their average is noise. Before models recorded their
/// scripts, everyday messages in the twenty-one languages of the 2026-11-23 blind set were flagged
/// sensitive 19.6% of the time, mostly "political opinions" by the models ("a recipe for shakshuka" in
/// Hebrew, "cheap flights to Chiang Mai" in Thai), and a Ukrainian "I want to end my life" was read as
/// Travel at 0.998.
public enum Script: Int, CaseIterable, Sendable {
    case latin, greek, cyrillic, armenian, hebrew, arabic, devanagari, bengali, gurmukhi, gujarati, oriya,
         tamil, telugu, kannada, malayalam, sinhala, thai, lao, tibetan, myanmar, georgian, hangul, ethiopic,
         khmer, cjk, other

    /// The script of a letter, or nil for what is no script's own (digits, marks that combine with any
    /// script, symbols).
    public static func of(_ scalar: UInt32) -> Script? {
        switch scalar {
        case 0x30...0x39: return nil
        case 0x00...0x7F: return (0x41...0x5A).contains(scalar) || (0x61...0x7A).contains(scalar) ? .latin : nil
        case 0xC0...0x24F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xFF21...0xFF5A: return .latin
        case 0x300...0x36F: return nil
        case 0x370...0x3FF, 0x1F00...0x1FFF: return .greek
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: return .cyrillic
        case 0x530...0x58F: return .armenian
        case 0x590...0x5FF: return .hebrew
        case 0x600...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return .arabic
        case 0x900...0x97F, 0xA8E0...0xA8FF: return .devanagari
        case 0x980...0x9FF: return .bengali
        case 0xA00...0xA7F: return .gurmukhi
        case 0xA80...0xAFF: return .gujarati
        case 0xB00...0xB7F: return .oriya
        case 0xB80...0xBFF: return .tamil
        case 0xC00...0xC7F: return .telugu
        case 0xC80...0xCFF: return .kannada
        case 0xD00...0xD7F: return .malayalam
        case 0xD80...0xDFF: return .sinhala
        case 0xE00...0xE7F: return .thai
        case 0xE80...0xEFF: return .lao
        case 0xF00...0xFFF: return .tibetan
        case 0x1000...0x109F: return .myanmar
        case 0x10A0...0x10FF, 0x1C90...0x1CBF: return .georgian
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return .hangul
        case 0x1200...0x139F: return .ethiopic
        case 0x1780...0x17FF: return .khmer
        case let v where TextNormalizer.isCJK(v): return .cjk  // the normaliser's own definition
        default: return .other
        }
    }

    /// The script most of a text's letters are written in, or nil when it has none.
    public static func dominant(inNormalized bytes: [UInt8]) -> Script? {
        var counts = [Int](repeating: 0, count: allCases.count)
        forEachLetter(bytes) { counts[$0.rawValue] += 1 }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else { return nil }
        return Script(rawValue: best)
    }

    /// Calls `body` with the script of every letter of UTF-8 `bytes`.
    @inline(__always)
    static func forEachLetter(_ bytes: [UInt8], _ body: (Script) -> Void) {
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0
            while i < n {
                let lead = UInt32(b[i])
                var scalar = lead, length = 1
                if lead >= 0xF0 { length = 4; scalar = lead & 0x07 } else if lead >= 0xE0 { length = 3; scalar = lead & 0x0F }
                else if lead >= 0xC0 { length = 2; scalar = lead & 0x1F } else if lead >= 0x80 { i += 1; continue }
                if i + length > n { return }
                if length > 1 { for k in 1..<length { scalar = scalar << 6 | (UInt32(b[i + k]) & 0x3F) } }
                if let script = of(scalar) { body(script) }
                i += length
            }
        }
    }
}

/// A set of ``Script``s: those a model was trained on.
public struct ScriptSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ scripts: [Script]) { self.init(rawValue: scripts.reduce(0) { $0 | 1 << UInt32($1.rawValue) }) }

    public func contains(_ script: Script) -> Bool { rawValue & (1 << UInt32(script.rawValue)) != 0 }

    /// The scripts, in declaration order.
    public var scripts: [Script] { Script.allCases.filter(contains) }

    /// Whether more of a text's letters are written in scripts outside this set than inside it.
    public func isMostlyForeign(normalized bytes: [UInt8]) -> Bool {
        var inside = 0, outside = 0
        let mask = rawValue
        Script.forEachLetter(bytes) { script in
            if mask & (1 << UInt32(script.rawValue)) != 0 { inside += 1 } else { outside += 1 }
        }
        return outside > inside
    }

    /// The scripts that enough texts are mostly written in: `rows[s]` texts of `total` are mostly in
    /// script `s` (indexed by raw value), and a script needs `minimumRows` of them, or `minimumShare` of
    /// the texts if that is fewer (a tiny training set still knows its own scripts), and at least one.
    public static func dominant(rows: [Int], total: Int, minimumRows: Int = 20, minimumShare: Double = 0.0005) -> ScriptSet {
        let floor = max(1, min(minimumRows, Int((Double(total) * minimumShare).rounded(.up))))
        return ScriptSet(Script.allCases.filter { rows[$0.rawValue] >= floor })
    }
}
