import Foundation

/// A fastText-style classifier: hashed word, word-bigram and character n-gram features are averaged
/// into a small dense vector, and one logistic output per label scores it (one-vs-all).
///
/// Embedding rows are kept as they are stored, int8 with one scale per row: a quarter of the memory of
/// float rows, so a message's feature rows cost a quarter of the cache misses (the largest cost of a
/// prediction with a big hash table) and a model loads without expanding.
///
/// Immutable and `Sendable`; ``predict(normalized:scratch:)`` writes into caller-owned scratch and
/// allocates nothing once the scratch has grown.
public struct HashedLinearModel: Sendable {
    public let hasher: FeatureHasher
    public let dim: Int
    public let labels: [String]
    /// The scripts of its training text (see ``Script``), or nil for a model file that does not record
    /// them. A message mostly written in other scripts is one the model knows nothing about.
    public let scripts: ScriptSet?
    /// The words of its training text (see ``KnownWords``), or nil for a model file without them.
    public let knownWords: KnownWords?
    /// buckets × dim, row-major, int8; row r is `rowScale[r] * Float(quantized[r * dim + d])`.
    let quantized: [Int8]
    /// One scale per bucket.
    let rowScale: [Float]
    /// labels × dim, row-major.
    let output: [Float]
    let bias: [Float]
    /// The output layer again, eight labels per block, for scoring without horizontal sums: block g holds,
    /// for each d, labels 8g..<8g+8's weights for d (zero past the last label). With one label per row,
    /// each logit ended in a chain of eight dependent scalar adds, which was most of the output layer's
    /// time (itself a tenth of a classify run).
    private let outputBlocks: [SIMD8<Float>]
    private let biasBlocks: [SIMD8<Float>]

    /// The feature average divides by at least this many features, in training and (by default) in
    /// prediction.
    /// A one-word message has one or two features, and a plain average would let a single hashed
    /// (often shared) bucket speak at full strength: "x" alone used to raise every sensitive label.
    /// Shrinking short inputs toward zero leaves the labels' priors (the biases) in charge instead.
    public static let minimumDivisor = 8

    /// A model from float embeddings (as training leaves them); rows are quantised here, exactly as a
    /// saved and reloaded model has them.
    init(hasher: FeatureHasher, dim: Int, labels: [String], embeddings: [Float], output: [Float], bias: [Float],
         scripts: ScriptSet? = nil, knownWords: KnownWords? = nil) {
        var quantized = [Int8](repeating: 0, count: embeddings.count)
        var rowScale = [Float](repeating: 0, count: hasher.buckets)
        for r in 0..<hasher.buckets {
            var maxAbs: Float = 0
            for d in 0..<dim { maxAbs = max(maxAbs, abs(embeddings[r * dim + d])) }
            let scale = maxAbs > 0 ? maxAbs / 127 : 0
            rowScale[r] = scale
            if scale > 0 {
                for d in 0..<dim { quantized[r * dim + d] = Int8(clamping: Int((embeddings[r * dim + d] / scale).rounded())) }
            }
        }
        self.init(hasher: hasher, dim: dim, labels: labels, quantized: quantized, rowScale: rowScale, output: output,
                  bias: bias, scripts: scripts, knownWords: knownWords)
    }

    init(hasher: FeatureHasher, dim: Int, labels: [String], quantized: [Int8], rowScale: [Float], output: [Float],
         bias: [Float], scripts: ScriptSet? = nil, knownWords: KnownWords? = nil) {
        self.hasher = hasher
        self.dim = dim
        self.labels = labels
        self.scripts = scripts
        self.knownWords = knownWords
        self.quantized = quantized
        self.rowScale = rowScale
        self.output = output
        self.bias = bias
        let groups = (labels.count + 7) / 8
        var blocks = [SIMD8<Float>](repeating: .zero, count: groups * dim)
        var biasBlocks = [SIMD8<Float>](repeating: .zero, count: groups)
        for l in 0..<labels.count {
            biasBlocks[l / 8][l % 8] = bias[l]
            for d in 0..<dim { blocks[(l / 8) * dim + d][l % 8] = output[l * dim + d] }
        }
        self.outputBlocks = blocks
        self.biasBlocks = biasBlocks
    }

    /// Scores every label for normalised text; raw logits land in `scratch.logits`. The feature average
    /// divides by at least `minimumDivisor` features (see ``ClassifierTuning/evidenceDivisor``).
    public func predict(normalized text: [UInt8], scratch: inout ClassifierScratch, minimumDivisor: Int = Self.minimumDivisor) {
        hasher.features(of: text, into: &scratch.features)
        predictFromFeatures(scratch: &scratch, minimumDivisor: minimumDivisor)
    }

