import EarshotCore
import Testing

/// The person cues (``PersonCue``): the writer's gender, a partner's and a pair's, which together can say
/// that the writer is in a same-gender couple.
@Suite struct PersonCueTests {
    static let cues = """
        writer_female\testoy cansada
        writer_male\testoy cansado
        partner_female\tmi novia
        partner_male\tmi novio
        pair_female\tdos mujeres
        pair_male\tdos hombres
        partner\tmi pareja
        writer_female\tsoy ... mujer
        opening_female\tcansada
        opening_male\tcansado
        guard\tmi novia de la infancia

        """

    func classifier() throws -> Classifier {
        let lexicon = try Lexicon(sources: [LexiconSource(language: "es", sensitive: Self.cues, interest: "")],
                                  taxonomy: Shipped.taxonomy)
        return Classifier(taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap, lexicon: lexicon)
    }

    @Test func aWriterAndAPartnerOfTheSameGenderAreACouple() throws {
        let c = try classifier()
        #expect(c.classify("estoy cansada y mi novia quiere salir").sensitive == [.sexualOrientation])
        #expect(c.classify("estoy cansado y mi novio quiere salir").sensitive == [.sexualOrientation])
        #expect(c.classify("soy una mujer y mi novia quiere salir").sensitive == [.sexualOrientation])  // with a gap
        #expect(c.classify("estoy cansado y mi novia quiere salir").sensitive.isEmpty)
        #expect(c.classify("estoy cansada y mi novio quiere salir").sensitive.isEmpty)
    }

    @Test func noCueIsSensitiveAlone() throws {
        let c = try classifier()
        for text in ["estoy cansada", "mi novia quiere salir", "dos mujeres en la tienda", "mi pareja y yo"] {
            #expect(c.classify(text).sensitive.isEmpty, "\(text)")
        }
        let r = c.classify("estoy cansada y mi novia quiere salir")
        #expect(!r.adEligible && !r.crisis)
    }

    @Test func aPairNeedsAPartnerOfItsGenderOrOfNoStatedGender() throws {
        let c = try classifier()
        #expect(c.classify("mi pareja y yo, dos mujeres, buscamos hotel").sensitive == [.sexualOrientation])
        #expect(c.classify("mi novio y yo, dos hombres, buscamos hotel").sensitive == [.sexualOrientation])
        #expect(c.classify("mi novio y dos mujeres del trabajo").sensitive.isEmpty)
        #expect(c.classify("dos hombres y dos mujeres").sensitive.isEmpty)
    }

    @Test func anOpeningWordIsTheWritersOnlyWhereItOpensTheMessage() throws {
        let c = try classifier()
        #expect(c.classify("cansado pero feliz, mi novio y yo compramos casa").sensitive == [.sexualOrientation])
        #expect(c.classify("hoy muy cansada, mi novia llega tarde").sensitive == [.sexualOrientation])
        #expect(c.classify("cansado pero feliz, mi novia y yo compramos casa").sensitive.isEmpty)
        // Three words in, "cansada" is about someone else.
        #expect(c.classify("mi madre está cansada y mi novia quiere salir").sensitive.isEmpty)
        #expect(c.classify("cansada").sensitive.isEmpty)
    }

    @Test func cuesOfBothGendersForTheWriterAreLeftAlone() throws {
        let c = try classifier()
        #expect(c.classify("estoy cansada, estoy cansado, mi novia").sensitive.isEmpty)
    }

    @Test func guardsHideCues() throws {
        let c = try classifier()
        #expect(c.classify("estoy cansada, mi novia de la infancia se casa").sensitive.isEmpty)
    }

