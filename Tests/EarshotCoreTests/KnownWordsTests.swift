import EarshotCore
import Testing

/// Models record the words they were trained on, and the classifier does not ask them about messages
/// that are mostly other words (a language they never learned, in a script they know).
@Suite struct KnownWordsTests {
    func bytes(_ text: String) -> [UInt8] { Array(TextNormalizer.normalize(text).utf8) }

    @Test func countsTheWordsThatSaySomethingAboutALanguage() {
        var words = KnownWords(log2Bits: 12)
        words.insertWords(ofNormalized: bytes("cheap flights to Rome"))
        #expect(words.knownWords(inNormalized: bytes("flights to Oslo")) == (2, 3))
        // Digits alone, one-letter words and unspaced CJK runs are not counted.
        #expect(words.knownWords(inNormalized: bytes("2 flights x 2024 東京へ")) == (1, 1))
        #expect(words.knownWords(inNormalized: bytes("")) == (0, 0))
    }

    @Test func sizesItselfByTheWords() {
        let few = KnownWords(sized: [1, 2, 3])
        #expect(few.log2Bits == 10)
        let many = KnownWords(sized: Set((0..<100_000).map { UInt32($0) &* 2_654_435_761 }))
        #expect(many.log2Bits == 21)
        var missed = 0
        for h in 0..<100_000 where !many.contains(UInt32(h) &* 2_654_435_761) { missed += 1 }
        #expect(missed == 0)
        // Words never added are rarely reported known.
        let strangers = (0..<10_000).filter { many.contains(UInt32($0) &* 40_503 &+ 7) }.count
        #expect(strangers < 500)
    }

    @Test func theModelFileKeepsTheWords() throws {
        let model = ModelTrainer.train(ScriptTests.rows, options: ModelTests.smallModelOptions)
        let words = try #require(model.knownWords)
        #expect(words.knownWords(inNormalized: bytes("trail summit oven")) == (3, 3))
        #expect(words.knownWords(inNormalized: bytes("plimsy dravok tungle")).known <= 1)
        let loaded = try HashedLinearModel(serialized: model.serialized())
        #expect(loaded.knownWords == model.knownWords)
        // Bytes after the words are refused: the file is not what was written.
        #expect(throws: HashedLinearModel.FormatError.self) { try HashedLinearModel(serialized: model.serialized() + [0]) }
    }

    @Test func modelsAreNotAskedAboutMessagesOfMostlyUnknownWords() throws {
        let screen = ModelTrainer.train(ScriptTests.rows, options: ModelTests.smallModelOptions)
        var c = Classifier(taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap,
                           lexicon: try Lexicon(sources: [], taxonomy: Shipped.taxonomy), screenModel: screen)
        c.tuning.evidenceDivisor = HashedLinearModel.minimumDivisor
        // A bar so low that the model flags whatever it is asked about.
        c.tuning.modelSensitiveThreshold = -100
        #expect(c.classify("trail summit oven dough").sensitive == [.health])
        #expect(c.classify("plimsy dravok tungle frimble").sensitive.isEmpty)
        // One known word in three is enough; shorter messages always go to the model.
        #expect(c.classify("plimsy dravok trail").sensitive == [.health])
        #expect(c.classify("plimsy dravok").sensitive == [.health])
        c.modelVocabulary = nil
        #expect(c.classify("plimsy dravok tungle frimble").sensitive == [.health])
    }

    @Test func theShippedModelsKnowTheirLanguagesWords() throws {
        let words = try #require(Shipped.classifier.modelVocabulary)
        for text in ["can you suggest a cheap hotel in lisbon", "wie spät ist es in tokio", "aku mau beli sepatu lari",
                     "mujhe ek achha laptop chahiye", "quanto costa un biglietto per roma"] {
            let counted = words.knownWords(inNormalized: bytes(text))
            #expect(counted.known == counted.total, "\(text)")
        }
        // An everyday Bulgarian recipe question, in a script the models know but a language they never
        // learned, is read by the lexicons only: the models had read health into it.
        let recipe = "рецепта за баница с тиквички и сирене"
        let r = Shipped.classifier.classify(recipe)
        #expect(r.sensitive.isEmpty && !r.crisis && r.topics.isEmpty)
        var asked = Shipped.classifier
        asked.modelVocabulary = nil
        #expect(!asked.classify(recipe).topics.isEmpty || !asked.classify(recipe).sensitive.isEmpty)
    }
}