    /// Scores every label from the hashed features already in `scratch.features` (computed by a model
    /// with the same ``hasher``); raw logits land in `scratch.logits`.
    public func predictFromFeatures(scratch: inout ClassifierScratch, minimumDivisor: Int = Self.minimumDivisor) {
        if scratch.hidden.count != dim { scratch.hidden = [Float](repeating: 0, count: dim) }
        if scratch.logits.count != labels.count { scratch.logits = [Float](repeating: 0, count: labels.count) }
        let count = scratch.features.count
        let dim = self.dim
        scratch.hidden.withUnsafeMutableBufferPointer { h in
            for d in 0..<dim { h[d] = 0 }
            guard count > 0 else { return }
            let inv = 1 / Float(max(count, minimumDivisor))
            quantized.withUnsafeBufferPointer { q in
                rowScale.withUnsafeBufferPointer { scales in
                    if dim % 8 == 0 {
                        let lanes = dim / 8
                        let raw = UnsafeRawPointer(q.baseAddress!)
                        h.withMemoryRebound(to: SIMD8<Float>.self) { h8 in
                            for f in scratch.features {
                                let row = Int(f)
                                let scale = SIMD8<Float>(repeating: scales[row])
                                let base = row * dim
                                for k in 0..<lanes {
                                    let bytes = raw.loadUnaligned(fromByteOffset: base + k * 8, as: SIMD8<Int8>.self)
                                    h8[k] += SIMD8<Float>(bytes) * scale
                                }
                            }
                            for k in 0..<lanes { h8[k] *= SIMD8(repeating: inv) }
                        }
                    } else {
                        for f in scratch.features {
                            let row = Int(f)
                            let scale = scales[row]
                            for d in 0..<dim { h[d] += Float(q[row * dim + d]) * scale }
                        }
                        for d in 0..<dim { h[d] *= inv }
                    }
                }
            }
        }
        scores(hidden: scratch.hidden, into: &scratch.logits)
    }

    /// Every label's logit for a hidden vector: out[l] = bias[l] + w[l] · h.
    func scores(hidden: [Float], into logits: inout [Float]) {
        let labelCount = labels.count, dim = self.dim, groups = biasBlocks.count
        if logits.count != labelCount { logits = [Float](repeating: 0, count: labelCount) }
        logits.withUnsafeMutableBufferPointer { out in
            hidden.withUnsafeBufferPointer { h in
                outputBlocks.withUnsafeBufferPointer { w in
                    biasBlocks.withUnsafeBufferPointer { b in
                        var g = 0
                        // Four blocks (32 labels) at a time: four independent accumulation chains.
                        while g + 4 <= groups {
                            var a0 = b[g], a1 = b[g + 1], a2 = b[g + 2], a3 = b[g + 3]
                            let r0 = g * dim, r1 = r0 + dim, r2 = r1 + dim, r3 = r2 + dim
                            for d in 0..<dim {
                                let hd = SIMD8<Float>(repeating: h[d])
                                a0 += w[r0 + d] * hd
                                a1 += w[r1 + d] * hd
                                a2 += w[r2 + d] * hd
                                a3 += w[r3 + d] * hd
                            }
                            Self.store(a0, g, labelCount, out); Self.store(a1, g + 1, labelCount, out)
                            Self.store(a2, g + 2, labelCount, out); Self.store(a3, g + 3, labelCount, out)
                            g += 4
                        }
                        while g < groups {
                            var acc = b[g]
                            for d in 0..<dim { acc += w[g * dim + d] * SIMD8<Float>(repeating: h[d]) }
                            Self.store(acc, g, labelCount, out)
                            g += 1
                        }
                    }
                }
            }
        }
    }

    /// Writes block `g`'s logits (labels 8g..<8g+8, those that exist).
    @inline(__always)
    private static func store(_ block: SIMD8<Float>, _ g: Int, _ labels: Int, _ out: UnsafeMutableBufferPointer<Float>) {
        let first = g * 8
        if first + 8 <= labels {
            UnsafeMutableRawPointer(out.baseAddress! + first).storeBytes(of: block, as: SIMD8<Float>.self)
        } else {
            for j in 0..<(labels - first) { out[first + j] = block[j] }
        }
    }

    /// The `k` best labels and their probabilities for normalised text, best first.
    public func top(_ k: Int, normalized text: [UInt8], scratch: inout ClassifierScratch) -> [(label: Int, probability: Float)] {
        predict(normalized: text, scratch: &scratch)
        var best: [(label: Int, probability: Float)] = []
        best.reserveCapacity(k + 1)
        for (l, s) in scratch.logits.enumerated() {
            if best.count < k || s > best[best.count - 1].probability {
                var pos = best.count
                while pos > 0 && best[pos - 1].probability < s { pos -= 1 }
                best.insert((l, s), at: pos)
                if best.count > k { best.removeLast() }
            }
        }
        return best.map { ($0.label, Self.sigmoid($0.probability)) }
    }

    /// The `k` best labels for raw text (normalises into the scratch buffer first).
    public func top(_ k: Int, text: String, scratch: inout ClassifierScratch) -> [(label: Int, probability: Float)] {
        TextNormalizer.normalize(text, into: &scratch.bytes)
        return top(k, normalized: scratch.bytes, scratch: &scratch)
    }

    @inline(__always)
    public static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }
}
