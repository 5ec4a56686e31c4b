/// Turns normalised text into hashed feature ids: words, word n-grams, character n-grams of words
/// (optional) and character n-grams of runs written without spaces (CJK).
public struct FeatureHasher: Sendable, Hashable, Codable {
    /// Word n-gram length: 1 = words only, 2 = words and bigrams.
    public var wordNgrams: Int
    /// Character n-gram lengths for spaced words; 0 disables them.
    public var charMin: Int
    public var charMax: Int
    /// Number of hash buckets; a power of two.
    public var buckets: Int

    public init(wordNgrams: Int = 2, charMin: Int = 0, charMax: Int = 0, buckets: Int = 1 << 18) {
        self.wordNgrams = wordNgrams
        self.charMin = charMin
        self.charMax = charMax
        self.buckets = buckets
    }

    /// Whether a word's first UTF-8 byte starts a run of kana or CJK ideographs (U+3000-U+9FFF), written
    /// without spaces: such a run is one "word" to the space splitter, so it gets character n-grams instead.
    @inline(__always)
    static func startsUnspacedRun(_ lead: UInt8) -> Bool { lead >= 0xE3 && lead <= 0xE9 }

    /// 32-bit FNV-1a's offset basis and prime, for the hashes that must agree with ``fnv(_:_:_:seed:)``
    /// (``KnownWords`` hashes a word the same way).
    static let fnvBasis: UInt32 = 2_166_136_261
    static let fnvPrime: UInt32 = 16_777_619

    @inline(__always)
    static func fnv(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, seed: UInt32 = fnvBasis) -> UInt32 {
        var h = seed
        var i = from
        while i < to {
            h = (h ^ UInt32(buf[i])) &* fnvPrime
            i += 1
        }
        return h
    }

    /// Appends the features of `text` (normalised bytes with edge spaces) to `out` (cleared first).
    public func features(of text: [UInt8], into out: inout [UInt32]) {
        out.removeAll(keepingCapacity: true)
        let mask = UInt32(buckets - 1)
        text.withUnsafeBufferPointer { buf in
            let n = buf.count
            var prev: UInt32 = 0
            var havePrev = false
            var i = 0
            while i < n {
                while i < n && buf[i] == 0x20 { i += 1 }
                if i >= n { break }
                var j = i
                while j < n && buf[j] != 0x20 { j += 1 }
                let h = Self.fnv(buf, i, j)
                out.append(h & mask)
                if wordNgrams >= 2, havePrev {
                    out.append((prev &* 116_049_371 &+ h) & mask)
                }
                prev = h
                havePrev = true
                if Self.startsUnspacedRun(buf[i]) {
                    cjkGrams(buf, i, j, mask: mask, into: &out)
                } else if charMin > 0, j - i >= 3 {
                    charGrams(buf, i, j, mask: mask, into: &out)
                }
                i = j
            }
        }
    }

    /// Character 1- to 3-grams over a run of scalars (for text without spaces).
    @inline(__always)
    private func cjkGrams(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, mask: UInt32,
                          into out: inout [UInt32]) {
        var starts: (Int, Int, Int) = (-1, -1, -1)  // the last three scalar starts
        var i = from
        while i <= to {
            if i == to || buf[i] & 0xC0 != 0x80 {
                if starts.2 >= 0 {
                    let end = i
                    out.append(Self.fnv(buf, starts.2, end, seed: 0x9E37_79B9) & mask)
                    if starts.1 >= 0 { out.append(Self.fnv(buf, starts.1, end, seed: 0x85EB_CA6B) & mask) }
                    if starts.0 >= 0 { out.append(Self.fnv(buf, starts.0, end, seed: 0xC2B2_AE35) & mask) }
                }
                if i == to { break }
                starts = (starts.1, starts.2, i)
            }
            i += 1
        }
    }

    /// Byte n-grams of a spaced word with boundary marks, from charMin to charMax bytes.
    @inline(__always)
    private func charGrams(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, mask: UInt32,
                           into out: inout [UInt32]) {
        // Include the surrounding spaces as word-boundary markers.
        let lo = from - 1, hi = min(to + 1, buf.count)
        for len in charMin...charMax {
            var s = lo
            while s + len <= hi {
                if buf[s] & 0xC0 != 0x80 {
                    out.append(Self.fnv(buf, s, s + len, seed: 0x2712_0000 &+ UInt32(len)) & mask)
                }
                s += 1
            }
        }
    }
}
