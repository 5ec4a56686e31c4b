@testable import EarshotCore
import Testing

/// The classifier's speed-oriented layouts (packed trie edges, blocked output layer, the normaliser's
/// character table) must give exactly what the plain definitions give.
@Suite struct FastPathTests {
    /// Every match a plain scan finds, and only those: word terms at word starts ending at a word end,
    /// prefixes at word starts, substrings anywhere a character starts.
    @Test func matcherAgreesWithAPlainScan() {
        var rng = SplitMix64(seed: 11)
        let alphabet: [[UInt8]] = ["a", "b", "c", " ", "é", "日", "本"].map { Array($0.utf8) }
        func randomBytes(_ maxParts: Int) -> [UInt8] {
            (0..<(1 + Int(rng.next() % UInt64(maxParts)))).flatMap { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
        }
        for round in 0..<20 {
            var terms: [PhraseMatcher.Term] = []
            for p in 0..<(5 + round * 3) {
                var bytes = randomBytes(4)
                while bytes.first == 0x20 || bytes.last == 0x20 { bytes = randomBytes(4) }
                let anchor: PhraseMatcher.Anchor = bytes[0] >= 0xC0 && rng.next() % 2 == 0 ? .substring
                    : (rng.next() % 3 == 0 ? .prefix : .word)
                terms.append(.init(bytes: bytes, anchor: anchor, payload: Int32(p)))
                // Same bytes, another payload: a node with several terminals.
                if rng.next() % 5 == 0 { terms.append(.init(bytes: bytes, anchor: .word, payload: Int32(1000 + p))) }
            }
            let matcher = PhraseMatcher(terms: terms)
            for _ in 0..<40 {
                var text: [UInt8] = [0x20]
                for b in randomBytes(12) where !(b == 0x20 && text.last == 0x20) { text.append(b) }
                if text.last != 0x20 { text.append(0x20) }
                var got: [String] = []
                matcher.forEachMatch(in: text) { p, s, e in got.append("\(p)@\(s)-\(e)") }
                #expect(got.sorted() == Self.plainMatches(terms, text).sorted(), "round \(round)")
            }
        }
    }

    static func plainMatches(_ terms: [PhraseMatcher.Term], _ text: [UInt8]) -> [String] {
        var out: Set<String> = []
        for t in terms where !t.bytes.isEmpty {
            for s in 1..<text.count where text[s] != 0x20 && s + t.bytes.count <= text.count {
                guard Array(text[s..<(s + t.bytes.count)]) == t.bytes else { continue }
                let e = s + t.bytes.count
                let wordStart = text[s - 1] == 0x20, wordEnd = e >= text.count || text[e] == 0x20
                switch t.anchor {
                case .word: if wordStart && wordEnd { out.insert("\(t.payload)@\(s)-\(e)") }
                case .prefix: if wordStart { out.insert("\(t.payload)@\(s)-\(e)") }
                case .substring: if text[s] >= 0xC0 { out.insert("\(t.payload)@\(s)-\(e)") }
                }
            }
        }
        return Array(out)
    }

    /// The blocked output layer gives each label's bias plus its weights' dot product with the hidden
    /// vector, for label counts that do and do not fill whole blocks of eight.
    @Test func blockedScoresAreDotProducts() {
        var rng = SplitMix64(seed: 5)
        func uniform() -> Float { Float(rng.next() % 2001) / 1000 - 1 }
        for (labels, dim) in [(1, 8), (7, 8), (8, 16), (13, 8), (33, 32), (40, 24)] {
            let hasher = FeatureHasher(wordNgrams: 1, buckets: 16)
            let output = (0..<(labels * dim)).map { _ in uniform() }
            let bias = (0..<labels).map { _ in uniform() }
            let model = HashedLinearModel(hasher: hasher, dim: dim, labels: (0..<labels).map { "l\($0)" },
                                          embeddings: [Float](repeating: 0, count: 16 * dim), output: output, bias: bias)
            let hidden = (0..<dim).map { _ in uniform() }
            var logits: [Float] = []
            model.scores(hidden: hidden, into: &logits)
            #expect(logits.count == labels)
            for l in 0..<labels {
                var expected = bias[l]
                for d in 0..<dim { expected += output[l * dim + d] * hidden[d] }
                #expect(abs(logits[l] - expected) < 1e-4, "label \(l) of \(labels), dim \(dim)")
            }
        }
    }

    /// Outside ASCII and the folded Latin and Greek ranges, a character is kept (lower-cased) when it is
    /// a letter, mark or number, and is a space otherwise: the table the normaliser reads agrees with
    /// Unicode. (The folded ranges are tested in NormalizerAndMatcherTests.)
    @Test func normaliserTableAgreesWithUnicodeProperties() {
        var checked = 0
        for v in stride(from: UInt32(0x250), to: 0x10000, by: 3) {
            guard let scalar = Unicode.Scalar(v) else { continue }
            if (0x300...0x3FF).contains(v) || (0x1E00...0x1EFF).contains(v) || (0xFF01...0xFF5E).contains(v)
                || [0x2018, 0x2019, 0x02BC].contains(v) { continue }
            let props = scalar.properties
            let keep: Bool
            switch props.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
                keep = true
            default:
                keep = false
            }
            let expected = keep ? " " + (props.changesWhenLowercased ? props.lowercaseMapping : String(scalar)) + " " : " "
            #expect(TextNormalizer.normalize(String(scalar)) == expected, "U+\(String(v, radix: 16))")
            checked += 1
        }
        #expect(checked > 20_000)
    }

    /// The lexicon reader's byte test for non-ASCII whitespace, against `Character.isWhitespace` for every
    /// scalar above ASCII (alone, and at the end of a field).
    @Test func lexiconSpaceTestAgreesWithCharacterIsWhitespace() {
        var spaces = 0
        for v in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let bytes = Array(String(scalar).utf8), padded = Array("a".utf8) + bytes
            let expected = Character(scalar).isWhitespace
            bytes.withUnsafeBufferPointer { buf in
                let n = Lexicon.unicodeSpaceLength(buf, at: 0, end: buf.count)
                #expect((n > 0) == expected && (n == 0 || n == bytes.count), "U+\(String(v, radix: 16))")
            }
            var field = ""
            Lexicon.forEachRow(of: String(decoding: padded, as: UTF8.self)) { _, fields in field = fields[0] }
            #expect(field == (expected ? "a" : String(decoding: padded, as: UTF8.self)), "U+\(String(v, radix: 16))")
            if expected { spaces += 1 }
        }
        #expect(spaces == 19)
    }
}
