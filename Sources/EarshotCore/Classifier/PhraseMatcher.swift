/// A compact byte trie that finds lexicon terms in normalised text in one pass.
///
/// Word terms are tried only at word starts (the byte after a space) and must end at a word end
/// unless they are prefixes (`diabet*`). Substring terms (for scripts written without spaces) are
/// tried at every character start. The matcher is immutable and `Sendable`; matching allocates nothing.
public struct PhraseMatcher: Sendable {
    private let words: ByteTrie
    private let substrings: ByteTrie

    /// Builds the tries. Terms with empty bytes are ignored.
    public init(terms: [Term]) {
        words = ByteTrie(terms: terms.filter { $0.anchor != .substring })
        substrings = ByteTrie(terms: terms.filter { $0.anchor == .substring })
    }

    /// Number of trie nodes (for memory reports).
    public var nodeCount: Int { words.nodeCount + substrings.nodeCount }

    /// Calls `body(payload, start, end)` for every match in `text` (normalised bytes with edge spaces).
    /// `start..<end` is the matched byte range.
    @inline(__always)
    public func forEachMatch(in text: [UInt8], _ body: (Int32, Int, Int) -> Void) {
        text.withUnsafeBufferPointer { buf in
            let n = buf.count
            var start = 1
            while start < n {
                let b = buf[start]
                if b != 0x20 {
                    if buf[start - 1] == 0x20 { words.walk(buf, from: start, wordStart: true, body) }
                    if b >= 0xC0 && !substrings.isEmpty { substrings.walk(buf, from: start, wordStart: false, body) }
                }
                start += 1
            }
        }
    }

    /// How a term must line up with word boundaries.
    public enum Anchor: UInt8, Sendable {
        case word, prefix, substring
    }

    /// One term to add: its normalised bytes (no edge spaces), its anchor and a payload index.
    public struct Term: Sendable {
        public var bytes: [UInt8]
        public var anchor: Anchor
        public var payload: Int32

        public init(bytes: [UInt8], anchor: Anchor, payload: Int32) {
            self.bytes = bytes
            self.anchor = anchor
            self.payload = payload
        }
    }

}

/// A compacted byte trie.
struct ByteTrie: Sendable {
    // Compacted trie: node n's edges are edgeBytes/edgeTargets[edgeStart[n]..<edgeStart[n+1]], sorted by byte.
    private let rootTable: [Int32]  // 256 entries, -1 = none
    private let edgeStart: [Int32]
    private let edgeBytes: [UInt8]
    private let edgeTargets: [Int32]
    // Terminals: termPayload/termAnchor[termStart[n]..<termStart[n+1]].
    private let termStart: [Int32]
    private let termPayload: [Int32]
    private let termAnchor: [UInt8]

    init(terms: [PhraseMatcher.Term]) {
        var children: [[UInt8: Int32]] = [[:]]
        var terminals: [[(Int32, UInt8)]] = [[]]
        for term in terms where !term.bytes.isEmpty {
            var node = 0
            for b in term.bytes {
                if let next = children[node][b] {
                    node = Int(next)
                } else {
                    children.append([:])
                    terminals.append([])
                    let id = Int32(children.count - 1)
                    children[node][b] = id
                    node = Int(id)
                }
            }
            if !terminals[node].contains(where: { $0.0 == term.payload && $0.1 == term.anchor.rawValue }) {
                terminals[node].append((term.payload, term.anchor.rawValue))
            }
        }
        var root = [Int32](repeating: -1, count: 256)
        for (b, c) in children[0] { root[Int(b)] = c }
        var edgeStart: [Int32] = [], edgeBytes: [UInt8] = [], edgeTargets: [Int32] = []
        var termStart: [Int32] = [], termPayload: [Int32] = [], termAnchor: [UInt8] = []
        for n in 0..<children.count {
            edgeStart.append(Int32(edgeBytes.count))
            for (b, c) in children[n].sorted(by: { $0.key < $1.key }) {
                edgeBytes.append(b)
                edgeTargets.append(c)
            }
            termStart.append(Int32(termPayload.count))
            for (p, a) in terminals[n] {
                termPayload.append(p)
                termAnchor.append(a)
            }
        }
        edgeStart.append(Int32(edgeBytes.count))
        termStart.append(Int32(termPayload.count))
        self.rootTable = root
        self.edgeStart = edgeStart
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        self.termStart = termStart
        self.termPayload = termPayload
        self.termAnchor = termAnchor
    }

    var nodeCount: Int { edgeStart.count - 1 }
    var isEmpty: Bool { termPayload.isEmpty }

    @inline(__always)
    private func child(_ node: Int32, _ byte: UInt8) -> Int32 {
        if node == 0 { return rootTable[Int(byte)] }
        var lo = Int(edgeStart[Int(node)]), hi = Int(edgeStart[Int(node) + 1])
        while lo < hi {
            let b = edgeBytes[lo]
            if b == byte { return edgeTargets[lo] }
            if b > byte { return -1 }
            lo += 1
        }
        return -1
    }

    /// Walks the trie from `start`; reports terminals whose anchor fits.
    @inline(__always)
    func walk(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, wordStart: Bool, _ body: (Int32, Int, Int) -> Void) {
        let n = buf.count
        var node: Int32 = 0
        var i = start
        while i < n {
            node = child(node, buf[i])
            if node < 0 { return }
            i += 1
            let ts = Int(termStart[Int(node)]), te = Int(termStart[Int(node) + 1])
            if ts < te {
                let atWordEnd = i >= n || buf[i] == 0x20
                for t in ts..<te {
                    switch termAnchor[t] {
                    case PhraseMatcher.Anchor.word.rawValue:
                        if wordStart && atWordEnd { body(termPayload[t], start, i) }
                    case PhraseMatcher.Anchor.prefix.rawValue:
                        if wordStart { body(termPayload[t], start, i) }
                    default:
                        body(termPayload[t], start, i)
                    }
                }
            }
        }
    }
}
