import EarshotCore
import Foundation
import Testing

/// The screen model (sensitive and crisis labels only) blended with the topic model, and the topic
/// model's low-score fallback, on small models trained in the test.
@Suite struct ScreenModelTests {
    let taxonomy = Shipped.taxonomy
    static let hiking = "159"  // Outdoor Activities
    static let cooking = "210"  // Food & Drink

    /// Topic rows about hiking and cooking; "zorbly" messages are health rows, written in words that no
    /// lexicon knows, so only a model can flag them.
    static func rows(topics: Bool) -> [TrainingExample] {
        var rng = SplitMix64(seed: 3)
        let hike = ["trail", "summit", "boots", "ridge"], cook = ["oven", "recipe", "dough", "simmer"]
        let health = ["zorbly", "quenth", "blarvic", "zorbly"]
        var out: [TrainingExample] = []
        for i in 0..<600 {
            let pick: ([String], [String]) = switch i % 3 {
            case 0: (hike, topics ? [hiking] : [])
            case 1: (cook, topics ? [cooking] : [])
            default: (health, ["sensitive:health"])
            }
            let text = (0..<4).map { _ in pick.0[Int(rng.next() % 4)] }.joined(separator: " ")
            out.append(TrainingExample(text: text, labels: pick.1))
        }
        return out
    }

    var options: TrainingOptions { ModelTests.smallModelOptions }

    func classifier(topicModel: HashedLinearModel?, screenModel: HashedLinearModel?) throws -> Classifier {
        let lexicon = try Lexicon(sources: [], taxonomy: taxonomy)
        var c = Classifier(taxonomy: taxonomy, sensitiveMap: Shipped.sensitiveMap, lexicon: lexicon,
                           model: topicModel, screenModel: screenModel)
        // These tests read the models' logits directly (`top`, which averages as training did) and set
        // the classifier's bars around them; their short made-up messages must be averaged the same way.
        c.tuning.evidenceDivisor = HashedLinearModel.minimumDivisor
        return c
    }

    @Test func theScreenModelAloneFlagsWhatItLearned() throws {
        let screen = ModelTrainer.train(Self.rows(topics: false), options: options)
        #expect(screen.labels == ["sensitive:health"])
        let c = try classifier(topicModel: nil, screenModel: screen)
        #expect(c.classify("zorbly quenth blarvic again").sensitive == [.health])
        #expect(c.classify("trail summit boots ridge").sensitive.isEmpty)
        // Screens off: the screen model is not consulted at all.
        #expect(c.classify("zorbly quenth blarvic again", screen: false).sensitive.isEmpty)
    }

    @Test func perCategoryOffsetsMoveOnlyTheirCategory() throws {
        let screen = ModelTrainer.train(Self.rows(topics: false), options: options)
        var c = try classifier(topicModel: nil, screenModel: screen)
        let message = "zorbly quenth blarvic again"
        c.tuning.categoryThresholdOffsets = [.religion: 100]
        #expect(c.classify(message).sensitive == [.health])
        c.tuning.categoryThresholdOffsets = [.health: 100]
        #expect(c.classify(message).sensitive.isEmpty)
        c.tuning.categoryThresholdOffsets = ClassifierTuning.defaultCategoryOffsets
        #expect(c.classify(message).sensitive == [.health])
    }

    @Test func blendedLogitsDecide() throws {
        let topics = ModelTrainer.train(Self.rows(topics: true), options: options)
        // A screen model that learned the opposite: "zorbly" rows are everyday, hiking rows are health.
        let inverted = Self.rows(topics: false).map { row in
            TrainingExample(text: row.text, labels: row.labels.isEmpty && row.text.contains("trail") ? ["sensitive:health"] : [])
        }
        let screen = ModelTrainer.train(inverted, options: options)
        var c = try classifier(topicModel: topics, screenModel: screen)
        c.tuning.modelAgreementMargin = .infinity  // the blend alone decides (the next test covers agreement)
        let message = "zorbly quenth blarvic zorbly"
        c.tuning.screenMix = 0
        #expect(c.classify(message).sensitive == [.health])  // the topic model alone
        c.tuning.screenMix = 1
        #expect(c.classify(message).sensitive.isEmpty)  // the (inverted) screen model alone
        c.tuning.screenMix = 0
        #expect(c.classify("trail summit boots ridge").sensitive.isEmpty)
        c.tuning.screenMix = 1
        #expect(c.classify("trail summit boots ridge").sensitive == [.health])
    }

    /// A blended score carried by one model while the other reads the opposite is not enough.
    @Test func aModelRaisedFlagNeedsBothModelsNearTheBar() throws {
        let topics = ModelTrainer.train(Self.rows(topics: true), options: options)
        let inverted = ModelTrainer.train(Self.rows(topics: false).map { row in
            TrainingExample(text: row.text, labels: row.labels.isEmpty && row.text.contains("trail") ? ["sensitive:health"] : [])
        }, options: options)
        let message = "zorbly quenth blarvic zorbly"
        var c = try classifier(topicModel: topics, screenModel: inverted)
        c.tuning.screenMix = 0  // the blended score is the topic model's, well over the bar
        c.tuning.modelAgreementMargin = .infinity
        #expect(c.classify(message).sensitive == [.health])
        c.tuning.modelAgreementMargin = 1.5
        #expect(c.classify(message).sensitive.isEmpty)  // the screen model's own score is far below it
        var agreeing = try classifier(topicModel: topics, screenModel: ModelTrainer.train(Self.rows(topics: false), options: options))
        agreeing.tuning.screenMix = 0
        #expect(agreeing.tuning.modelAgreementMargin == 1.5)
        #expect(agreeing.classify(message).sensitive == [.health])  // both models read health
    }

