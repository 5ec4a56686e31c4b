import Foundation

/// Earshot's message classifier: lexicons for sensitive topics, crisis and interests, optionally
/// combined with a trained hashed n-gram model.
///
/// Immutable and `Sendable`: share one instance across tasks; give each caller its own
/// ``ClassifierScratch``.
public struct Classifier: Sendable {
    public let taxonomy: Taxonomy
    public let sensitiveMap: SensitiveMap
    public let lexicon: Lexicon
    /// A trained model over taxonomy ids (and `sensitive:<code>` / `crisis` labels), if shipped.
    public let model: HashedLinearModel?
    /// A model trained only on the screen's labels (`sensitive:<code>`, `crisis`), if shipped. Its logits
    /// are blended with the main model's for the same labels (see ``ClassifierTuning/screenMix``).
    public let screenModel: HashedLinearModel?
    let tier1Index: [Int32]  // taxonomy index -> its tier-1 ancestor's index
    private let nodeTier: [UInt8]  // taxonomy index -> tier, for ranking ties without copying `self`
    private let sensitiveOfNode: [Int8]  // -1 none, else SensitiveCategory index
    let modelLabelTopic: [Int32]  // model label -> taxonomy index, -1 when not a topic
    let modelSlotLabels: [(label: Int, slot: Int)]  // the model's screen labels and their slots
    let screenLabelSlot: [Int8]  // screen model label -> slot (0..<7 categories, 7 crisis), -1 none
    let paired: PairedModels?  // both models' rows side by side, when they share features
    /// The sexual-orientation slot, which ``PersonCue``s can raise.
    static let sexualOrientationSlot = SensitiveCategory.allCases.firstIndex(of: .sexualOrientation)!
    /// Thresholds and weights (see ``ClassifierTuning``).
    public var tuning = ClassifierTuning()

    /// The scripts both models were trained on (see ``Script``), or nil when the models do not record
    /// them: then they score every message. A message mostly written in other scripts gets neither topics
    /// nor flags from the models, only from the lexicons, because the models' scores on it are noise.
    public var modelScripts: ScriptSet?
    /// The words the topic model (or, without one, the screen model) was trained on, or nil when the
    /// model does not record them. A message of at least ``ClassifierTuning/minimumCountedWords`` words of
    /// which fewer than ``ClassifierTuning/minimumKnownWordShare`` are known is in a language the models
    /// never learned: like a foreign script, it gets neither topics nor flags from them, only from the
    /// lexicons.
    public var modelVocabulary: KnownWords?

    public init(taxonomy: Taxonomy, sensitiveMap: SensitiveMap, lexicon: Lexicon, model: HashedLinearModel? = nil,
                screenModel: HashedLinearModel? = nil) {
        self.taxonomy = taxonomy
        self.sensitiveMap = sensitiveMap
        self.lexicon = lexicon
        self.model = model
        self.screenModel = screenModel
        if let model, let screenModel { paired = PairedModels(model, screenModel) } else { paired = nil }
        let recorded = [model?.scripts, screenModel?.scripts].compactMap { $0 }
        modelScripts = recorded.isEmpty ? nil : recorded.reduce(ScriptSet(Script.allCases)) { $0.intersection($1) }
        modelVocabulary = model?.knownWords ?? screenModel?.knownWords
        let categories = SensitiveCategory.allCases
        tier1Index = taxonomy.nodes.map { n in Int32(taxonomy.indexOf(n.tier1ID)!) }
        nodeTier = taxonomy.nodes.map { UInt8(clamping: $0.tier) }
        sensitiveOfNode = taxonomy.nodes.map { n in
            if case .sensitive(let c) = sensitiveMap.classify(n.id) { return Int8(categories.firstIndex(of: c)!) }
            return -1
        }
        modelLabelTopic = (model?.labels ?? []).map { taxonomy.indexOf(TopicID($0)).map(Int32.init) ?? -1 }
        func slot(_ label: String) -> Int8 {
            if label == "crisis" { return 7 }
            if label.hasPrefix("sensitive:"), let c = SensitiveCategory(rawValue: String(label.dropFirst(10))) {
                return Int8(categories.firstIndex(of: c)!)
            }
            return -1
        }
        let topicOfLabel = modelLabelTopic
        modelSlotLabels = (model?.labels ?? []).map(slot).enumerated().compactMap { label, slot in
            slot >= 0 && topicOfLabel[label] < 0 ? (label, Int(slot)) : nil
        }
        screenLabelSlot = (screenModel?.labels ?? []).map(slot)
    }

