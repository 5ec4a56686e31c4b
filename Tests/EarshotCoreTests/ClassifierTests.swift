import EarshotCore
import Testing

@Suite struct LexiconRulesTests {
    let taxonomy = Shipped.taxonomy

    func classifier(_ sensitive: String, _ interest: String = "", language: String = "en") throws -> Classifier {
        let lexicon = try Lexicon(sources: [LexiconSource(language: language, sensitive: sensitive, interest: interest)],
                                  taxonomy: taxonomy)
        return Classifier(taxonomy: taxonomy, sensitiveMap: Shipped.sensitiveMap, lexicon: lexicon)
    }

    @Test func weakTermsNeedASecondWeakTerm() throws {
        let c = try classifier("religion\tmass\tweak\nreligion\tpriest\tweak\nreligion\tmosque\n")
        #expect(c.classify("critical mass of people").sensitive.isEmpty)
        #expect(c.classify("mass with the priest").sensitive == [.religion])
        #expect(c.classify("near the mosque").sensitive == [.religion])
    }

    @Test func overlappingWeakTermsCountOnce() throws {
        let c = try classifier("political_opinions\tvotato\tweak\npolitical_opinions\tho votato\tweak\npolitical_opinions\tpartito\tweak\n")
        #expect(c.classify("ho votato il miglior film").sensitive.isEmpty)
        #expect(c.classify("ho votato per quel partito").sensitive == [.politicalOpinions])
    }

    @Test func guardsHideSensitiveWordsInsideEverydayPhrases() throws {
        let c = try classifier("crisis\tdying\nguard\tdying to\n")
        #expect(!c.classify("I'm dying to try that ramen").crisis)
        #expect(c.classify("I think I'm dying").crisis)
    }

    @Test func termsWithGapsMatchTheirPartsInOrderAndClose() throws {
        let c = try classifier("crisis\tbring ich mich ... um\n")
        #expect(c.classify("wie bring ich mich am schnellsten um").crisis)
        #expect(c.classify("bring ich mich um").crisis)  // no gap at all
        #expect(c.classify("bring ich mich heute nacht wirklich um").crisis)  // three words between
        #expect(!c.classify("bring ich mich heute nacht nach der party wirklich um").crisis)  // five
        #expect(!c.classify("um 8 bring ich mich selbst zum bahnhof").crisis)  // out of order
        #expect(!c.classify("bring ich mich").crisis)  // a part alone is nothing
    }

    @Test func termsWithGapsAreCheckedWhenRead() throws {
        for (bad, reason) in [("guard\tkilling ... it\n", "only for sensitive"), ("crisis\t... um\n", "both sides")] {
            let error = #expect(throws: LexiconError.self) { try classifier(bad) }
            #expect(error?.description.contains(reason) == true)
        }
        let error = #expect(throws: LexiconError.self) { try classifier("crisis\t死に ... たい\n", language: "ja") }
        #expect(error?.description.contains("spaces") == true)
    }

    @Test func aWeakTermWithGapsStillNeedsASecondWeakTerm() throws {
        let c = try classifier("religion\tgo ... mass\tweak\nreligion\tpriest\tweak\n")
        #expect(c.classify("we go to mass").sensitive.isEmpty)
        #expect(c.classify("we go to mass and the priest").sensitive == [.religion])
    }

    @Test func crisisAlsoRaisesHealthAndBlocksAds() throws {
        let c = try classifier("crisis\tkill myself\n")
        let r = c.classify("i want to kill myself")
        #expect(r.crisis)
        #expect(r.sensitive == [.health])
        #expect(!r.adEligible)
    }

    @Test func interestTermsScoreTheirNodeAndAncestors() throws {
        let c = try classifier("", "668\thotel\n672\tflight*\n")
        let r = c.classify("cheap flights and a hotel")
        let ids = r.topics.map(\.id)
        #expect(ids.first == "653")  // Travel collects both
        #expect(r.topics[0].score > r.topics[1].score)
        #expect(!ids.contains("664"))  // intermediate nodes need their own evidence
        #expect(ids.contains("668"))
        #expect(ids.contains("672"))
        #expect(r.adEligible)
    }

