import EarshotCore
import Testing

@Suite struct NormalizerAndMatcherTests {
    @Test func foldsCaseDiacriticsAndPunctuation() {
        #expect(TextNormalizer.normalize("Crème Brûlée, s'il vous plaît!") == " creme brulee sil vous plait ")
        #expect(TextNormalizer.normalize("Straße ÆØÅ") == " strasse aeoa ")
        #expect(TextNormalizer.normalize("don't") == " dont ")
        #expect(TextNormalizer.normalize("ＡＢＣ１２３") == " abc123 ")
    }

    /// Vietnamese letters with two marks fold like those with one, so "tự tử" typed with its marks and
    /// without them is the same text; Greek loses its accents, and a final sigma is a sigma, so an
    /// upper-case Greek word matches its lower-case spelling.
    @Test func foldsVietnameseAndGreekLikeOtherDiacritics() {
        #expect(TextNormalizer.normalize("Tôi muốn TỰ TỬ") == " toi muon tu tu ")
        #expect(TextNormalizer.normalize("STRAẞE") == " strasse ")
        #expect(TextNormalizer.normalize("ΘΈΛΩ ΝΑ ΠΕΘΆΝΩ") == TextNormalizer.normalize("θελω να πεθανω"))
        #expect(TextNormalizer.normalize("ΤΕΛΟΣ τέλος") == " τελοσ τελοσ ")
        #expect(TextNormalizer.normalize("Γιατί;Ναι·όχι") == " γιατι ναι οχι ")
        #expect(TextNormalizer.normalize("αϊτή ΐ") == " αιτη ι ")
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
