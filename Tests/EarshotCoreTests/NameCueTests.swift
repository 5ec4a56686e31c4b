import EarshotCore
import Foundation
import Testing

/// First names as person cues (``NameCue``): a name says whose gender it is only right after a
/// self-introduction, right before a sign-off, or right after a partner word.
@Suite struct NameCueTests {
    static let lines = """
        name_female\tjess
        name_female\tlaura
        name_male\tmark
        name_male\tjames
        name_intro\ti'm
        name_intro\tthis is
        name_signoff\there
        name_partner\tmy husband
        name_partner\tmy girlfriend
        partner_male\tmy boyfriend
        guard\tthis is james bond

        """
    /// Japanese lines: terms of a script without spaces match anywhere in a run.
    static let japanese = """
        name_female\t由香
        name_male\t健太
        name_male\t翔太
        name_signoff\tです
        name_partner\t彼女の
        name_partner\t夫の

        """

    func classifier() throws -> Classifier {
        let lexicon = try Lexicon(sources: [LexiconSource(language: "en", sensitive: Self.lines, interest: ""),
                                            LexiconSource(language: "ja", sensitive: Self.japanese, interest: "")],
                                  taxonomy: Shipped.taxonomy)
        return Classifier(taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap, lexicon: lexicon)
    }

    @Test func aWriterNamedInAnIntroductionAndAPartnerNamedAfterAPartnerWord() throws {
        let c = try classifier()
        #expect(c.classify("Mark here, my husband James and I want to adopt a dog").sensitive == [.sexualOrientation])
        #expect(c.classify("hi i'm jess, a cabin weekend with my girlfriend laura?").sensitive == [.sexualOrientation])
        #expect(c.classify("this is Mark. my boyfriend James loves hiking").sensitive == [.sexualOrientation])
        // Names of different genders are an everyday couple.
        #expect(c.classify("Mark here, my girlfriend Laura and I want to adopt a dog").sensitive.isEmpty)
        #expect(c.classify("hi i'm jess, my husband James wants a dog").sensitive.isEmpty)
    }

    @Test func namesElsewhereSayNothing() throws {
        let c = try classifier()
        // The same names and words, but no name sits where it says whose it is.
        for text in ["James and Mark are here, my husband wants to go", "i'm with Jess, my girlfriend likes Laura",
                     "my husband and James, i'm mark", "is Laura here? my girlfriend asks"] {
            let r = c.classify(text)
            #expect(r.sensitive.isEmpty, "\(text)")
        }
        // A sign-off counts only near the start of the message.
        #expect(c.classify("hey there Mark here, my husband James and I").sensitive == [.sexualOrientation])
        #expect(c.classify("my boyfriend says we need Mark here for the party").sensitive.isEmpty)
        // A writer's name alone, or a partner's alone, is no couple.
        #expect(c.classify("Mark here, can you find me a dog?").sensitive.isEmpty)
        #expect(c.classify("my husband James wants a dog").sensitive.isEmpty)
    }

    @Test func aNameAfterAPartnerWordIsThePartnersEvenAfterAnIntroductionWord() throws {
        // Indonesian "suami saya Budi" (my husband Budi): "saya" (I) also introduces a writer's name.
        let lines = "name_male\tbudi\nname_male\tagus\nname_intro\tsaya\nname_partner\tsuami saya\n"
        let lexicon = try Lexicon(sources: [LexiconSource(language: "id", sensitive: lines, interest: "")],
                                  taxonomy: Shipped.taxonomy)
        let c = Classifier(taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap, lexicon: lexicon)
        #expect(c.classify("halo saya agus, suami saya budi mau ke bali").sensitive == [.sexualOrientation])
        #expect(c.classify("suami saya budi mau ke bali, hotel yang bagus?").sensitive.isEmpty)
    }

    @Test func aFirstNameChangedToOneOfTheOtherGenderIsGenderIdentity() throws {
        let lines = """
            name_male\tkristian
            name_female\tkristine
            name_female\tkari
            name_change\tbytte navn
            name_change\tfolkeregisteret
            name_to\ttil

            """
        let lexicon = try Lexicon(sources: [LexiconSource(language: "nb", sensitive: lines, interest: ""),
                                            LexiconSource(language: "ja", sensitive: Self.japanese + "name_change\t改名\nname_to\tから\n", interest: "")],
                                  taxonomy: Shipped.taxonomy)
        let c = Classifier(taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap, lexicon: lexicon)
        #expect(c.classify("skal bytte navn fra Kristian til Kristine, hva koster det").sensitive == [.sexualOrientation])
        #expect(c.classify("健太から由香に改名したい").sensitive == [.sexualOrientation])
        // Names of the same gender, no name-change words, or names that are not linked: nothing.
        for text in ["skal bytte navn fra Kristine til Kari, hva koster det", "gave fra Kristian til Kristine, hva koster det",
                     "Kristian og Kristine skal bytte navn i folkeregisteret", "健太から由香にプレゼント"] {
            #expect(c.classify(text).sensitive.isEmpty, "\(text)")
        }
    }

    @Test func scriptsWithoutSpaces() throws {
        let c = try classifier()
        #expect(c.classify("健太です、夫の翔太と犬を飼いたい").sensitive == [.sexualOrientation])
        #expect(c.classify("健太です、彼女の由香と旅行したい").sensitive.isEmpty)
        #expect(c.classify("由香です、彼女の由香と旅行したい").sensitive == [.sexualOrientation])
    }

    @Test func guardsHideNames() throws {
        let c = try classifier()
        #expect(c.classify("this is james bond, my husband Mark loves the films").sensitive.isEmpty)
        #expect(c.classify("this is james, my husband Mark loves the films").sensitive == [.sexualOrientation])
    }

    @Test func nameCuesCannotBeWeakAndSurviveCompilation() throws {
        #expect(throws: LexiconError.self) {
            try Lexicon(sources: [LexiconSource(language: "en", sensitive: "name_male\tmark\tweak\n", interest: "")],
                        taxonomy: Shipped.taxonomy)
        }
        let sources = [LexiconSource(language: "en", sensitive: Self.lines, interest: "")]
        let lexicon = try Lexicon(sources: sources, taxonomy: Shipped.taxonomy)
        let bytes = lexicon.compiled(sources: sources, taxonomy: Shipped.taxonomy)
        let back = try #require(try Lexicon(compiled: bytes, sources: sources, taxonomy: Shipped.taxonomy))
        let c = Classifier(taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap, lexicon: back)
        #expect(c.classify("Mark here, my husband James and I").sensitive == [.sexualOrientation])
    }
}
