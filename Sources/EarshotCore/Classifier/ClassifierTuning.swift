/// The classifier's tuning: the thresholds and weights that turn lexicon matches and model scores into
/// topics and flags. Each default says what it was chosen on and what it measured; `earshot eval` exposes
/// the ones worth trying as development options. A value type: copy, change and assign it to
/// ``Classifier/tuning`` to try other settings.
public struct ClassifierTuning: Sendable, Equatable {
    /// The screen model's share of a blended sensitive or crisis logit (0 = main model only). Chosen on
    /// the development holdout: 0.75 flagged fewer everyday messages than 0.5 at the same recall.
    public var screenMix: Float = 0.75
    /// Minimum score for a topic to be reported.
    public var minTopicScore: Float = 0.2
    /// Minimum model score (logit, blended over both models when a screen model is present) for a
    /// model-raised sensitive flag. Well below zero (a probability of about 0.12) because the screen is
    /// built for recall: a missed sensitive message can reach an advertiser, a false one only withholds
    /// one message's ad signal. Chosen on the development holdout together with
    /// ``confidentTopicPenalty``: recall 0.961 at -2.0 with non-sensitive messages flagged 4.3% (at -1.5
    /// without the penalty: 0.956 and 4.7%; at -2.25 with it: 0.962 and 4.9%). Lowered to -2.5 when the
    /// models were first trained on language-balanced data (see ``LanguageBalance``), which flags less
    /// at every threshold: recall 0.964 -> 0.966, development probes flagged 5.4% -> 4.6%. Back to -2.25
    /// after the nineteenth round, whose rows made the models read more into health and origin: holdout
    /// recall 0.964 -> 0.960 for 5.1% -> 4.8% flagged, probes 0.985 -> 0.984 for 5.8% -> 5.2%. Back to
    /// -2.0 after the twenty-third round, whose rows (sensitive facts inside ordinary requests) made the
    /// models flag more everyday requests: against the previous models at -2.25, holdout recall in the ten
    /// languages 0.962 -> 0.961 for 5.2% -> 4.9% flagged, probes 0.974 -> 0.975 at 6.8% flagged both.
    /// Up to -1.75 after the twenty-sixth and twenty-seventh rounds (implicit beliefs, couples and unions;
    /// everyday partners and feelings), against the previous models at -2.0: 15,871 everyday messages
    /// flagged 829 -> 803, unseen sets' recall 0.953 -> 0.958 and 0.929 -> 0.935, gold 0.985 -> 0.989,
    /// the sixth blind set 0.916 -> 0.923, the holdout in the ten languages 0.967 -> 0.966. Up to -1.5
    /// after the twenty-ninth round (sensitive facts told by a date, a place, a form or a habit): against
    /// the previous models at -1.75, 15,871 everyday messages flagged 768 -> 737, the eighth blind set's
    /// recall 0.926 -> 0.929 (its everyday messages 2 -> 5 of 80), the holdout 0.965 -> 0.963, gold 0.987
    /// -> 0.985 (at -1.75 the new models flagged 794). Up to -1.25 after the thirtieth round (one
    /// sensitive clause in a long everyday request), against the previous models at -1.5, both with
    /// windows (see ``windowUnits``): 15,871 everyday messages flagged 749 -> 722, the ninth blind set's
    /// recall 0.948 -> 0.961 (its everyday messages 9 of 120 both), the holdout 0.966 -> 0.965, gold
    /// 0.985 -> 0.987 (at -1.5 the new models flagged 771 for 0.965 on the blind set). Kept after the
    /// thirty-first round (sensitive situations of other regions, ages and professions), against the
    /// previous models: unseen sets 0.963 -> 0.974 and 0.966 -> 0.969, the ninth blind set 0.974 both,
    /// holdout 0.964 -> 0.965, 15,871 everyday messages flagged 724 -> 748 (at -1.0: 692, but the holdout
    /// and gold lost 0.4 point). Kept after the thirty-second and thirty-third rounds (everyday requests
    /// with a second domain in passing; couples, unions and origin told without the category's words):
    /// all unseen sets 0.969 -> 0.972, their couples and sexual-orientation sets 218 -> 223 of 240, the
    /// holdout 0.965 -> 0.967, 15,871 everyday messages flagged 748 -> 738. Kept after the thirty-fourth
    /// round (one word or name carries the sensitive part), look-alike guards in six languages and a few
    /// everyday rows for words the new models over-read (cable ties, an Indonesian newspaper): unseen sets
    /// 0.971 -> 0.975 with their everyday messages flagged 91 -> 83 of 1,640, 15,871 everyday messages
    /// 738 -> 749 (before those everyday rows, at -1.5: 800; at -1.0: 692 for 0.968). Up to -1.0 after
    /// the thirty-eighth round (religion, couples and gender identity in voice requests, glasses questions
    /// and image prompts), whose models flagged 15,871 everyday messages 757 -> 805 at -1.25: against the
    /// previous models at -1.25, 757 -> 750 flagged, unseen sets 0.976 both, the holdout 0.964 both, gold
    /// 0.990 -> 0.985, `unseen-13` (opened after its measures) 0.955 -> 0.965 (at -0.75:
    /// 703 flagged, unseen sets 0.973). Down to -1.1 after the thirty-ninth and fortieth rounds (everyday
    /// messages in the shapes the screens over-read; thanks and greetings), together with the crisis bar
    /// at -5.25: against the previous models at -1.0, 15,871 everyday messages flagged 750 -> 706, unseen
    /// sets 0.977 -> 0.974, the holdout 0.964 -> 0.962, gold 0.985 -> 0.986, `unseen-13`
    /// 0.968 -> 0.965 (at -1.25: 757 flagged for 0.975, 0.964 and 0.965).
    public var modelSensitiveThreshold: Float = -1.1
    /// Per-category adjustments added to ``modelSensitiveThreshold``. Chosen on the development holdout:
    /// health, the category the model over-reads most (more than half of the everyday messages it flags),
    /// needs more; the categories furthest below their recall bar need less. Political opinions at -0.5
    /// and philosophical beliefs at -1.0 (from 0 and -0.5): recall 0.961 -> 0.965 (political 0.903 ->
    /// 0.924, philosophical 0.926 -> 0.943), non-sensitive messages flagged 4.3% -> 4.5%. Political
    /// opinions -0.5 -> -0.75 after the lexicon sections of 2026-11-23b and c: holdout recall in the ten
    /// languages 0.967 -> 0.969 (political 0.944 -> 0.950) at the same 4.7% flagged; development probes'
    /// everyday messages flagged 5.0% -> 5.2% (at -1.0: recall 0.970 for 4.9% and 5.4%). Sexual
    /// orientation -0.75 and trade unions -0.5 in the fifteenth session, the two weakest categories on
    /// every blind set: on the unseen sets (7,520 messages) sexual orientation 811 -> 819 of 851 and
    /// trade unions 593 -> 596 of 610, recall 0.976 -> 0.978, their everyday and look-alike messages
    /// flagged 105 -> 109 of 2,240; 15,871 everyday messages 706 -> 726 (4.6%); the holdout 0.963 both
    /// (at -1.0 for sexual orientation: 725 flagged for 823 of 851; all three weakest lowered further,
    /// philosophical beliefs to -1.5: recall 0.980 for 5.1% of the unseen sets' everyday messages).
    public var categoryThresholdOffsets: [SensitiveCategory: Float] = ClassifierTuning.defaultCategoryOffsets {
        didSet { offsets = Self.offsetTable(categoryThresholdOffsets) }
    }
    /// The shipped per-category offsets.
    public static let defaultCategoryOffsets: [SensitiveCategory: Float] = [
        .health: 0.5, .religion: -0.5, .philosophicalBeliefs: -1.0, .racialEthnicOrigin: -0.5,
        .politicalOpinions: -0.75, .sexualOrientation: -0.75, .tradeUnion: -0.5,
    ]
    private(set) var offsets: [Float] = ClassifierTuning.offsetTable(ClassifierTuning.defaultCategoryOffsets)
    private static func offsetTable(_ d: [SensitiveCategory: Float]) -> [Float] {
        SensitiveCategory.allCases.map { d[$0] ?? 0 }
    }
    /// Minimum model score (logit) for a model-raised crisis flag: lower than the others, because a
    /// missed crisis costs far more than a false one (which only withholds ads from that message). Chosen
    /// on the development holdout: crisis recall 0.914 at -2.5, 0.929 at -3.0; after the twelfth data
    /// round 0.949 at -3.0 and 0.970 at -4.0, for 0.2 points more non-sensitive messages flagged; after
    /// the fifteenth (everyday and origin rows, no crisis rows) 0.963 at -4.0 and 0.975 at -4.5, for 0.1
    /// point more; with language-balanced training (sixteenth round) 0.966 at -4.5 and 0.982 at -5.5.
    /// Kept at -5.5 after the 2026-11-24 crisis lexicon pass: the lexicons alone still catch only 0.59 of
    /// a blind crisis set, and at -5.0 the holdout and that set each lost a crisis message for 829 -> 806
    /// of 15,871 everyday messages flagged. Up to -5.25 after the fortieth round, whose models put a
    /// romanised Urdu heat idiom ("ye garmi to jaan le legi") just above -5.5: every crisis message of
    /// gold, the holdout, the unseen sets and `unseen-13` is still caught (1,086), the 21
    /// other languages' 644 -> 643 of 756, 15,871 everyday messages flagged 725 -> 706.
    /// Up to -4.25 with the sixteenth session's models, trained on 2,400 more crisis rows and look-alikes
    /// (1,600 crisis; a development crisis set had read 0.835 before them): their crisis logits run higher
    /// on everyday text too, so at -5.25 15,871 everyday messages flagged 726 -> 815; at -4.25 738 (742
    /// with the shipped models), with every crisis message of gold, the holdout and the unseen sets still
    /// caught and the unseen sets' everyday and look-alike messages flagged 121 -> 120. The development
    /// crisis set, not yet trained on, read 0.912 at -5.25, 0.887 at -4.25 and 0.873 at -3.75 with models
    /// trained on half of those rows. Two crisis sets sealed until the end read 0.829 -> 0.954 and
    /// 0.858 -> 0.975 (BENCHMARKS.md, "Sixteenth session"). Correction (seventeenth session): the holdout
    /// that `prepare-data` writes from the same `Data/train` holds crisis rows of those sets that the models
    /// never trained on, and the shipped models missed 19 of its 568 (0.967), not none.
    public var modelCrisisThreshold: Float = -4.25
    /// The model's sensitive and crisis flags on messages too short for it to judge (fewer hashed
    /// features than ``HashedLinearModel/minimumDivisor``: one short word, e.g. "thx") need at least this
    /// score. By default they never count: on such inputs the models' scores swing to near certainty for
    /// arbitrary labels ("thx" scored health at 0.99 after one retrain), while the lexicons, which list the
    /// sensitive single words of every language, still apply in full.
    public var shortMessageThreshold: Float = .infinity
    /// The models' feature average divides by at least this many features (training used
    /// ``HashedLinearModel/minimumDivisor``, 8): a message of one to three words is mostly hashed
    /// n-grams that the models never saw alone, and their plain average swung to near certainty for
    /// arbitrary labels ("banana" scored Cycling, Sports and Style & Fashion at 1.0, "best" Travel,
    /// Technology and Pets, "va bene" philosophical beliefs). Dividing by more shrinks such inputs toward
    /// the labels' priors; a sentence has more features than this and is unchanged. Chosen on the
    /// development sets: at 48 against 8, everyday messages of at most three words flagged 16.1% -> 9.7%
    /// with their sensitive ones all still caught (45/45, by the lexicons), the holdout in the ten
    /// languages flagged 4.9% -> 4.7% at the same recall (0.966) and tier-1 precision (0.900); at 64 its
    /// recall fell to 0.964.
    public var evidenceDivisor: Int = 48
    /// A model-raised sensitive flag (not crisis) also needs each model's own logit for the category to be
    /// at most this far below the bar, when both models score it: the topic and screen models make
    /// different random errors on everyday text ("will it rain in manchester this weekend" read as
    /// health), so a blended score carried by one of them alone is weaker evidence. Chosen on the
    /// development holdout and probes, against simply raising the bar: at 1.5, holdout recall in the ten
    /// languages 0.974 -> 0.971 for 4.7% -> 4.4% flagged, probes' everyday messages 5.2% -> 4.7% (at 2.0:
    /// 0.972, 4.5% and 4.9%); raising the bar to -1.8 instead gave 0.970 for 4.5% and 4.8%, to -1.6 0.966
    /// for 4.3% and 4.5%.
    public var modelAgreementMargin: Float = 1.5
    /// When neither the lexicons nor a confident model vote (logit above zero) name a topic, the model's
    /// best topic is still reported, with the lowest reportable score (about 0.2, below the engine's
    /// signal threshold, so it never becomes a profile signal), if its logit is at least this. Chosen on
    /// the development holdout and probe sets (tier-1 precision@1 0.875 -> 0.901 and 0.719 -> 0.756):
    /// a message with an interest that no term names ("how to get rid of fruit flies") used to get none.
    /// Lowered from -4 to -6 after the fourteenth data round (holdout 0.894 -> 0.896, probes 0.852 ->
    /// 0.856; below -6 nothing changed), and to -10 in the seventeenth session, when 41 of 3,860 everyday
    /// messages of the unseen sets had no topic at all, 22 of them Japanese ("親子丼のコツ教えて"): unseen sets
    /// 0.805 -> 0.809, holdout 0.867 -> 0.868, probes 0.846 -> 0.847, gold unchanged, no flag changed
    /// (the fallback never touches the screens); below -10 nothing changed.
    public var modelTopicFallbackLogit: Float = -10
    /// How much lower the model's threshold is for a category that one weak lexicon term already
    /// suggests. A weak term alone is not enough (it is a homonym or an everyday word), and neither is a
    /// hesitant model; the two together are. Chosen on the development holdout: sensitive recall 0.949 ->
    /// 0.954 at 1.5 with non-sensitive messages flagged 4.6% -> 4.7%, where lowering the threshold for
    /// every message to the same recall flagged 5.1%. After the twelfth data round: 0.949 -> 0.954, 4.9% ->
    /// 5.0% (with the crisis threshold below).
    public var weakTermBonus: Float = 1.5
    /// When the topic model is sure of an everyday interest (its best topic's logit is at least
    /// ``confidentTopicLogit``, even odds at 0), a category that no lexicon term suggests needs
    /// ``confidentTopicPenalty`` more to be flagged by the models (crisis too, from its own threshold).
    /// Sensitive rows teach the topic model to name no topic, so its confidence is evidence of an everyday
    /// message: "my sourdough won't rise" with Food & Drink at 0.9 is not a crisis. Chosen on the
    /// development holdout: at 3, non-sensitive messages flagged 4.7% -> 3.8% for recall 0.956 -> 0.954
    /// and crisis recall 0.975 -> 0.972; the lower sensitive threshold that this allows buys the recall
    /// back and more.
    public var confidentTopicLogit: Float = 0
    /// See ``confidentTopicLogit``.
    public var confidentTopicPenalty: Float = 3
    /// See ``Classifier/modelVocabulary``. Chosen on the development sets and the 2026-11-23 blind sets of
    /// 21 other languages: at a third, no message of the gold set and 0.1% of the holdout in the models' languages
    /// lose the models, against about half of the blind sets' everyday messages.
    public var minimumKnownWordShare: Float = 1.0 / 3
    /// See ``Classifier/modelVocabulary``: shorter messages always go to the models.
    public var minimumCountedWords = 3

