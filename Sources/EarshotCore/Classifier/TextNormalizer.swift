import Foundation

/// Turns text into the normalised UTF-8 form that lexicons and the model see.
///
/// Lower-cases, folds Latin diacritics (`é`→`e`, `ß`→`ss`, `ø`→`o`), turns punctuation and symbols into
/// spaces, drops apostrophes, maps full-width ASCII to ASCII, and puts a space between CJK/kana and
/// other letters. The output starts and ends with one space and never holds two spaces in a row, so a
/// word start is simply "the byte after a space". Devanagari and other scripts keep their marks.
public enum TextNormalizer {
    /// Normalises `text` into `out`, reusing its storage (no allocation once it has grown).
    public static func normalize(_ text: String, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.append(0x20)
        var lastCJK = false
        for scalar in text.unicodeScalars {
            var v = scalar.value
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }  // full-width ASCII
            if v < 0x80 {
                lastCJK = appendASCII(UInt8(v), lastCJK: lastCJK, into: &out)
                continue
            }
            if v == 0x2019 || v == 0x2018 || v == 0x02BC { continue }  // apostrophes
            if v >= 0x300 && v <= 0x36F { continue }  // combining diacritics
            if (v >= 0xC0 && v <= 0x24F) || (v >= 0x1E00 && v <= 0x1EFF) {
                let folded = v <= 0x24F ? latinFold[Int(v - 0xC0)] : latinExtendedAdditionalFold[Int(v - 0x1E00)]
                if folded.isEmpty { space(&out) } else {
                    if lastCJK { space(&out); lastCJK = false }
                    out.append(contentsOf: folded)
                }
                continue
            }
            if v >= 0x370 && v <= 0x3FF {  // Greek: accents and final sigma folded, like Latin diacritics
                let folded = greekFold[Int(v - 0x370)]
                if folded.isEmpty || lastCJK { space(&out) }
                lastCJK = false
                out.append(contentsOf: folded)
                continue
            }
            let cjk = isCJK(v)
            let kind = v < 0x10000 ? bmpKinds[Int(v)] : kind(of: scalar)
            guard kind != .space else { space(&out); continue }
            if cjk != lastCJK, out.last != 0x20 { out.append(0x20) }
            lastCJK = cjk
            if kind == .lowercased {
                for s in scalar.properties.lowercaseMapping.unicodeScalars { appendScalar(s, into: &out) }
            } else {
                appendScalar(Unicode.Scalar(v) ?? scalar, into: &out)
            }
        }
        space(&out)
    }

    /// Convenience for tests and tools: the normalised text as a String (with its edge spaces).
    public static func normalize(_ text: String) -> String {
        var buffer: [UInt8] = []
        normalize(text, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @inline(__always)
    private static func appendASCII(_ b: UInt8, lastCJK: Bool, into out: inout [UInt8]) -> Bool {
        switch b {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39:
            if lastCJK, out.last != 0x20 { out.append(0x20) }
            out.append(b >= 0x41 && b <= 0x5A ? b + 32 : b)
            return false
        case 0x27, 0x60:  // apostrophe, backtick: removed so "don't" -> "dont"
            return lastCJK
        default:
            space(&out)
            return false
        }
    }

    @inline(__always)
    private static func space(_ out: inout [UInt8]) {
        if out.last != 0x20 { out.append(0x20) }
    }

    @inline(__always)
    private static func appendScalar(_ s: Unicode.Scalar, into out: inout [UInt8]) {
        let v = s.value
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Hiragana, katakana, CJK ideographs, half-width katakana, Hangul: scripts written without spaces.
    @inline(__always)
    public static func isCJK(_ v: UInt32) -> Bool {
        (v >= 0x3040 && v <= 0x30FF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF)
            || (v >= 0xFF66 && v <= 0xFF9F) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x31F0 && v <= 0x31FF)
    }

    /// What becomes of a scalar outside ASCII and the folded Latin range.
    private enum Kind: UInt8 {
        case space, kept, lowercased
    }

    /// Letters, marks and numbers are kept (lower-cased when that changes them); the rest is a space.
    private static func kind(of scalar: Unicode.Scalar) -> Kind {
        let props = scalar.properties
        switch props.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return props.changesWhenLowercased ? .lowercased : .kept
        default:
            return .space
        }
    }

    /// ``kind(of:)`` for every scalar of the Basic Multilingual Plane, built once (64 KB, a few
    /// milliseconds): looking the Unicode properties up per character had cost 2.5% of a classify run.
    private static let bmpKinds: [Kind] = (0..<0x10000).map { v in
        Unicode.Scalar(UInt32(v)).map(kind(of:)) ?? .space
    }

    /// Folded ASCII for U+00C0...U+024F; empty for symbols (×, ÷).
    private static let latinFold: [[UInt8]] = (UInt32(0xC0)...UInt32(0x24F)).map(fold)

    /// Folded ASCII for U+1E00...U+1EFF, Latin Extended Additional: Vietnamese letters with two marks
    /// (`ự`, `ế`, `ổ`) and the dotted letters of Yoruba or Welsh. Without it, Vietnamese typed with its
    /// marks and without them normalised differently for these letters only ("tự tử" kept `ự` but
    /// folded `ử`), so a lexicon had to list three spellings of a word.
    private static let latinExtendedAdditionalFold: [[UInt8]] = (UInt32(0x1E00)...UInt32(0x1EFF)).map(fold)

    /// Greek (U+0370...U+03FF) lower-cased, without tonos or dialytika, final sigma as sigma: people type
    /// Greek with and without accents, and an upper-case word's last sigma lower-cases to σ, not ς.
    /// Symbols of the block (the Greek question mark, the ano teleia) become spaces (empty here).
    private static let greekFold: [[UInt8]] = (UInt32(0x370)...UInt32(0x3FF)).map { v -> [UInt8] in
        guard let scalar = Unicode.Scalar(v), scalar.properties.generalCategory != .otherPunctuation,
            kind(of: scalar) != .space
        else { return [] }
        let decomposed = String(Character(scalar)).lowercased().decomposedStringWithCanonicalMapping
        guard var base = decomposed.unicodeScalars.first?.value else { return [] }
        if base == 0x3C2 { base = 0x3C3 }
        return Array(String(Character(Unicode.Scalar(base)!)).utf8)
    }

    private static func fold(_ v: UInt32) -> [UInt8] {
        let special: [UInt32: String] = [
            0xDF: "ss", 0xE6: "ae", 0xC6: "ae", 0x153: "oe", 0x152: "oe", 0xF8: "o", 0xD8: "o",
            0x111: "d", 0x110: "d", 0x142: "l", 0x141: "l", 0xFE: "th", 0xDE: "th", 0xF0: "d", 0xD0: "d",
            0x131: "i", 0x127: "h", 0x126: "h", 0x167: "t", 0x166: "t", 0x138: "k", 0x149: "n", 0x1E9E: "ss",
        ]
        if v == 0xD7 || v == 0xF7 { return [] }
        if let s = special[v] { return Array(s.utf8) }
        let decomposed = String(Character(Unicode.Scalar(v)!)).decomposedStringWithCanonicalMapping
        if let first = decomposed.unicodeScalars.first, first.value < 0x80,
            (0x41...0x5A).contains(first.value) || (0x61...0x7A).contains(first.value)
        {
            return [UInt8(first.value | 0x20)]
        }
        let lower = String(Character(Unicode.Scalar(v)!)).lowercased()
        return Array(lower.utf8)
    }
}
