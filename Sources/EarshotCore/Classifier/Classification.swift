/// What the classifier found in one message. Holds no text.
public struct Classification: Sendable, Hashable, Codable {
    /// Topics, strongest first, scores in 0...1.
    public var topics: [TopicScore]
    /// Sensitive categories raised, sorted.
    public var sensitive: [SensitiveCategory]
    /// Self-harm, suicidal intent, or abuse or violence against the writer.
    public var crisis: Bool

    public init(topics: [TopicScore], sensitive: [SensitiveCategory], crisis: Bool) {
        self.topics = topics
        self.sensitive = sensitive
        self.crisis = crisis
    }

    /// A message that touches a sensitive category or a crisis never yields an ad signal.
    public var adEligible: Bool { sensitive.isEmpty && !crisis }
}

/// Per-call scratch buffers for the classifier. Create one per thread or task and reuse it;
/// after warm-up, classifying allocates only the result.
public struct ClassifierScratch: Sendable {
    var bytes: [UInt8] = []
    var matches: [(payload: Int32, start: Int32, end: Int32)] = []
    var guards: [(start: Int32, end: Int32)] = []
    var topicScores: [Float] = []
    var touched: [Int32] = []
    var weakSeen: [UInt32] = []
    var weakSpans: [(slot: Int32, start: Int32, end: Int32)] = []
    var strong: [Bool] = []
    var weakCount: [Int] = []
    var features: [UInt32] = []
    var hidden: [Float] = []
    var logits: [Float] = []
    var slotLogits: [Float] = []
    /// Per slot, the lower of the two models' own logits (see ``ClassifierTuning/modelAgreementMargin``).
    var slotLowest: [Float] = []
    var screenLogits: [Float] = []
    var secondHidden: [Float] = []
    /// Sink for the row-touching pass in PairedModels (keeps its loads from being optimised away).
    var touchedRows = 0
    var gapParts: [(term: Int32, part: Int32, start: Int32, end: Int32)] = []
    /// The ``PersonCue/bit``s of the cues found in the message.
    var cues: UInt8 = 0
    /// A long message's units and the text of the window being screened (see
    /// ``Classifier/screenWindows(scratch:)``).
    var units: [(start: Int32, end: Int32)] = []
    var window: [UInt8] = []

    public init() {}
}
