/// The topic model and the screen model, when they share their features, with their embedding rows
/// side by side: bucket r's two int8 rows (32 + 32 bytes for the shipped models) sit in one cache line,
/// so a message's features cost one cache miss each instead of two (the screen model's separate table
/// had made the classifier about a third slower).
///
/// The row sums repeat `HashedLinearModel.predictFromFeatures`'s loop for two models in one pass: calling
/// that loop once per model (the second pass finding the rows in cache) measured 124 µs against 110-115 µs
/// per 12 messages in the package benchmark.
///
/// A class, so that the classifier's `if let paired` costs one retain: as a struct, every message copied
/// its two models' arrays (about ten retains and releases). In `perf` of a whole `classify` run,
/// swift_retain and swift_release fell from 2.8% to 1.5%; the package benchmark does not resolve it.
final class PairedModels: Sendable {
    let first: HashedLinearModel
    let second: HashedLinearModel
    /// buckets × (first.dim + second.dim) int8, row r = first's row r then second's row r, at a 64-byte
    /// aligned address: a Swift array's elements start 32 bytes into its allocation, so every 64-byte row
    /// straddled two cache lines and cost two misses.
    private let rows: AlignedBytes
    /// buckets × 2 scales.
    private let scales: [Float]

    /// Nil unless both models hash the same features and have dimensions that are multiples of 8.
    init?(_ first: HashedLinearModel, _ second: HashedLinearModel) {
        guard first.hasher == second.hasher, first.dim % 8 == 0, second.dim % 8 == 0 else { return nil }
        let buckets = first.hasher.buckets, a = first.dim, b = second.dim
        let rows = AlignedBytes(count: buckets * (a + b))
        var scales = [Float](repeating: 0, count: buckets * 2)
        let out = rows.base.assumingMemoryBound(to: Int8.self)
        for r in 0..<buckets {
            for d in 0..<a { out[r * (a + b) + d] = first.quantized[r * a + d] }
            for d in 0..<b { out[r * (a + b) + a + d] = second.quantized[r * b + d] }
            scales[2 * r] = first.rowScale[r]
            scales[2 * r + 1] = second.rowScale[r]
        }
        self.first = first
        self.second = second
        self.rows = rows
        self.scales = scales
    }

    /// Both models' logits for normalised text: the first's in `scratch.logits`, the second's in
    /// `secondLogits`; the features are left in `scratch.features`. The feature average divides by at
    /// least `minimumDivisor` features.
    func predict(normalized text: [UInt8], scratch: inout ClassifierScratch, secondLogits: inout [Float], minimumDivisor: Int) {
        first.hasher.features(of: text, into: &scratch.features)
        let a = first.dim, b = second.dim, width = a + b
        if scratch.hidden.count != a { scratch.hidden = [Float](repeating: 0, count: a) }
        if scratch.secondHidden.count != b { scratch.secondHidden = [Float](repeating: 0, count: b) }
        let inv = SIMD8<Float>(repeating: 1 / Float(max(scratch.features.count, minimumDivisor)))
        let empty = scratch.features.isEmpty
        let raw = UnsafeRawPointer(rows.base)
        scratch.hidden.withUnsafeMutableBufferPointer { h1 in
            scratch.secondHidden.withUnsafeMutableBufferPointer { h2 in
                for d in 0..<a { h1[d] = 0 }
                for d in 0..<b { h2[d] = 0 }
                guard !empty else { return }
                h1.withMemoryRebound(to: SIMD8<Float>.self) { x in
                    h2.withMemoryRebound(to: SIMD8<Float>.self) { y in
                        scales.withUnsafeBufferPointer { s in
                            // Touch every row and its scales first: a short loop lets the CPU keep many
                            // cache misses in flight, which the long accumulation loop below cannot. The
                            // scales live in their own array, so they are a second miss per feature (`perf`
                            // had put a third of this function's time on the scale load when only rows were
                            // touched).
                            var touched: Int8 = 0
                            var touchedScales: UInt32 = 0
                            for f in scratch.features {
                                touched |= raw.load(fromByteOffset: Int(f) * width, as: Int8.self)
                                touchedScales |= s[2 * Int(f)].bitPattern
                            }
                            if touched == .min && touchedScales == 1 { scratch.touchedRows &+= 1 }
                            for f in scratch.features {
                                let r = Int(f), base = r * width
                                let s1 = SIMD8<Float>(repeating: s[2 * r]), s2 = SIMD8<Float>(repeating: s[2 * r + 1])
                                for k in 0..<(a / 8) {
                                    x[k] += SIMD8<Float>(raw.loadUnaligned(fromByteOffset: base + 8 * k, as: SIMD8<Int8>.self)) * s1
                                }
                                for k in 0..<(b / 8) {
                                    y[k] += SIMD8<Float>(raw.loadUnaligned(fromByteOffset: base + a + 8 * k, as: SIMD8<Int8>.self)) * s2
                                }
                            }
                            for k in 0..<(a / 8) { x[k] *= inv }
                            for k in 0..<(b / 8) { y[k] *= inv }
                        }
                    }
                }
            }
        }
        first.scores(hidden: scratch.hidden, into: &scratch.logits)
        second.scores(hidden: scratch.secondHidden, into: &secondLogits)
    }
}

/// Zeroed bytes at a 64-byte aligned address (one cache line), never mutated after their owner's init.
final class AlignedBytes: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(byteCount: max(count, 1), alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
    }

    deinit { base.deallocate() }
}
