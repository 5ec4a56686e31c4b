/// The classifier's model steps: both models' scores for a text, the bars that turn them into flags, and
/// the windows that screen a long message clause by clause. Internal, and allocation-free like the hot path
/// they serve.
extension Classifier {
    /// Runs the models on normalised `text`: the topic model's logits in `scratch.logits` (when there is a
    /// topic model), and per slot (0..<7 the categories, 7 crisis) the blended screen logit in
    /// `scratch.slotLogits` and the lower of the two models' own logits in `scratch.slotLowest`. Returns the
    /// topic model's best topic label and its logit, or (-1, -inf) without a topic model.
    func scoreModels(_ text: [UInt8], screen: Bool, scratch: inout ClassifierScratch) -> (label: Int, logit: Float) {
        if scratch.slotLogits.count != 8 {
            scratch.slotLogits = [Float](repeating: 0, count: 8)
            scratch.slotLowest = [Float](repeating: 0, count: 8)
        }
        for i in 0..<8 {
            scratch.slotLogits[i] = -.infinity
            scratch.slotLowest[i] = .infinity
        }
        var best: (label: Int, logit: Float) = (-1, -.infinity)
        var haveFeatures = false, haveScreenLogits = false
        if let model {
            if screen, let paired {
                // Both models in one pass over the features (their rows share cache lines).
                var second: [Float] = []
                swap(&second, &scratch.screenLogits)
                paired.predict(normalized: text, scratch: &scratch, secondLogits: &second,
                               minimumDivisor: tuning.evidenceDivisor)
                swap(&second, &scratch.screenLogits)
                haveScreenLogits = true
            } else {
                model.predict(normalized: text, scratch: &scratch, minimumDivisor: tuning.evidenceDivisor)
            }
            haveFeatures = true
            best = Self.bestTopic(scratch.logits, modelLabelTopic)
            for (label, slot) in modelSlotLabels { scratch.slotLogits[slot] = scratch.logits[label] }
        }
        if screen, let screenModel {
            if !haveScreenLogits {
                // The screen model writes its own logits buffer: sharing the topic model's (400 labels
                // against 8) would reallocate it twice a message.
                swap(&scratch.logits, &scratch.screenLogits)
                if haveFeatures, screenModel.hasher == model?.hasher {
                    screenModel.predictFromFeatures(scratch: &scratch, minimumDivisor: tuning.evidenceDivisor)
                } else {
                    screenModel.predict(normalized: text, scratch: &scratch, minimumDivisor: tuning.evidenceDivisor)
                }
                swap(&scratch.logits, &scratch.screenLogits)
            }
            for (label, p) in scratch.screenLogits.enumerated() where screenLabelSlot[label] >= 0 {
                let slot = Int(screenLabelSlot[label])
                let main = scratch.slotLogits[slot]
                scratch.slotLogits[slot] = main == -.infinity ? p : (1 - tuning.screenMix) * main + tuning.screenMix * p
                scratch.slotLowest[slot] = min(main == -.infinity ? p : main, p)
            }
        }
        return best
    }

    /// Raises the flags whose slot scores (from ``scoreModels(_:screen:scratch:)``) clear their bars.
    /// `short`: the text had too few features for the models to judge (see
    /// ``ClassifierTuning/shortMessageThreshold``).
    func applyModelBars(best: (label: Int, logit: Float), short: Bool, raise: Float = 0,
                        scratch: inout ClassifierScratch) {
        for slot in 0..<8 {
            // Context moves the bar: a weak term of the category lowers it; without one, a confident
            // everyday topic raises it.
            let context = scratch.weakCount[slot] > 0 ? -tuning.weakTermBonus
                : (best.logit >= tuning.confidentTopicLogit ? tuning.confidentTopicPenalty : 0)
            let bar = slot == 7 ? tuning.modelCrisisThreshold : tuning.modelSensitiveThreshold + tuning.offsets[slot]
            let threshold = short ? tuning.shortMessageThreshold : bar + context + (slot == 7 ? raise * 2 : raise)
            // Crisis keeps the blended bar alone: a missed crisis costs far more than a false one.
            let agreed = slot == 7 || scratch.slotLowest[slot] >= threshold - tuning.modelAgreementMargin
            if scratch.slotLogits[slot] >= threshold && agreed { scratch.strong[slot] = true }
        }
    }

    /// Screens a long message window by window (see ``ClassifierTuning/windowUnits``): the models average
    /// their features over the whole text, so one sensitive clause in a long everyday request is diluted
    /// by everything around it. In a message of more than `windowMinimumUnits` units, each window of
    /// `windowUnits` units, `windowStride` apart (the last one ending with the text), is scored on its own
    /// against bars `windowPenalty` higher (twice that for crisis); a flag any window raises stands.
    func screenWindows(scratch: inout ClassifierScratch) {
        let size = tuning.windowUnits, stride = tuning.windowStride
        guard size > 0, stride > 0 else { return }
        Self.units(of: scratch.bytes, cjkScalars: tuning.windowCJKScalars, into: &scratch.units)
        let n = scratch.units.count
        guard n > max(size, tuning.windowMinimumUnits) else { return }
        var text: [UInt8] = []
        swap(&text, &scratch.window)
        var start = 0
        while true {
            let end = min(start + size, n)
            let lo = Int(scratch.units[start].start), hi = Int(scratch.units[end - 1].end)
            text.removeAll(keepingCapacity: true)
            text.append(0x20)
            text.append(contentsOf: scratch.bytes[lo..<hi])
            text.append(0x20)
            let best = scoreModels(text, screen: true, scratch: &scratch)
            applyModelBars(best: best, short: false, raise: tuning.windowPenalty, scratch: &scratch)
            if end == n { break }
            start = min(start + stride, n - size)
        }
        swap(&text, &scratch.window)
    }

    /// The byte ranges of normalised text's units: its space-separated words, with a run written without
    /// spaces (CJK, see ``FeatureHasher/startsUnspacedRun(_:)``) cut into pieces of `cjkScalars` scalars.
    static func units(of bytes: [UInt8], cjkScalars: Int, into out: inout [(start: Int32, end: Int32)]) {
        out.removeAll(keepingCapacity: true)
        let n = bytes.count
        var i = 0
        while i < n {
            while i < n && bytes[i] == 0x20 { i += 1 }
            if i >= n { break }
            var j = i
            while j < n && bytes[j] != 0x20 { j += 1 }
            if FeatureHasher.startsUnspacedRun(bytes[i]) && cjkScalars > 0 {
                var pieceStart = i, scalars = 0, k = i
                while k < j {
                    if bytes[k] & 0xC0 != 0x80 {
                        if scalars == cjkScalars {
                            out.append((Int32(pieceStart), Int32(k)))
                            pieceStart = k
                            scalars = 0
                        }
                        scalars += 1
                    }
                    k += 1
                }
                out.append((Int32(pieceStart), Int32(j)))
            } else {
                out.append((Int32(i), Int32(j)))
            }
            i = j
        }
    }
}