    @Test func anInterestTermListedInSeveralLanguagesCountsOnceAtItsHighestWeight() throws {
        func score(_ sources: [LexiconSource]) throws -> Double? {
            let lexicon = try Lexicon(sources: sources, taxonomy: taxonomy)
            let c = Classifier(taxonomy: taxonomy, sensitiveMap: Shipped.sensitiveMap, lexicon: lexicon)
            return c.classify("paris in may").topics.first { $0.id == "659" }?.score
        }
        let once = try score([LexiconSource(language: "fr", sensitive: "", interest: "659\tparis\t0.7\n")])
        let thrice = try score([LexiconSource(language: "en", sensitive: "", interest: "659\tparis\t0.4\n"),
                                LexiconSource(language: "fr", sensitive: "", interest: "659\tparis\t0.7\n"),
                                LexiconSource(language: "de", sensitive: "", interest: "659\tparis\t0.5\n653\tparis\t0.2\n")])
        #expect(once != nil)
        #expect(thrice == once)  // same node: once, at 0.7; a different node (653 here) still counts for itself
    }

    @Test func screenCanBeSkipped() throws {
        let c = try classifier("health\tcancer\n")
        #expect(c.classify("cancer", screen: false).sensitive.isEmpty)
    }

    @Test func reportsEveryProblemInALexiconAtOnce() {
        do {
            _ = try Lexicon(sources: [LexiconSource(language: "en", sensitive: "nonsense\tx\nhealth\n",
                                                    interest: "99999\thotel\n653\tflight\tnine\n")], taxonomy: taxonomy)
            Issue.record("expected an error")
        } catch let e as LexiconError {
            #expect(e.problems.count == 4)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func japaneseTermsMatchInsideUnspacedText() throws {
        let c = try classifier("health\t病院\n", "672\t飛行機\n", language: "ja")
        #expect(c.classify("明日病院に行く").sensitive == [.health])
        #expect(c.classify("東京までの飛行機を予約したい").topics.map(\.id) == ["672", "653"])
    }
}

@Suite struct ShippedClassifierTests {
    let c = Shipped.classifier

    @Test func hikingLandsOnOutdoorAndTravelNodes() {
        let r = c.classify("Can you plan a 3-day hiking trip in the mountains? I need new hiking boots and a tent.")
        #expect(r.adEligible)
        let tier1s = Set(r.topics.compactMap { c.taxonomy.node($0.id)?.tier1ID })
        #expect(tier1s.contains("653"))  // Travel
        #expect(r.topics.contains { c.taxonomy.node($0.id)!.tier >= 2 })
    }

    @Test func medicalDiagnosisIsSensitive() {
        let r = c.classify("My doctor just diagnosed me with type 2 diabetes, what should I eat?")
        #expect(r.sensitive.contains(.health))
        #expect(!r.adEligible)
    }

    @Test(arguments: [
        "I want to kill myself", "quiero suicidarme", "ich will mich umbringen", "je veux me suicider",
        "eu quero me matar", "voglio uccidermi", "jeg vil ta livet mitt", "aku ingin bunuh diri",
        "मैं आत्महत्या करना चाहता हूँ", "死にたい",
    ])
    func clearCrisisMessagesAreFlaggedInEveryLanguage(_ text: String) {
        #expect(c.classify(text).crisis)
    }

