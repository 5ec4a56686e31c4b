/// The words a model saw in training, as a Bloom filter over their hashes: a message whose words are
/// mostly unknown to the model is in a language it never learned, even when it shares its script.
///
/// Hashed n-gram models score any text, and on a language they never saw their scores are noise: in the
/// blind sets of 2026-11-23, everyday messages in Vietnamese, Romanian, Swahili, Croatian or Bulgarian
/// (Latin and Cyrillic, scripts the models know) were still flagged sensitive 12% of the time, almost
/// all by the models (a Bulgarian recipe question read as health, a Serbian laptop virus as health).
/// On the development sets in the models' own 23 languages, at most 0.1% of messages have fewer than
/// a third of their words known, against about half of the blind sets' everyday messages.
public struct KnownWords: Sendable, Hashable {
    /// log2 of the number of bits.
    public let log2Bits: Int
    private(set) var bits: [UInt64]

    /// An empty set of 2^`log2Bits` bits.
    public init(log2Bits: Int) {
        precondition((9...30).contains(log2Bits), "log2Bits must be 9...30")
        self.log2Bits = log2Bits
        bits = [UInt64](repeating: 0, count: 1 << (log2Bits - 6))
    }

    /// A filter holding `hashes`, with 12 to 24 bits per word (false positives 1-3%), and at least
    /// 1,024 bits. The shipped models' 150,000 words take 2^21 bits, 256 KB each.
    public init(sized hashes: Set<UInt32>) {
        var log2Bits = 10
        while log2Bits < 26 && (1 << log2Bits) < 12 * hashes.count { log2Bits += 1 }
        self.init(log2Bits: log2Bits)
        for h in hashes { insert(h) }
    }

    init(log2Bits: Int, bits: [UInt64]) {
        self.log2Bits = log2Bits
        self.bits = bits
    }

    /// Two probes from one 32-bit word hash, in the same 512-bit block (one cache line): the hash's top
    /// bits pick the block, its low 18 bits the two bits in it. One cache miss a word instead of two; at
    /// 12 bits a word, false positives stay near 3%.
    @inline(__always)
    private func probes(_ h: UInt32) -> (Int, Int) {
        let blockBits = log2Bits - 9
        let block = blockBits > 0 ? Int(h >> UInt32(32 - blockBits)) << 9 : 0
        return (block | Int(h & 511), block | Int((h >> 9) & 511))
    }

    /// Adds a word by its hash (FNV-1a of its normalised bytes, as ``FeatureHasher`` hashes words).
    public mutating func insert(_ h: UInt32) {
        let (a, b) = probes(h)
        bits[a >> 6] |= 1 << UInt64(a & 63)
        bits[b >> 6] |= 1 << UInt64(b & 63)
    }

    /// Whether a word (by its hash) was added; false positives at a rate set by the size.
    @inline(__always)
    public func contains(_ h: UInt32) -> Bool {
        let (a, b) = probes(h)
        return bits[a >> 6] & (1 << UInt64(a & 63)) != 0 && bits[b >> 6] & (1 << UInt64(b & 63)) != 0
    }

    /// Adds every counted word of normalised text (see ``forEachCountedWord(_:_:)``).
    public mutating func insertWords(ofNormalized bytes: [UInt8]) {
        Self.forEachCountedWord(bytes) { insert($0) }
    }

    /// How many of the counted words of normalised text are known, and how many there are.
    public func knownWords(inNormalized bytes: [UInt8]) -> (known: Int, total: Int) {
        var known = 0, total = 0
        Self.forEachCountedWord(bytes) { h in
            total += 1
            if contains(h) { known += 1 }
        }
        return (known, total)
    }

    /// Calls `body` with the hash of every word that says something about the language: not digits
    /// alone, not one letter, and not runs of scripts written without spaces (a whole CJK clause is one
    /// "word"; the script check covers those).
    @inline(__always)
    static func forEachCountedWord(_ bytes: [UInt8], _ body: (UInt32) -> Void) {
        bytes.withUnsafeBufferPointer { buf in
            let n = buf.count
            var i = 0
            while i < n {
                while i < n && buf[i] == 0x20 { i += 1 }
                if i >= n { break }
                // One pass: the word's FNV-1a hash (as FeatureHasher computes it) and whether it is digits.
                let start = i
                var h = FeatureHasher.fnvBasis
                var digits = true, letters = 0
                while i < n {
                    let b = buf[i]
                    if b == 0x20 { break }
                    if b &- 0x30 > 9 { digits = false }
                    if b & 0xC0 != 0x80 { letters += 1 }
                    h = (h ^ UInt32(b)) &* FeatureHasher.fnvPrime
                    i += 1
                }
                if letters >= 2, !digits, !FeatureHasher.startsUnspacedRun(buf[start]) { body(h) }
            }
        }
    }
}
