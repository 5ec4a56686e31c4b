import Dispatch
import Foundation

/// One labelled training row. Labels are any strings: IAB ids, `sensitive:<code>`, or a user's own.
///
/// A row says that each of its `labels` applies and every other label does not, except the labels
/// that start with one of its `ignored` prefixes: about those the row says nothing, and training
/// leaves their outputs alone for it. An everyday image request labelled with its topic and ignoring
/// `sensitive:` teaches "not a crisis" without teaching that image requests are never sensitive.
public struct TrainingExample: Sendable, Hashable {
    public var text: String
    public var labels: [String]
    /// Label prefixes this row neither confirms nor denies.
    public var ignored: [String]

    public init(text: String, labels: [String], ignored: [String] = []) {
        self.text = text
        self.labels = labels
        self.ignored = ignored
    }
}

/// Hyper-parameters for ``ModelTrainer``.
public struct TrainingOptions: Sendable, Hashable {
    public var dim = 32
    public var epochs = 5
    public var learningRate: Float = 0.5
    public var hasher = FeatureHasher()
    /// Negative labels sampled per example; 0 updates every label (exact one-vs-all).
    public var negatives = 0
    /// Worker threads; each trains a replica on its shard and replicas are averaged regularly.
    public var threads = 2
    public var seed: UInt64 = 1
    /// Examples each worker processes between averaging rounds.
    public var syncEvery = 4096

    public init() {}
}

/// Progress reported while training.
public struct TrainingProgress: Sendable {
    public var epoch: Int
    public var epochs: Int
    public var processed: Int
    public var total: Int
    public var averageLoss: Double
    public var examplesPerSecond: Double
}