    /// Classifies one message.
    /// - Parameters:
    ///   - text: the message; it is not retained.
    ///   - top: how many topics to return at most.
    ///   - screen: whether to run the sensitive and crisis screens.
    public func classify(_ text: String, top: Int = 5, screen: Bool = true,
                         scratch: inout ClassifierScratch) -> Classification {
        TextNormalizer.normalize(text, into: &scratch.bytes)
        let nodeCount = taxonomy.nodes.count
        if scratch.topicScores.count != nodeCount {
            scratch.topicScores = [Float](repeating: 0, count: nodeCount)
        }
        scratch.matches.removeAll(keepingCapacity: true)
        scratch.guards.removeAll(keepingCapacity: true)
        scratch.touched.removeAll(keepingCapacity: true)
        scratch.weakSeen.removeAll(keepingCapacity: true)
        scratch.weakSpans.removeAll(keepingCapacity: true)

        scratch.gapParts.removeAll(keepingCapacity: true)
        // The closure sees only the entries: capturing `self` made Swift copy the whole classifier (a
        // dozen retains and releases) for every message.
        let entries = lexicon.entries
        lexicon.matcher.forEachMatch(in: scratch.bytes) { payload, start, end in
            switch entries[Int(payload)].target {
            case .guardPhrase: scratch.guards.append((Int32(start), Int32(end)))
            case .gapPart(let term, let part): scratch.gapParts.append((term, part, Int32(start), Int32(end)))
            default: scratch.matches.append((payload, Int32(start), Int32(end)))
            }
        }
        if !scratch.gapParts.isEmpty { completeGapTerms(&scratch) }

        // Slots 0..<7 are the categories in declaration order, slot 7 is crisis.
        if scratch.strong.count != 8 {
            scratch.strong = [Bool](repeating: false, count: 8)
            scratch.weakCount = [Int](repeating: 0, count: 8)
        }
        for i in 0..<8 {
            scratch.strong[i] = false
            scratch.weakCount[i] = 0
        }
        var lexiconHit = false, sawName = false
        scratch.cues = 0
        for m in scratch.matches {
            let entry = lexicon.entries[Int(m.payload)]
            switch entry.target {
            case .topic(let index):
                lexiconHit = true
                addTopic(index, entry.weight, &scratch)
            case .sensitive, .crisis:
                guard screen else { continue }
                if Self.isGuarded(m.start, m.end, scratch.guards) { continue }
                let slot = slotOf(entry.target)
                if entry.weak {
                    // Two *different* weak words are needed: identify a term by its matched bytes.
                    let term = scratch.bytes.withUnsafeBufferPointer {
                        FeatureHasher.fnv($0, Int(m.start), Int(m.end)) &+ UInt32(slot)
                    }
                    // Overlapping weak terms ("votato" inside "ho votato") are one piece of evidence.
                    let overlaps = scratch.weakSpans.contains {
                        $0.slot == Int32(slot) && $0.start < m.end && m.start < $0.end
                    }
                    if !scratch.weakSeen.contains(term) && !overlaps {
                        scratch.weakSeen.append(term)
                        scratch.weakCount[slot] += 1
                    }
                    scratch.weakSpans.append((Int32(slot), m.start, m.end))
                } else {
                    scratch.strong[slot] = true
                }
            case .cue(let cue):
                if screen && !Self.isGuarded(m.start, m.end, scratch.guards),
                    !cue.isOpening || Self.wordsBefore(m.start, scratch.bytes) <= PersonCue.openingWords {
                    scratch.cues |= cue.bit
                }
            case .name(let name):
                if screen && name.isGivenName { sawName = true }
            case .guardPhrase, .gapPart:
                break
            }
        }
        if sawName {
            let names = NameCue.read(matches: scratch.matches, entries: lexicon.entries, bytes: scratch.bytes,
                                     guards: scratch.guards)
            scratch.cues |= names.cues
            if names.genderChange { scratch.strong[Self.sexualOrientationSlot] = true }
        }
        for slot in 0..<8 where scratch.weakCount[slot] >= 2 { scratch.strong[slot] = true }
        if PersonCue.sameGenderCouple(scratch.cues) { scratch.strong[Self.sexualOrientationSlot] = true }

        if model != nil || screenModel != nil {
            // Guards apply to the model too: a sensitive term inside a guard is blanked, so "black friday"
            // does not read as "black". Only the term: blanking the whole guard ("dog vaccination") took the
            // topic words with it and left fragments the model over-read (development probes flagged 6.2% ->
            // 5.3%, tier-1 precision@1 0.838 -> 0.845, the holdout unchanged).
            for m in scratch.matches where lexicon.entries[Int(m.payload)].isScreenTerm
                && Self.isGuarded(m.start, m.end, scratch.guards) {
                for i in Int(m.start)..<Int(m.end) { scratch.bytes[i] = 0x20 }
            }
        }
        var best: (label: Int, logit: Float) = (-1, -.infinity)  // the model's best topic label
        if modelsCanRead(scratch.bytes), model != nil || (screen && screenModel != nil) {
            best = scoreModels(scratch.bytes, screen: screen, scratch: &scratch)
            if model != nil {
                // The model votes with its score; the lexicon adds evidence on top. Most labels are far
                // below the bar, so this loop is a predictable branch per label (tracking the best topic in
                // it too made one long chain of dependent compares).
                let weight: Float = lexiconHit ? 1.0 : 1.5
                for label in scratch.logits.indices {
                    let contribution = scratch.logits[label] * weight
                    if contribution > 0.05, modelLabelTopic[label] >= 0 { addTopic(modelLabelTopic[label], contribution, &scratch) }
                }
            }
            if screen {
                applyModelBars(best: best, short: scratch.features.count < HashedLinearModel.minimumDivisor,
                               scratch: &scratch)
                screenWindows(scratch: &scratch)
            }
        }

        if scratch.touched.isEmpty, best.label >= 0, best.logit >= tuning.modelTopicFallbackLogit {
            addTopic(modelLabelTopic[best.label], 0.19, &scratch)  // 1 - e^(-1.2 * 0.19) ≈ 0.204
        }

        // Collect topics, strongest first; deeper nodes win ties so "Hiking" follows "Sports" closely.
        var topics: [TopicScore] = []
        topics.reserveCapacity(min(top, scratch.touched.count))
        var ranked = scratch.touched.map { (index: $0, raw: scratch.topicScores[Int($0)]) }
        // The closure captures only the tier table: capturing `self` copied the whole classifier (a
        // dozen retains and releases) for every comparison.
        let tiers = nodeTier
        ranked.sort { a, b in a.raw != b.raw ? a.raw > b.raw : tiers[Int(a.index)] > tiers[Int(b.index)] }
        for (index, raw) in ranked {
            let score = 1 - exp(-1.2 * raw)
            if topics.count < top, score >= tuning.minTopicScore {
                topics.append(TopicScore(id: taxonomy.nodes[Int(index)].id, score: Double((score * 1000).rounded() / 1000)))
                if screen, sensitiveOfNode[Int(index)] >= 0, score >= 0.5 { scratch.strong[Int(sensitiveOfNode[Int(index)])] = true }
            }
        }
        for i in scratch.touched { scratch.topicScores[Int(i)] = 0 }

        if scratch.strong[7] { scratch.strong[SensitiveCategory.allCases.firstIndex(of: .health)!] = true }
        var sensitive: [SensitiveCategory] = []
        for (i, c) in SensitiveCategory.allCases.enumerated() where scratch.strong[i] { sensitive.append(c) }
        sensitive.sort()
        return Classification(topics: topics, sensitive: sensitive, crisis: scratch.strong[7])
    }

    /// Convenience without caller-provided scratch (allocates).
    public func classify(_ text: String, top: Int = 5, screen: Bool = true) -> Classification {
        var scratch = ClassifierScratch()
        return classify(text, top: top, screen: screen, scratch: &scratch)
    }
}
