import EarshotCore
import Testing

/// Models record the scripts they were trained on, and the classifier does not let them score messages
/// written in others (their scores there are noise).
@Suite struct ScriptTests {
    func dominant(_ text: String) -> Script? { Script.dominant(inNormalized: Array(TextNormalizer.normalize(text).utf8)) }

    @Test func tellsScriptsApart() {
        #expect(dominant("cheap flights to rome") == .latin)
        #expect(dominant("vé máy bay giá rẻ đi Đà Nẵng") == .latin)
        #expect(dominant("дешеві квитки до Львова") == .cyrillic)
        #expect(dominant("φθηνά εισιτήρια για Σαντορίνη") == .greek)
        #expect(dominant("מתכון לשקשוקה") == .hebrew)
        #expect(dominant("بلیط ارزان تهران به کیش") == .arabic)
        #expect(dominant("सस्ती फ्लाइट दिल्ली से") == .devanagari)
        #expect(dominant("কক্সবাজার যাওয়ার টিকিট") == .bengali)
        #expect(dominant("ตั๋วเครื่องบินไปเชียงใหม่") == .thai)
        #expect(dominant("東京のホテル") == .cjk)
        #expect(dominant("서울 호텔 추천") == .hangul)
        #expect(dominant("2024 !!!") == nil)
        // Most letters decide: a Greek message with one English brand name is Greek.
        #expect(dominant("θέλω να αγοράσω ένα καινούργιο iphone") == .greek)
    }

    @Test func aSetKnowsWhenATextIsMostlyForeign() {
        let known = ScriptSet([.latin, .cyrillic])
        #expect(known.scripts == [.latin, .cyrillic])
        #expect(!known.isMostlyForeign(normalized: Array(TextNormalizer.normalize("hotel in Kyiv").utf8)))
        #expect(known.isMostlyForeign(normalized: Array(TextNormalizer.normalize("מלון בתל אביב").utf8)))
        #expect(!known.isMostlyForeign(normalized: Array(TextNormalizer.normalize("123").utf8)))
    }

    @Test func aScriptNeedsEnoughTrainingRows() {
        var rows = [Int](repeating: 0, count: Script.allCases.count)
        rows[Script.latin.rawValue] = 90_000
        rows[Script.greek.rawValue] = 19  // a few stray rows in a large set
        rows[Script.thai.rawValue] = 25
        #expect(ScriptSet.dominant(rows: rows, total: 100_000) == ScriptSet([.latin, .thai]))
        // A tiny training set still knows every script it has.
        #expect(ScriptSet.dominant(rows: rows, total: 200) == ScriptSet([.latin, .greek, .thai]))
    }

    /// Everyday Latin rows and health rows in Greek letters, in made-up words no lexicon knows.
    static let rows: [TrainingExample] = {
        var rng = SplitMix64(seed: 5)
        let everyday = ["trail", "summit", "oven", "dough"], health = ["ζορμπλι", "κουενθ", "μπλαρβικ", "ζορμπλι"]
        return (0..<600).map { i in
            let words = i % 2 == 0 ? everyday : health
            let text = (0..<4).map { _ in words[Int(rng.next() % 4)] }.joined(separator: " ")
            return TrainingExample(text: text, labels: i % 2 == 0 ? [] : ["sensitive:health"])
        }
    }()

    @Test func trainingRecordsTheScriptsAndTheFileKeepsThem() throws {
        let model = ModelTrainer.train(Self.rows, options: ModelTests.smallModelOptions)
        #expect(model.scripts == ScriptSet([.latin, .greek]))
        let bytes = model.serialized()
        #expect(try HashedLinearModel(serialized: bytes).scripts == ScriptSet([.latin, .greek]))
        // A version 1 file (no scripts in its header, no known words at its end) still loads, with
        // neither recorded.
        let wordBytes = 4 + (1 << model.knownWords!.log2Bits) / 8
        var version1 = Array("ESHM0001".utf8) + bytes[8..<28] + bytes[32..<(bytes.count - wordBytes)]
        #expect(try HashedLinearModel(serialized: version1).scripts == nil)
        #expect(try HashedLinearModel(serialized: version1).knownWords == nil)
        #expect(try HashedLinearModel(serialized: version1).labels == model.labels)
        // A script bit that no release knows is refused.
        var unknown = bytes
        unknown[31] = 0x80
        #expect(throws: HashedLinearModel.FormatError.self) { try HashedLinearModel(serialized: unknown) }
        version1.removeLast(4)
        #expect(throws: HashedLinearModel.FormatError.self) { try HashedLinearModel(serialized: version1) }
    }

    @Test func modelsDoNotScoreMessagesInScriptsTheyNeverSaw() throws {
        let screen = ModelTrainer.train(Self.rows, options: ModelTests.smallModelOptions)
        var c = Classifier(taxonomy: Shipped.taxonomy, sensitiveMap: Shipped.sensitiveMap,
                           lexicon: try Lexicon(sources: [], taxonomy: Shipped.taxonomy), screenModel: screen)
        c.tuning.evidenceDivisor = HashedLinearModel.minimumDivisor
        #expect(c.modelScripts == ScriptSet([.latin, .greek]))
        let message = "ζορμπλι κουενθ μπλαρβικ ζορμπλι"
        #expect(c.classify(message).sensitive == [.health])
        // The same model and message, but the model is said to know only Latin: it is not asked.
        c.modelScripts = ScriptSet([.latin])
        #expect(c.classify(message).sensitive.isEmpty)
        c.modelScripts = nil
        #expect(c.classify(message).sensitive == [.health])
    }

    @Test func theShippedModelsKnowTheScriptsOfTheirTrainingData() {
        let scripts = Shipped.classifier.modelScripts
        #expect(scripts == ScriptSet([.latin, .cyrillic, .arabic, .devanagari, .hangul, .cjk]))
        // An everyday Thai message: before, the models read "political opinions" into it.
        let r = Shipped.classifier.classify("ตั๋วเครื่องบินไปเชียงใหม่ถูกๆ")
        #expect(r.sensitive.isEmpty && !r.crisis && r.topics.isEmpty)
    }
}