    @Test func aWeakTopicVoteIsReportedBelowTheSignalThreshold() throws {
        let topics = ModelTrainer.train(Self.rows(topics: true), options: options)
        var c = try classifier(topicModel: topics, screenModel: nil)
        // Words the model never saw: no label is confident (logit below zero), but one is the best guess.
        // (The classifier would not ask the model about them at all; see KnownWordsTests.)
        c.modelVocabulary = nil
        let message = "qwxv plomb drenth"
        var scratch = ClassifierScratch()
        let best = try #require(topics.top(3, text: message, scratch: &scratch).first { !topics.labels[$0.label].hasPrefix("sensitive:") })
        #expect(best.probability < 0.5)
        let logit = log(best.probability / (1 - best.probability))
        c.tuning.modelTopicFallbackLogit = logit + 0.01
        #expect(c.classify(message).topics.isEmpty)
        c.tuning.modelTopicFallbackLogit = logit - 0.01
        let guess = try #require(c.classify(message).topics.first)
        #expect(guess.id.rawValue == topics.labels[best.label])
        #expect(guess.score > 0.19 && guess.score < 0.3)  // below the engine's signal threshold (0.3)
        // A confident message gets its topic the ordinary way, with a high score.
        #expect(c.classify("trail summit boots ridge").topics.first.map { $0.score > 0.5 } == true)
    }

    @Test func oneWeakTermLowersTheModelsBarForItsCategoryOnly() throws {
        let screen = ModelTrainer.train(Self.rows(topics: false), options: options)
        // "qwoll" is a weak health term and "trivet" a weak religion term: alone neither is enough.
        let lexicon = try Lexicon(sources: [LexiconSource(language: "en", sensitive: "health\tqwoll\tweak\nreligion\ttrivet\tweak\n",
                                                          interest: "")], taxonomy: taxonomy)
        var c = Classifier(taxonomy: taxonomy, sensitiveMap: Shipped.sensitiveMap, lexicon: lexicon, screenModel: screen)
        c.tuning.evidenceDivisor = HashedLinearModel.minimumDivisor  // as in `classifier(topicModel:screenModel:)`
        c.tuning.categoryThresholdOffsets = [:]
        let message = "zorbly quenth blarvic qwoll"
        var scratch = ClassifierScratch()
        let health = try #require(screen.top(1, text: message, scratch: &scratch).first)
        let logit = log(health.probability / (1 - health.probability))
        c.tuning.modelSensitiveThreshold = logit + 0.5
        c.tuning.weakTermBonus = 0
        #expect(c.classify(message).sensitive.isEmpty)
        c.tuning.weakTermBonus = 1
        #expect(c.classify(message).sensitive == [.health])
        // A weak term of another category does not lower health's bar.
        let other = "zorbly quenth blarvic trivet"
        let otherLogit = try #require(screen.top(1, text: other, scratch: &scratch).first).probability
        c.tuning.modelSensitiveThreshold = log(otherLogit / (1 - otherLogit)) + 0.5
        #expect(c.classify(other).sensitive.isEmpty)
    }

    @Test func aConfidentEverydayTopicRaisesTheBarWhenNoTermSuggestsTheCategory() throws {
        let topics = ModelTrainer.train(Self.rows(topics: true), options: options)
        var c = try classifier(topicModel: topics, screenModel: nil)
        c.tuning.categoryThresholdOffsets = [:]
        c.tuning.weakTermBonus = 0
        let message = "trail summit ridge zorbly"
        var scratch = ClassifierScratch()
        let ranked = topics.top(topics.labels.count, text: message, scratch: &scratch)
        func logit(_ label: String) throws -> Float {
            let p = try #require(ranked.first { topics.labels[$0.label] == label }).probability
            return log(p / (1 - p))
        }
        let hiking = try logit(Self.hiking), health = try logit("sensitive:health")
        c.tuning.modelSensitiveThreshold = health - 0.5
        c.tuning.confidentTopicPenalty = 3
        c.tuning.confidentTopicLogit = hiking + 0.01  // the topic is not confident enough: no penalty
        #expect(c.classify(message).sensitive == [.health])
        c.tuning.confidentTopicLogit = hiking - 0.01  // confident: the bar rises by 3
        #expect(c.classify(message).sensitive.isEmpty)
        c.tuning.confidentTopicPenalty = 0
        #expect(c.classify(message).sensitive == [.health])
    }

    @Test func aGuardHidesOnlyTheSensitiveTermFromTheModels() throws {
        let topics = ModelTrainer.train(Self.rows(topics: true), options: options)
        // "ridge" is a health term, but not inside "summit ridge", and "summit" stays for the model to read.
        let lexicon = try Lexicon(sources: [LexiconSource(language: "en", sensitive: "health\tridge\nguard\tsummit ridge\n",
                                                          interest: "")], taxonomy: taxonomy)
        let c = Classifier(taxonomy: taxonomy, sensitiveMap: Shipped.sensitiveMap, lexicon: lexicon, model: topics)
        #expect(c.classify("ridge").sensitive == [.health])
        let r = c.classify("summit ridge")
        #expect(r.sensitive.isEmpty)
        #expect(r.topics.first.map { $0.id.rawValue == Self.hiking && $0.score > 0.5 } == true)  // read, not guessed
    }
}