/// Trains a ``HashedLinearModel`` with SGD. Deterministic for a given seed, options and input order.
public enum ModelTrainer {
    /// Trains on `examples`. `progress` is called after each averaging round from the calling thread.
    public static func train(_ examples: [TrainingExample], options: TrainingOptions,
                             progress: (TrainingProgress) -> Void = { _ in }) -> HashedLinearModel {
        // Labels in first-seen order so that the output is deterministic.
        var labelIndex: [String: Int32] = [:]
        var labels: [String] = []
        for e in examples { for l in e.labels where labelIndex[l] == nil { labelIndex[l] = Int32(labels.count); labels.append(l) } }
        if labels.isEmpty { labels = ["none"] }

        // Featurise once.
        var featStart: [Int] = [0], feats: [UInt32] = [], labStart: [Int] = [0], labs: [Int32] = []
        var skipStart: [Int] = [0], skips: [Int32] = []
        var bytes: [UInt8] = [], buffer: [UInt32] = []
        var scriptRows = [Int](repeating: 0, count: Script.allCases.count)
        var wordHashes = Set<UInt32>()
        for e in examples {
            TextNormalizer.normalize(e.text, into: &bytes)
            KnownWords.forEachCountedWord(bytes) { wordHashes.insert($0) }
            if let script = Script.dominant(inNormalized: bytes) { scriptRows[script.rawValue] += 1 }
            options.hasher.features(of: bytes, into: &buffer)
            feats.append(contentsOf: buffer)
            featStart.append(feats.count)
            labs.append(contentsOf: e.labels.compactMap { labelIndex[$0] })
            labStart.append(labs.count)
            if !e.ignored.isEmpty {
                for (k, label) in labels.enumerated() where !e.labels.contains(label) && e.ignored.contains(where: label.hasPrefix) {
                    skips.append(Int32(k))
                }
            }
            skipStart.append(skips.count)
        }

        let dim = options.dim, buckets = options.hasher.buckets, labelCount = labels.count
        let threads = max(1, min(options.threads, 16))
        var rng = SplitMix64(seed: options.seed)
        var initial = [Float](repeating: 0, count: buckets * dim)
        let bound = 1 / Float(dim)
        for i in 0..<initial.count { initial[i] = (rng.nextFloat() * 2 - 1) * bound }
        let replicas = (0..<threads).map { _ in Replica(embeddings: initial, labels: labelCount, dim: dim) }
        initial = []

        let n = examples.count
        let shards: [[Int]] = (0..<threads).map { t in Array(stride(from: t, to: n, by: threads)) }
        let totalSteps = max(1, n * options.epochs)
        let start = DispatchTime.now().uptimeNanoseconds
        var processed = 0

        for epoch in 0..<options.epochs {
            let orders: [[Int]] = shards.enumerated().map { t, shard in
                var order = shard
                var r = SplitMix64(seed: options.seed &+ UInt64(epoch) &* 1_000_003 &+ UInt64(t))
                order.shuffle(using: &r)
                return order
            }
            var cursor = 0
            let longest = orders.map(\.count).max() ?? 0
            while cursor < longest {
                let end = min(cursor + options.syncEvery, longest)
                let base = processed, roundStart = cursor, roundEnd = end, epochSeed = UInt64(epoch * 7919)
                let data = FlatData(featStart: featStart, feats: feats, labStart: labStart, labs: labs,
                                    skipStart: skipStart, skips: skips)
                if threads > 1 { for r in replicas { r.beginRound() } }
                parallelFor(threads) { t in
                    let replica = replicas[t]
                    let order = orders[t]
                    var r = SplitMix64(seed: options.seed ^ (epochSeed &+ UInt64(t)) &+ UInt64(roundStart))
                    var step = base
                    data.featStart.withUnsafeBufferPointer { fs in
                        data.feats.withUnsafeBufferPointer { f in
                            data.labStart.withUnsafeBufferPointer { ls in
                                data.labs.withUnsafeBufferPointer { l in
                                    data.skips.withUnsafeBufferPointer { sk in
                                        for k in roundStart..<min(roundEnd, order.count) {
                                            let i = order[k]
                                            let progressFraction = Float(step) / Float(totalSteps)
                                            let lr = options.learningRate * max(0.0001, 1 - progressFraction)
                                            replica.update(features: f, fs[i]..<fs[i + 1], labels: l, ls[i]..<ls[i + 1],
                                                           skipping: sk, data.skipStart[i]..<data.skipStart[i + 1],
                                                           lr: lr, negatives: options.negatives, rng: &r)
                                            step += threads
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                processed += (0..<threads).reduce(0) { $0 + max(0, min(end, orders[$1].count) - cursor) }
                if threads > 1 { Replica.merge(replicas) } else { replicas[0].clearTouched() }
                let loss = replicas.reduce(0.0) { $0 + $1.takeLoss() }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                progress(TrainingProgress(epoch: epoch + 1, epochs: options.epochs, processed: processed,
                                          total: totalSteps, averageLoss: loss,
                                          examplesPerSecond: Double(processed) / max(seconds, 1e-9)))
                cursor = end
            }
        }
        let r = replicas[0]
        return HashedLinearModel(hasher: options.hasher, dim: dim, labels: labels,
                                 embeddings: Array(r.embeddings), output: Array(r.output), bias: Array(r.bias),
                                 scripts: ScriptSet.dominant(rows: scriptRows, total: examples.count),
                                 knownWords: KnownWords(sized: wordHashes))
    }
}

/// One worker's copy of the parameters. Only its own worker touches it between averaging rounds.
final class Replica: @unchecked Sendable {
    let embeddings: UnsafeMutableBufferPointer<Float>
    let output: UnsafeMutableBufferPointer<Float>
    let bias: UnsafeMutableBufferPointer<Float>
    let hidden: UnsafeMutableBufferPointer<Float>
    let gradient: UnsafeMutableBufferPointer<Float>
    let dim: Int
    let labelCount: Int
    var lossSum = 0.0
    var lossCount = 0
    /// Rows of `embeddings` changed this round, and their values at the start of the round.
    var touched: [Int32] = []
    var saved: [Float] = []
    /// Row → position in `touched` + 1 for this round (0 = untouched).
    let touchedSlot: UnsafeMutableBufferPointer<Int32>
    /// Dense parameters at the start of the round.
    var outputBase: [Float] = []
    var biasBase: [Float] = []

    init(embeddings: [Float], labels: Int, dim: Int) {
        touchedSlot = .allocate(capacity: embeddings.count / dim)
        touchedSlot.initialize(repeating: 0)
        self.embeddings = .allocate(capacity: embeddings.count)
        _ = self.embeddings.initialize(from: embeddings)
        output = .allocate(capacity: labels * dim)
        output.initialize(repeating: 0)
        bias = .allocate(capacity: labels)
        bias.initialize(repeating: 0)
        hidden = .allocate(capacity: dim)
        gradient = .allocate(capacity: dim)
        self.dim = dim
        self.labelCount = labels
    }

    deinit {
        embeddings.deallocate(); output.deallocate(); bias.deallocate(); hidden.deallocate(); gradient.deallocate()
        touchedSlot.deallocate()
    }

    func takeLoss() -> Double {
        defer { lossSum = 0; lossCount = 0 }
        return lossCount > 0 ? lossSum / Double(lossCount) : 0
    }

    /// One SGD step on a row: its features `f[fr]`, its labels `l[lr]`, and the labels `s[sr]` it says
    /// nothing about (neither positives nor negatives; empty for most rows).
    func update(features f: UnsafeBufferPointer<UInt32>, _ fr: Range<Int>, labels l: UnsafeBufferPointer<Int32>,
                _ lr: Range<Int>, skipping s: UnsafeBufferPointer<Int32>, _ sr: Range<Int>,
                lr rate: Float, negatives: Int, rng: inout SplitMix64) {
        guard !fr.isEmpty else { return }
        for d in 0..<dim { hidden[d] = 0; gradient[d] = 0 }
        for k in fr {
            let row = Int(f[k]) * dim
            for d in 0..<dim { hidden[d] += embeddings[row + d] }
        }
        let inv = 1 / Float(max(fr.count, HashedLinearModel.minimumDivisor))
        for d in 0..<dim { hidden[d] *= inv }

        func train(_ label: Int, _ target: Float) {
            let row = label * dim
            var s = bias[label]
            for d in 0..<dim { s += output[row + d] * hidden[d] }
            let p = 1 / (1 + exp(-s))
            lossSum -= Double(target > 0 ? log(max(p, 1e-7)) : log(max(1 - p, 1e-7)))
            lossCount += 1
            let g = rate * (target - p)
            for d in 0..<dim {
                gradient[d] += g * output[row + d]
                output[row + d] += g * hidden[d]
            }
            bias[label] += g
        }
        func skipped(_ label: Int) -> Bool {
            for k in sr where Int(s[k]) == label { return true }
            return false
        }
        if negatives <= 0 || negatives >= labelCount {
            for label in 0..<labelCount where !skipped(label) {
                var positive = false
                for k in lr where Int(l[k]) == label { positive = true; break }
                train(label, positive ? 1 : 0)
            }
        } else {
            for k in lr { train(Int(l[k]), 1) }
            for _ in 0..<negatives {
                let label = Int(rng.next() % UInt64(labelCount))
                var positive = false
                for k in lr where Int(l[k]) == label { positive = true; break }
                if !positive && !skipped(label) { train(label, 0) }
            }
        }
        let scale = inv
        for k in fr {
            let r = Int(f[k])
            if touchedSlot[r] == 0 {
                touched.append(Int32(r))
                touchedSlot[r] = Int32(touched.count)
                saved.append(contentsOf: UnsafeBufferPointer(rebasing: embeddings[(r * dim)..<((r + 1) * dim)]))
            }
            let row = r * dim
            for d in 0..<dim { embeddings[row + d] += gradient[d] * scale }
        }
    }

    func clearTouched() {
        for row in touched { touchedSlot[Int(row)] = 0 }
        touched.removeAll(keepingCapacity: true)
        saved.removeAll(keepingCapacity: true)
    }

    /// Starts a round: remembers the dense parameters so that the round's changes can be summed.
    func beginRound() {
        outputBase = Array(output)
        biasBase = Array(bias)
    }

    /// Ends a round for all replicas: every parameter becomes its start value plus the sum of every
    /// replica's change (synchronous SGD over shards, deterministic). Averaging instead would halve
    /// the step of every embedding row that only one shard touched.
    static func merge(_ replicas: [Replica]) {
        let dim = replicas[0].dim
        for (i, r) in replicas.enumerated() {
            for (slot, row32) in r.touched.enumerated() {
                let row = Int(row32)
                // Process each row once: skip it if an earlier replica touched it too.
                if replicas[..<i].contains(where: { $0.touchedSlot[row] != 0 }) { continue }
                let base = r.saved[(slot * dim)..<((slot + 1) * dim)]
                for d in 0..<dim {
                    let b = base[base.startIndex + d]
                    var value = b
                    for other in replicas { value += other.embeddings[row * dim + d] - b }
                    for other in replicas { other.embeddings[row * dim + d] = value }
                }
            }
        }
        for r in replicas {
            for row in r.touched { r.touchedSlot[Int(row)] = 0 }
            r.touched.removeAll(keepingCapacity: true)
            r.saved.removeAll(keepingCapacity: true)
        }
        let base = replicas[0].outputBase, biasBase = replicas[0].biasBase
        for k in 0..<base.count {
            var value = base[k]
            for r in replicas { value += r.output[k] - base[k] }
            for r in replicas { r.output[k] = value }
        }
        for k in 0..<biasBase.count {
            var value = biasBase[k]
            for r in replicas { value += r.bias[k] - biasBase[k] }
            for r in replicas { r.bias[k] = value }
        }
    }
}

/// Read-only training arrays shared by the workers.
struct FlatData: @unchecked Sendable {
    let featStart: [Int], feats: [UInt32], labStart: [Int], labs: [Int32]
    /// Each row's ignored label indices: `skips[skipStart[i]..<skipStart[i + 1]]`.
    let skipStart: [Int], skips: [Int32]
}

/// A small, fast, seedable generator (SplitMix64).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextFloat() -> Float { Float(next() >> 40) / Float(1 << 24) }
}
