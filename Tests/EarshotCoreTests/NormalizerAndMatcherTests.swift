import EarshotCore
import Testing

@Suite struct NormalizerAndMatcherTests {
    @Test func foldsCaseDiacriticsAndPunctuation() {
        #expect(TextNormalizer.normalize("Crème Brûlée, s'il vous plaît!") == " creme brulee sil vous plait ")
        #expect(TextNormalizer.normalize("Straße ÆØÅ") == " strasse aeoa ")
        #expect(TextNormalizer.normalize("don't") == " dont ")
        #expect(TextNormalizer.normalize("ＡＢＣ１２３") == " abc123 ")
    }

    @Test func keepsDevanagariMarksAndSeparatesCJKFromLatin() {
        #expect(TextNormalizer.normalize("मुझे बुखार है") == " मुझे बुखार है ")
        #expect(TextNormalizer.normalize("私はLGBTです。") == " 私は lgbt です ")
    }

    @Test func matchesWholeWordsPrefixesAndSubstrings() {
        func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
        let matcher = PhraseMatcher(terms: [
            .init(bytes: bytes("cancer"), anchor: .word, payload: 0),
            .init(bytes: bytes("diabet"), anchor: .prefix, payload: 1),
            .init(bytes: bytes("heart of the city"), anchor: .word, payload: 2),
            .init(bytes: bytes("病院"), anchor: .substring, payload: 3),
        ])
        func hits(_ text: String) -> [Int32] {
            var out: [Int32] = []
            var buf: [UInt8] = []
            TextNormalizer.normalize(text, into: &buf)
            matcher.forEachMatch(in: buf) { p, _, _ in out.append(p) }
            return out
        }
        #expect(hits("I have cancer") == [0])
        #expect(hits("a cancerian") == [])
        #expect(hits("Diabetic diet") == [1])
        #expect(hits("prediabetes") == [])
        #expect(hits("hotel in the heart of the city") == [2])
        #expect(hits("明日病院に行く") == [3])
    }
}