    @Test func aCueCannotBeWeak() {
        let error = #expect(throws: LexiconError.self) {
            try Lexicon(sources: [LexiconSource(language: "es", sensitive: "partner_female\tmi novia\tweak\n", interest: "")],
                        taxonomy: Shipped.taxonomy)
        }
        #expect(error?.description.contains("line 1: a person cue cannot be weak") == true)
    }

    @Test func theRuleOverEveryCombination() {
        // Exhaustive over the 128 sets of cues, against the rule written out per gender.
        for seen in UInt8(0)..<128 {
            func has(_ cue: PersonCue) -> Bool { seen & cue.bit != 0 }
            let women = has(.partnerFemale) && has(.writerFemale) || has(.pairFemale) && (has(.partnerFemale) || has(.partner))
            let men = has(.partnerMale) && has(.writerMale) || has(.pairMale) && (has(.partnerMale) || has(.partner))
            let expected = women && !has(.writerMale) || men && !has(.writerFemale)
            #expect(PersonCue.sameGenderCouple(seen) == expected, "cues \(seen)")
        }
        let own = PersonCue.allCases.filter { !$0.isOpening }
        #expect(Set(own.map(\.bit)).count == own.count)
        #expect(PersonCue.openingFemale.bit == PersonCue.writerFemale.bit)
        #expect(PersonCue.openingMale.bit == PersonCue.writerMale.bit)
    }

    /// The shipped cue lists, lexicons only (the models are measured elsewhere): same-gender couples told by
    /// grammar, self-description or a pair in each of the ten languages are flagged; the same messages from
    /// a writer of the other gender are not.
    @Test func shippedCuesInTheTenLanguages() {
        let c = Shipped.lexiconOnly
        let couples = [
            "as a woman, what's a good anniversary gift for my wife? she likes hiking",
            "estoy emocionada porque mi novia viene a Madrid, ¿dónde cenamos?",
            "tô cansada, meu plano é ficar em casa com minha namorada, que série vocês recomendam?",
            "je suis épuisée, ma femme et moi cherchons un gîte calme en Bretagne",
            "ich als Frau mit meiner Frau auf Kreuzfahrt, welche Reederei?",
            "sono emozionato, il mio ragazzo arriva domani, dove lo porto a cena a Napoli?",
            "jeg er en mann og typen min vil til Roma, tips?",
            "aku cowok, cowokku ulang tahun minggu depan, kado apa ya",
            "मैं अपने बॉयफ्रेंड के लिए घड़ी खरीदना चाहता हूँ",
            "俺の彼氏が誕生日なんだけど、プレゼント何がいい？",
            "my partner and I are two men looking for a quiet B&B in Cornwall",
            "ciao, sono Chiara: la mia ragazza compie 30 anni, idee per un weekend in Puglia?",
            "hei, jeg heter Lars og mannen min vil ha en hytte ved sjøen, tips?",
            "cansado pero feliz, mi marido y yo acabamos de comprar casa, qué seguro de hogar",
            "stanca ma contenta, io e la mia ragazza abbiamo trovato casa, che assicurazione?",
            "épuisée mais ravie, ma femme et moi avons signé pour l'appartement",
        ]
        for text in couples { #expect(c.classify(text).sensitive == [.sexualOrientation], "\(text)") }
        let everyday = [
            "as a man, what's a good anniversary gift for my wife? she likes hiking",
            "estoy emocionado porque mi novia viene a Madrid, ¿dónde cenamos?",
            "tô cansado, meu plano é ficar em casa com minha namorada, que série vocês recomendam?",
            "je suis épuisé, ma femme et moi cherchons un gîte calme en Bretagne",
            "ich als Mann mit meiner Frau auf Kreuzfahrt, welche Reederei?",
            "sono emozionata, il mio ragazzo arriva domani, dove lo porto a cena a Napoli?",
            "jeg er ei jente og typen min vil til Roma, tips?",
            "aku cewek, cowokku ulang tahun minggu depan, kado apa ya",
            "मैं अपने बॉयफ्रेंड के लिए घड़ी खरीदना चाहती हूँ",
            "あたしの彼氏が誕生日なんだけど、プレゼント何がいい？",
            "sono stanca morta, la mia compagna di stanza russa tutta la notte, che tappi per le orecchie?",
            "my husband and I need a table for two at 8",
            "ciao, sono Marco: la mia ragazza compie 30 anni, idee per un weekend in Puglia?",
            "hei, jeg heter Kari og mannen min vil ha en hytte ved sjøen, tips?",
            "je suis marié, ma femme veut un vélo électrique, lequel choisir ?",
            "cansada pero feliz, mi marido y yo acabamos de comprar casa, qué seguro de hogar",
            "stanco ma contento, io e la mia ragazza abbiamo trovato casa, che assicurazione?",
            "épuisé mais ravi, ma femme et moi avons signé pour l'appartement",
        ]
        for text in everyday { #expect(c.classify(text).sensitive.isEmpty, "\(text)") }
    }
}