    /// Languages outside the ten, screened by their sensitive lexicons (the models have seen little of them).
    @Test(arguments: [
        ("chcę się zabić", nil), ("jeg vil dø", nil), ("ik wil dood", nil), ("я хочу умереть", nil),
        ("أريد أن أنتحر", nil), ("kendimi öldürmek istiyorum", nil), ("我想自杀", nil), ("죽고 싶어", nil),
        ("haluan kuolla", nil), ("mám rakovinu a bojím se", SensitiveCategory.health),
        ("mijn vriend is moslim, waar kunnen we samen bidden", .religion),
        ("jag har diabetes och undrar vad jag ska äta", .health),
        ("모스크 근처에 사는 무슬림입니다", .religion), ("我是同性恋，不敢告诉父母", .sexualOrientation),
        // The twenty-one languages added on 2026-11-23 (eval/languages has their blind test sets).
        ("ще се самоубия тази вечер", nil), ("আমি আর বাঁচতে চাই না, সব শেষ", nil), ("θέλω να πεθάνω, δεν αντέχω άλλο", nil),
        ("ΘΈΛΩ ΝΑ ΠΕΘΆΝΩ", nil), ("دیگه نمیتونم، میخوام بمیرم", nil), ("મારે હવે જીવવું નથી, બધું ખતમ કરી દેવું છે", nil),
        ("אני חושבת להתאבד", nil), ("Ne želim više živjeti, sve je besmisleno", nil), ("Ma éjjel megölöm magam", nil),
        ("मला मरायचंय, खूप थकले आहे", nil), ("ਮੈਂ ਖੁਦਕੁਸ਼ੀ ਕਰ ਲਵਾਂਗੀ", nil), ("Vreau să-mi iau viața", nil),
        ("Chcem sa zabiť, nemám pre čo žiť", nil), ("Не желим више да живим", nil), ("nataka kujiua leo usiku", nil),
        ("நான் தற்கொலை செய்ய போறேன்", nil), ("నాకు బతకాలని లేదు", nil), ("ผมคิดจะฆ่าตัวตายคืนนี้", nil),
        ("gusto ko nang mamatay", nil), ("Чоловік б'є мене щодня, що робити", nil), ("میں اب مرنا چاہتا ہوں، کچھ اچھا نہیں لگتا", nil),
        ("Tôi muốn chết, không ai hiểu tôi cả", nil), ("toi muon tu tu", nil), ("я хочу покінчити з життям", nil),
        ("मला मधुमेह आहे, काय खावे", .health), ("אני הומו ומפחד לספר להורים", .sexualOrientation),
        ("Ramazan'da oruç tutuyorum", .religion),
    ] as [(String, SensitiveCategory?)])
    func otherLanguagesAreScreenedToo(_ text: String, _ category: SensitiveCategory?) {
        let r = c.classify(text)
        if let category { #expect(r.sensitive.contains(category), "\(r.sensitive)") } else { #expect(r.crisis) }
        #expect(!r.adEligible)
    }

    /// Terms from one language's file fire in every language: these collisions were found and fixed.
    /// Messages in the ten supported languages, where the models are trained too.
    @Test(arguments: ["add clem burke to my playlist", "ein kabelbinder für die garage", "mujhe gitar sikhne ke liye app chahiye",
                      "右翼手用のグローブおすすめ", "子どもの通信教育どれがいい",
                      // Indonesian "koran" is a newspaper, Hindi "खुद को मार" began "खुद को मार्केट" (market oneself),
                      // Norwegian "sti" (path) against English STI, Islamabad against "islam*".
                      "langganan koran kompas digital berapa harganya", "लिंक्डइन पर खुद को मार्केट कैसे करें",
                      "jeg går en fin sti i marka i dag, hvilke sko passer?", "lahore se islamabad sasti flight kab milti hai",
                      // Indonesian "kanak-kanak" (children) against the Kanak people, Norwegian "satse" (to bet on)
                      // against the Spanish nurses' union SATSE.
                      "daftar taman kanak-kanak di bekasi biayanya berapa", "vil satse på et indeksfond, hvilket er billigst?"])
    func termsDoNotCollideWithEverydayWords(_ text: String) {
        let r = c.classify(text)
        #expect(r.sensitive.isEmpty && !r.crisis, "\(r.sensitive)")
    }

    /// The same for messages in languages outside the training data, found with everyday messages in 21
    /// more languages: their words must not fire the lexicons. (The models were never trained on these
    /// languages; how often they over-read such messages is `MoreLanguagesTests`' bar.)
    @Test(arguments: [
        // Croatian and Bulgarian "imam"/"имам" is "I have", Hungarian "korán" is early, Greeklish "sti" (to the)
        // against English STI, Romanian "pornește" (starts) against "porn*", Vietnamese "tóc" (hair) against
        // Spanish TOC, Swahili "joto" (heat) against a Spanish slur, Romanian "dacă" (if) against DACA,
        // Vietnamese "liên tục" (continuously) against TUC.
        "Hrvatska: imam problem s autom, koji servis preporučuješ", "имам въпрос за багажа при полет до Лондон",
        "korán reggel indulok a reptérre, hol parkoljak", "Ti kairo tha kanei avrio sti Thessaloniki?",
        "Mașina nu pornește dimineața, ce baterie să cumpăr?", "Mình muốn cắt tóc ngắn, kiểu nào hợp với mặt tròn?",
        "joto hili linaniua, feni ipi nzuri ya kununua", "Mor de pofta sa incerc burgerii noi, stii daca trebuie rezervare?",
        "Điện thoại hiện quảng cáo liên tục, làm sao tắt?",
        // Found with word-frequency lists: Finnish "asuu" (lives) against the Nigerian union ASUU, Slovak
        // "vodou" (with water) against Vodou, Catalan "esquerra" (left) against the party.
        "hän asuu helsingissä ja etsii asuntoa", "umyj to vodou a mydlom", "la botiga és a l'esquerra de la plaça"])
    func otherLanguagesWordsDoNotFireTheLexicons(_ text: String) {
        let r = Shipped.lexiconOnly.classify(text)
        #expect(r.sensitive.isEmpty && !r.crisis, "\(r.sensitive)")
    }

    /// The terms narrowed against those collisions still catch what they mean.
    @Test(arguments: [
        ("I think I have an STI, where can I get tested", SensitiveCategory.health),
        ("ich bin gerade in der Reha nach meiner Knie-OP", .health), ("tengo TOC y no puedo parar de lavarme las manos", .health),
        ("as a Sikh I wear a turban, which helmets fit", .religion), ("jeg er sikh og lurer på hvor nærmeste gurdwara er", .religion),
        ("Jestem muzułmaninem, islam jest dla mnie ważny", .religion), ("my DACA renewal is stressing me out", .racialEthnicOrigin),
        ("the TUC called a national strike, will trains run", .tradeUnion), ("langganan koran? bukan, aku mau baca Al-Quran tiap malam", .religion),
        ("I read the Koran every night before bed", .religion), ("unser Imam hat gesagt, dass das Fest morgen beginnt", .religion),
    ] as [(String, SensitiveCategory)])
    func narrowedTermsStillCatchTheirMeaning(_ text: String, _ category: SensitiveCategory) {
        #expect(c.classify(text).sensitive.contains(category), "\(c.classify(text).sensitive)")
    }

    @Test(arguments: ["I'm dying to try that new ramen place", "Black Friday deals on TVs", "flights to Santiago de Chile"])
    func everydayLookalikesAreNotSensitive(_ text: String) {
        let r = c.classify(text)
        #expect(r.sensitive.isEmpty && !r.crisis)
    }

    /// One- or two-feature messages used to let a single hashed bucket speak at full strength ("x" raised
    /// all seven categories and crisis); the model's average now divides by at least a few features.
    @Test(arguments: ["x", "ok", "hi", "lol", "k", "?", "ja", "はい", "thx"])
    func tinyMessagesDoNotLightUpTheScreens(_ text: String) {
        let r = c.classify(text)
        #expect(!r.crisis)
        #expect(r.sensitive.count <= 1)
    }

    /// A message of one or two everyday words has more features than the screens' short-message cut,
    /// but the models never saw such n-grams alone: their plain average had put "banana" in Cycling,
    /// Sports and Style & Fashion at 1.0, "best" in Travel, Technology and Pets, and flagged "test"
    /// (origin) and "va bene" (philosophical beliefs). ``Classifier/evidenceDivisor`` shrinks them
    /// toward the labels' priors.
    @Test(arguments: ["best", "banana", "test", "va bene", "excuse me", "obrigado", "danke schön", "terima kasih", "gracias",
                      "takk", "grazie mille", "perfect", "rest"])
    func oneOrTwoEverydayWordsAreNeitherSensitiveNorStrongInterests(_ text: String) {
        let r = c.classify(text)
        #expect(r.sensitive.isEmpty && !r.crisis, "\(r.sensitive)")
        #expect(r.topics.allSatisfy { $0.score < 0.5 }, "\(r.topics)")
    }

    @Test func scratchReuseGivesTheSameResults() {
        var scratch = ClassifierScratch()
        let texts = ["book a hotel in Rome", "I have depression", "best gaming laptop", "book a hotel in Rome"]
        let first = texts.map { c.classify($0, scratch: &scratch) }
        let fresh = texts.map { c.classify($0) }
        #expect(first == fresh)
    }
}
