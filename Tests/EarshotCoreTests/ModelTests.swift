import EarshotCore
import Testing

@Suite struct ModelTests {
    /// A small separable task: each label has its own words.
    static let examples: [TrainingExample] = {
        let words = ["sky": ["blue", "cloud", "rain", "sun"], "sea": ["wave", "fish", "salt", "boat"],
                     "city": ["street", "bus", "tower", "shop"]]
        var rng = SplitMix64(seed: 7)
        var out: [TrainingExample] = []
        for i in 0..<600 {
            let label = ["sky", "sea", "city"][i % 3]
            let w = words[label]!
            let text = (0..<5).map { _ in w[Int(rng.next() % 4)] }.joined(separator: " ") + " filler\(i % 17)"
            out.append(TrainingExample(text: text, labels: [label]))
        }
        return out
    }()

    /// Small, fast models for tests: 8 dimensions, 4 epochs, 4,096 buckets.
    static var smallModelOptions: TrainingOptions {
        var o = TrainingOptions()
        o.dim = 8
        o.epochs = 4
        o.hasher = FeatureHasher(wordNgrams: 2, charMin: 3, charMax: 4, buckets: 1 << 12)
        return o
    }

    var options: TrainingOptions { Self.smallModelOptions }

    @Test func learnsASeparableTask() {
        let model = ModelTrainer.train(Self.examples, options: options)
        var scratch = ClassifierScratch()
        let top = model.top(1, text: "wave boat fish", scratch: &scratch)
        #expect(model.labels[top[0].label] == "sea")
        #expect(top[0].probability > 0.5)
    }

    @Test func trainingIsDeterministicForASeed() {
        let a = ModelTrainer.train(Self.examples, options: options).serialized()
        let b = ModelTrainer.train(Self.examples, options: options).serialized()
        #expect(a == b)
        var other = options
        other.seed = 99
        #expect(ModelTrainer.train(Self.examples, options: other).serialized() != a)
    }

    /// A row that ignores a label prefix trains its own labels and leaves the ignored ones alone: "wave"
    /// rows labelled `sea` that ignore `mood:` do not teach that the sea is never `mood:calm`.
    @Test func ignoredLabelsAreNeitherConfirmedNorDenied() throws {
        func calmProbability(ignoring: [String]) throws -> Float {
            var rows = Self.examples.map { TrainingExample(text: $0.text, labels: $0.labels, ignored: ignoring) }
            rows += (0..<60).map { TrainingExample(text: "quiet harbour \($0 % 7)", labels: ["mood:calm"]) }
            let model = ModelTrainer.train(rows, options: options)
            var scratch = ClassifierScratch()
            let all = model.top(model.labels.count, text: "wave fish salt boat", scratch: &scratch)
            return try #require(all.first { model.labels[$0.label] == "mood:calm" }).probability
        }
        let denied = try calmProbability(ignoring: []), ignored = try calmProbability(ignoring: ["mood:"])
        #expect(denied < 0.05, "600 rows without mood:calm push it down")
        #expect(ignored > 4 * denied, "rows that ignore mood: leave it where the calm rows put it")
        // A prefix that names no label changes nothing.
        let plain = ModelTrainer.train(Self.examples, options: options).serialized()
        let none = Self.examples.map { TrainingExample(text: $0.text, labels: $0.labels, ignored: ["nothing:"]) }
        #expect(ModelTrainer.train(none, options: options).serialized() == plain)
    }

    @Test func serializationRoundTripsPredictions() throws {
        let model = ModelTrainer.train(Self.examples, options: options)
        let loaded = try HashedLinearModel(serialized: model.serialized())
        #expect(loaded.labels == model.labels)
        var s1 = ClassifierScratch(), s2 = ClassifierScratch()
        for text in ["blue rain", "bus tower shop", "salt"] {
            let a = model.top(3, text: text, scratch: &s1), b = loaded.top(3, text: text, scratch: &s2)
            #expect(a.map(\.label) == b.map(\.label))
            for (x, y) in zip(a, b) { #expect(abs(x.probability - y.probability) < 0.05) }
        }
    }

    @Test func rejectsCorruptModelFiles() {
        #expect(throws: HashedLinearModel.FormatError.self) { try HashedLinearModel(serialized: Array("nope".utf8)) }
        let model = ModelTrainer.train(Array(Self.examples.prefix(30)), options: options)
        let bytes = model.serialized()
        #expect(throws: HashedLinearModel.FormatError.self) { try HashedLinearModel(serialized: Array(bytes.prefix(bytes.count / 2))) }
    }

    @Test func sampledNegativesStillLearn() {
        var o = options
        o.negatives = 1
        let model = ModelTrainer.train(Self.examples, options: o)
        var scratch = ClassifierScratch()
        #expect(model.labels[model.top(1, text: "street bus", scratch: &scratch)[0].label] == "city")
    }
}
