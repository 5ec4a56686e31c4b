/// The classifier's per-message steps that `classify` calls: the best topic label, guard coverage, terms with
/// gaps, topic evidence and screen slots. Internal, and allocation-free like the hot path they serve.
extension Classifier {
    /// The topic label with the largest logit (the first of equals) and that logit, or (-1, -inf) without
    /// topic labels. Eight running maxima first, then a scan, eight lanes at a time, for the first label that
    /// holds the maximum.
    static func bestTopic(_ logits: [Float], _ topicOf: [Int32]) -> (label: Int, logit: Float) {
        logits.withUnsafeBufferPointer { lg in
            let n = lg.count
            guard let base = lg.baseAddress else { return (-1, -.infinity) }
            let raw = UnsafeRawPointer(base)
            var lanes = SIMD8<Float>(repeating: -.infinity)
            var i = 0
            while i + 8 <= n {
                // A compare and select: the standard library's `pointwiseMax` handles NaN lane by lane and
                // was not inlined (3% of a whole classify run); logits are never NaN.
                let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                lanes.replace(with: v, where: v .> lanes)
                i += 8
            }
            var top = lanes.max()
            while i < n { top = max(top, lg[i]); i += 1 }
            // Blocks of eight that hold the maximum somewhere; then the lanes of such a block in order.
            let wanted = SIMD8<Float>(repeating: top)
            var l = 0
            while l + 8 <= n {
                if any(raw.loadUnaligned(fromByteOffset: l * 4, as: SIMD8<Float>.self) .== wanted) {
                    for k in l..<(l + 8) where lg[k] == top && topicOf[k] >= 0 { return (k, top) }
                }
                l += 8
            }
            while l < n {
                if lg[l] == top && topicOf[l] >= 0 { return (l, top) }
                l += 1
            }
            // The largest logit is a screen label's: look among the topic labels only.
            var best: (label: Int, logit: Float) = (-1, -.infinity)
            for l in 0..<n where topicOf[l] >= 0 && lg[l] > best.logit { best = (l, lg[l]) }
            return best
        }
    }

    /// Whether a guard phrase covers the byte range `start..<end` (a sensitive match inside it is ignored).
    @inline(__always)
    static func isGuarded(_ start: Int32, _ end: Int32, _ guards: [(start: Int32, end: Int32)]) -> Bool {
        guards.contains { $0.start <= start && end <= $0.end }
    }

    /// How many words come before byte `start` of normalised text (which starts with a space and separates
    /// words by one).
    @inline(__always)
    static func wordsBefore(_ start: Int32, _ bytes: [UInt8]) -> Int {
        var spaces = 0
        for i in 0..<Int(start) where bytes[i] == 0x20 { spaces += 1 }
        return spaces - 1
    }

    /// Turns the parts of terms with gaps found in the text into matches of their terms: each part must
    /// start after the previous one ends, with at most ``Lexicon/maxGapWords`` words between them. The
    /// match spans the first part's start to the last part's end. Parts arrive in text order.
    func completeGapTerms(_ scratch: inout ClassifierScratch) {
        let parts = scratch.gapParts
        for (i, first) in parts.enumerated() where first.part == 0 {
            var end = first.end, next: Int32 = 1
            let count = lexicon.gapTerms[Int(first.term)].parts
            for candidate in parts[(i + 1)...] where candidate.term == first.term && candidate.part == next {
                guard candidate.start >= end else { continue }
                var spaces = 0
                for b in end..<candidate.start where scratch.bytes[Int(b)] == 0x20 { spaces += 1 }
                guard spaces - 1 <= Lexicon.maxGapWords else { break }
                end = candidate.end
                next += 1
                if next == count { break }
            }
            if next == count { scratch.matches.append((lexicon.gapTerms[Int(first.term)].entry, first.start, end)) }
        }
    }

    /// Adds evidence to a node and to its tier-1 ancestor (intermediate nodes only count when hit directly).
    @inline(__always)
    func addTopic(_ index: Int32, _ weight: Float, _ scratch: inout ClassifierScratch) {
        if scratch.topicScores[Int(index)] == 0 { scratch.touched.append(index) }
        scratch.topicScores[Int(index)] += weight
        let top = tier1Index[Int(index)]
        if top != index {
            if scratch.topicScores[Int(top)] == 0 { scratch.touched.append(top) }
            scratch.topicScores[Int(top)] += weight
        }
    }

    @inline(__always)
    func slotOf(_ target: LexiconEntry.Target) -> Int {
        switch target {
        case .sensitive(let c): SensitiveCategory.allCases.firstIndex(of: c)!
        default: 7
        }
    }

    /// Whether the models know the message's script and enough of its words to be asked about it (see
    /// ``modelScripts`` and ``modelVocabulary``).
    func modelsCanRead(_ bytes: [UInt8]) -> Bool {
        // Plain ASCII is Latin: the script scan is for the rest.
        if let modelScripts, !modelScripts.contains(.latin) || bytes.contains(where: { $0 >= 0x80 }),
            modelScripts.isMostlyForeign(normalized: bytes) {
            return false
        }
        guard let modelVocabulary else { return true }
        let words = modelVocabulary.knownWords(inNormalized: bytes)
        return words.total < tuning.minimumCountedWords
            || Float(words.known) >= tuning.minimumKnownWordShare * Float(words.total)
    }
}