    /// A message of more than ``windowMinimumUnits`` units (words; see ``windowCJKScalars``) is also
    /// screened in windows of this many units, ``windowStride`` apart, each against bars ``windowPenalty`` higher
    /// (twice that for crisis): the models average over the whole text, so a sensitive clause inside a
    /// long everyday request is diluted by the rest. 0 turns windows off. A window is a fragment, on which
    /// the models err like on any short message, and a long message has many: at the whole message's
    /// bars, windows of 10 flagged 43% of long everyday messages.
    ///
    /// Chosen on 2,893 sensitive messages of the unseen sets each put between two everyday messages of
    /// their language (and 940 such everyday triples), against 10/5, 12/6 and 18/9 words and penalties
    /// 2-5: recall there 0.826 -> 0.921, crisis 0.726 -> 0.901, long everyday messages flagged 1.6% ->
    /// 4.4%. On ordinary sets: the ninth blind set 0.939 -> 0.948 at the same 9 of 120 flagged, the
    /// holdout in the ten languages 0.963 -> 0.966 (4.1% -> 4.2% flagged), 15,871 everyday messages
    /// flagged 737 -> 749. Then measured once on the tenth blind set, a third of whose messages are long:
    /// recall 0.906 -> 0.939, everyday messages flagged 6 -> 7 of 120.
    public var windowUnits = 14
    /// How many units one window starts after the previous one (see ``windowUnits``).
    public var windowStride = 7
    /// How much higher a window's bars are than the whole message's, twice this for crisis (see
    /// ``windowUnits``).
    public var windowPenalty: Float = 3
    /// Only a message of more than this many units (and more than ``windowUnits``) is screened in windows:
    /// in a shorter one a clause is diluted less, and its windows would mostly repeat the whole message.
    /// Windows had made the shipped classifier about 15% slower on the gold messages, 15% of which have 15
    /// to 20 words. Chosen against 14, 18 and 25: at 20 (and 21) the synthetic long set, its everyday
    /// triples and the ninth blind set were unchanged, the holdout in the ten languages lost 3 of 4,148
    /// sensitive messages (0.965 -> 0.964); at 25 it lost 6.
    public var windowMinimumUnits = 20
    /// A run written without spaces (Japanese, Chinese) counts as one unit per this many characters.
    public var windowCJKScalars = 2

    /// The shipped tuning.
    public init() {}
}
