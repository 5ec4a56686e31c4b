import Foundation

/// The binary model file: a small header, the labels, int8-quantised embedding rows with one scale
/// each, and float32 output weights. Little-endian. Version 2 (`ESHM0002`) adds the training text's
/// scripts to the header and its known words (a Bloom filter) at the end; version 1 files still load,
/// with neither recorded.
extension HashedLinearModel {
    /// Why a model file could not be read.
    public struct FormatError: Error, CustomStringConvertible, Sendable {
        public let reason: String
        public var description: String { "model file: \(reason)" }
    }

    static let magic: [UInt8] = Array("ESHM0002".utf8)
    static let magicVersion1: [UInt8] = Array("ESHM0001".utf8)

    /// The model as bytes for a file.
    public func serialized() -> [UInt8] {
        let version2 = scripts != nil || knownWords != nil
        var out = version2 ? Self.magic : Self.magicVersion1
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        func f32(_ v: Float) { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        u32(dim); u32(hasher.buckets); u32(hasher.wordNgrams); u32(hasher.charMin); u32(hasher.charMax)
        if version2 { u32(Int((scripts ?? ScriptSet(Script.allCases)).rawValue)) }
        u32(labels.count)
        for label in labels {
            let bytes = Array(label.utf8)
            u32(bytes.count)
            out.append(contentsOf: bytes)
        }
        out.reserveCapacity(out.count + hasher.buckets * (4 + dim) + (output.count + bias.count) * 4)
        quantized.withUnsafeBytes { q in
            for r in 0..<hasher.buckets {
                f32(rowScale[r])
                out.append(contentsOf: q[(r * dim)..<((r + 1) * dim)])
            }
        }
        for v in output { f32(v) }
        for v in bias { f32(v) }
        if version2 {
            u32(knownWords?.log2Bits ?? 0)
            for word in knownWords?.bits ?? [] { withUnsafeBytes(of: word.littleEndian) { out.append(contentsOf: $0) } }
        }
        return out
    }

    /// Reads a model from bytes written by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws {
        var pos = 0
        func need(_ n: Int) throws {
            if pos + n > bytes.count { throw FormatError(reason: "truncated at byte \(pos)") }
        }
        func u32() throws -> Int {
            try need(4)
            let v = UInt32(bytes[pos]) | UInt32(bytes[pos + 1]) << 8 | UInt32(bytes[pos + 2]) << 16 | UInt32(bytes[pos + 3]) << 24
            pos += 4
            return Int(v)
        }
        func f32() throws -> Float { Float(bitPattern: UInt32(try u32())) }
        try need(8)
        let version2 = Array(bytes[0..<8]) == Self.magic
        guard version2 || Array(bytes[0..<8]) == Self.magicVersion1 else {
            throw FormatError(reason: "not an Earshot model (bad magic)")
        }
        pos = 8
        let dim = try u32(), buckets = try u32(), wordNgrams = try u32(), charMin = try u32(), charMax = try u32()
        let scriptBits = version2 ? try u32() : 0
        let known = ScriptSet(Script.allCases)
        guard scriptBits & ~Int(known.rawValue) == 0 else { throw FormatError(reason: "unknown script in header") }
        guard (1...1024).contains(dim), buckets > 0, buckets & (buckets - 1) == 0, buckets <= 1 << 24,
            charMin <= charMax, charMax <= 16
        else { throw FormatError(reason: "invalid header") }
        let labelCount = try u32()
        guard labelCount > 0, labelCount <= 100_000 else { throw FormatError(reason: "invalid label count") }
        var labels: [String] = []
        for _ in 0..<labelCount {
            let n = try u32()
            try need(n)
            guard let s = String(validating: bytes[pos..<(pos + n)], as: UTF8.self) else {
                throw FormatError(reason: "label is not UTF-8")
            }
            labels.append(s)
            pos += n
        }
        try need(buckets * (4 + dim) + labelCount * dim * 4 + labelCount * 4)
        var quantized = [Int8](repeating: 0, count: buckets * dim)
        var rowScale = [Float](repeating: 0, count: buckets)
        quantized.withUnsafeMutableBytes { q in
            bytes.withUnsafeBytes { b in
                for r in 0..<buckets {
                    rowScale[r] = Float(bitPattern: UInt32(b[pos]) | UInt32(b[pos + 1]) << 8 | UInt32(b[pos + 2]) << 16 | UInt32(b[pos + 3]) << 24)
                    pos += 4
                    q.baseAddress!.advanced(by: r * dim).copyMemory(from: b.baseAddress!.advanced(by: pos), byteCount: dim)
                    pos += dim
                }
            }
        }
        var output = [Float](repeating: 0, count: labelCount * dim)
        for i in 0..<output.count { output[i] = try f32() }
        var bias = [Float](repeating: 0, count: labelCount)
        for i in 0..<labelCount { bias[i] = try f32() }
        var knownWords: KnownWords?
        if version2 {
            let log2Bits = try u32()
            if log2Bits != 0 {
                guard (9...30).contains(log2Bits) else { throw FormatError(reason: "invalid known-words size") }
                let words = 1 << (log2Bits - 6)
                try need(words * 8)
                var bits = [UInt64](repeating: 0, count: words)
                bytes.withUnsafeBytes { b in
                    for w in 0..<words { bits[w] = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: pos + w * 8, as: UInt64.self)) }
                }
                pos += words * 8
                knownWords = KnownWords(log2Bits: log2Bits, bits: bits)
            }
        }
        guard pos == bytes.count else { throw FormatError(reason: "\(bytes.count - pos) unexpected bytes at the end") }
        self.init(hasher: FeatureHasher(wordNgrams: wordNgrams, charMin: charMin, charMax: charMax, buckets: buckets),
                  dim: dim, labels: labels, quantized: quantized, rowScale: rowScale, output: output, bias: bias,
                  scripts: version2 ? ScriptSet(rawValue: UInt32(scriptBits)) : nil, knownWords: knownWords)
    }
}
