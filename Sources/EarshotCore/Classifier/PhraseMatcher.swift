/// A compact byte trie that finds lexicon terms in normalised text in one pass.
///
/// Word terms are tried only at word starts (the byte after a space) and must end at a word end
/// unless they are prefixes (`diabet*`). Substring terms (for scripts written without spaces) are
/// tried at every character start. The matcher is immutable and `Sendable`; matching allocates nothing.
public struct PhraseMatcher: Sendable {
    let words: ByteTrie
    let substrings: ByteTrie

    /// Builds the tries. Terms with empty bytes are ignored.
    public init(terms: [Term]) {
        words = ByteTrie(terms: terms.filter { $0.anchor != .substring })
        substrings = ByteTrie(terms: terms.filter { $0.anchor == .substring })
    }

    /// The matcher made of two tries already built (read from a compiled lexicon).
    init(words: ByteTrie, substrings: ByteTrie) {
        self.words = words
        self.substrings = substrings
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
    // Laid out for one cache miss per byte walked (a walk is a chain of dependent loads): a node is known
    // only by the edge that leads to it, and that edge, one UInt64, carries everything the next step needs,
    // so no separate node record is read. Bits 0-7: the edge's byte; 8-16: the target's number of children;
    // 17: the target has terminals; 18-40: the target's first edge; 41-63: the target's first terminal.
    // A node's edges are contiguous and sorted by byte. Separate node records had cost two misses per
    // byte (node record, then edges): `perf` put 60% of the matcher's time on those two loads.
    let rootEdges: [UInt64]  // 256 entries, the root's edge for each byte, 0 = none
    /// The edge reached by each two-byte start (65,536 entries, 0 = none): one lookup in place of a scan of
    /// the first level's edges, which were the walk's most frequent miss.
    private let pairEdges: [UInt64]
    let edges: [UInt64]
    /// Each node's terminals, contiguous: payload << 8 | anchor, with `lastTerminal` set on a node's last.
    let terminals: [UInt32]
    let nodeCount: Int

    private static let countShift: UInt64 = 8, startShift: UInt64 = 18, terminalShift: UInt64 = 41
    private static let terminalBit: UInt64 = 1 << 17
    private static let lastTerminal: UInt32 = 0x80
    private static let fieldLimit = 1 << 23

    /// Builds the trie from the terms in byte order, so that a new child is always its parent's last
    /// one: flat arrays instead of a dictionary per node (this was most of the lexicons' load time).
    /// Terms with the same bytes keep their given order, and so do their payloads at the node.
    init(terms: [PhraseMatcher.Term]) {
        let order = Self.byteOrder(terms)
        var nodeByte: [UInt8] = [0], firstChild: [Int32] = [-1], lastChild: [Int32] = [-1], nextSibling: [Int32] = [-1]
        var childCount: [Int32] = [0]
        var terminals: [(node: Int32, payload: Int32, anchor: UInt8)] = []
        var path: [Int32] = [0]  // nodes along the previous term, root first
        var previous: [UInt8] = []
        for i in order {
            let bytes = terms[i].bytes
            var common = 0
            while common < bytes.count, common < previous.count, bytes[common] == previous[common] { common += 1 }
            path.removeSubrange((common + 1)...)
            var node = path[common]
            for b in bytes[common...] {
                let id = Int32(nodeByte.count)
                nodeByte.append(b); firstChild.append(-1); lastChild.append(-1); nextSibling.append(-1); childCount.append(0)
                if lastChild[Int(node)] >= 0 { nextSibling[Int(lastChild[Int(node)])] = id } else { firstChild[Int(node)] = id }
                lastChild[Int(node)] = id
                childCount[Int(node)] += 1
                node = id
                path.append(id)
            }
            let terminal = (node: node, payload: terms[i].payload, anchor: terms[i].anchor.rawValue)
            var duplicate = false
            var j = terminals.count - 1
            while j >= 0, terminals[j].node == node {
                if terminals[j].payload == terminal.payload && terminals[j].anchor == terminal.anchor { duplicate = true }
                j -= 1
            }
            if !duplicate { terminals.append(terminal) }
            previous = bytes
        }
        terminals = terminals.enumerated().sorted { $0.element.node != $1.element.node ? $0.element.node < $1.element.node : $0.offset < $1.offset }
            .map(\.element)

        let count = nodeByte.count
        precondition(count < Self.fieldLimit, "a lexicon trie holds fewer than 2^23 nodes")
        precondition(terminals.count < Self.fieldLimit, "a lexicon trie holds fewer than 2^23 terms")
        // Node n's edges start at edgeStart[n] (the root's are in rootEdges instead).
        var edgeStart = [Int](repeating: 0, count: count)
        var next = 0
        for n in 1..<max(count, 1) { edgeStart[n] = next; next += Int(childCount[n]) }
        precondition(next < Self.fieldLimit, "a lexicon trie holds fewer than 2^23 edges")
        var termStart = [Int](repeating: -1, count: count)
        var packed: [UInt32] = []
        packed.reserveCapacity(terminals.count)
        for (k, t) in terminals.enumerated() {
            precondition(t.payload >= 0 && t.payload < 1 << 24, "a lexicon term's payload is below 2^24")
            if termStart[Int(t.node)] < 0 { termStart[Int(t.node)] = k }
            let last = k + 1 == terminals.count || terminals[k + 1].node != t.node
            packed.append(UInt32(t.payload) << 8 | UInt32(t.anchor) | (last ? Self.lastTerminal : 0))
        }
        func edge(to c: Int) -> UInt64 {
            var e = UInt64(nodeByte[c]) | UInt64(childCount[c]) << Self.countShift | UInt64(edgeStart[c]) << Self.startShift
            if termStart[c] >= 0 { e |= Self.terminalBit | UInt64(termStart[c]) << Self.terminalShift }
            return e
        }
        var edges = [UInt64](repeating: 0, count: next)
        var root = [UInt64](repeating: 0, count: 256)
        for n in 0..<count {
            var c = firstChild[n], k = n == 0 ? 0 : edgeStart[n]
            while c >= 0 {
                if n == 0 { root[Int(nodeByte[Int(c)])] = edge(to: Int(c)) } else { edges[k] = edge(to: Int(c)); k += 1 }
                c = nextSibling[Int(c)]
            }
        }
        self.init(rootEdges: root, edges: edges, terminals: packed, nodeCount: max(count - 1, 0))
    }

    /// The trie from its packed arrays (as built above, or read from a compiled lexicon and checked with
    /// ``inconsistency(rootEdges:edges:terminals:entryCount:)``).
    init(rootEdges: [UInt64], edges: [UInt64], terminals: [UInt32], nodeCount: Int) {
        precondition(rootEdges.count == 256, "a trie's root has an edge slot for each of 256 bytes")
        var pairs = [UInt64](repeating: 0, count: 1 << 16)
        for first in rootEdges where first != 0 {
            for e in edges[Self.children(of: first)] { pairs[Int(UInt8(truncatingIfNeeded: first)) << 8 | Int(UInt8(truncatingIfNeeded: e))] = e }
        }
        self.rootEdges = rootEdges
        self.pairEdges = pairs
        self.edges = edges
        self.terminals = terminals
        self.nodeCount = nodeCount
    }

    var isEmpty: Bool { terminals.isEmpty }

    /// Why packed arrays could not be walked safely, or nil: the root has 256 edge slots, every edge's
    /// children and terminals lie inside the arrays, every node's terminals end with a last one, and
    /// payloads are below `entryCount`. For arrays read from a file, before ``init(rootEdges:edges:terminals:nodeCount:)``.
    static func inconsistency(rootEdges: [UInt64], edges: [UInt64], terminals: [UInt32], entryCount: Int) -> String? {
        guard rootEdges.count == 256 else { return "a trie root needs 256 edge slots" }
        for list in [rootEdges, edges] {  // not `rootEdges + edges`: a 5 MB copy at every start
            for e in list where e != 0 {
                if Self.children(of: e).upperBound > edges.count { return "an edge's children lie outside the trie" }
                if e & Self.terminalBit != 0, Int(truncatingIfNeeded: e >> Self.terminalShift) >= terminals.count {
                    return "an edge's terms lie outside the trie"
                }
            }
        }
        if let last = terminals.last, last & Self.lastTerminal == 0 { return "the trie's last term list is not closed" }
        if terminals.contains(where: { Int($0 >> 8) >= entryCount }) { return "a term names an entry that does not exist" }
        return nil
    }

    /// The indices of the non-empty terms in byte order, equal terms in their given order. Each term's
    /// first eight bytes are compared as one big-endian word, so most comparisons never touch the byte
    /// arrays (sorting 90,000 terms had been a fifth of the lexicons' load time).
    private static func byteOrder(_ terms: [PhraseMatcher.Term]) -> [Int] {
        var keyed: [(key: UInt64, index: Int)] = []
        keyed.reserveCapacity(terms.count)
        for (i, t) in terms.enumerated() where !t.bytes.isEmpty {
            var key: UInt64 = 0
            for k in 0..<8 { key = key << 8 | UInt64(k < t.bytes.count ? t.bytes[k] : 0) }
            keyed.append((key, i))
        }
        keyed.sort { a, b in
            if a.key != b.key { return a.key < b.key }
            let x = terms[a.index].bytes, y = terms[b.index].bytes
            return x == y ? a.index < b.index : x.lexicographicallyPrecedes(y)
        }
        return keyed.map(\.index)
    }

    /// Where in `edges` the children of the node that `edge` leads to lie.
    @inline(__always)
    private static func children(of edge: UInt64) -> Range<Int> {
        let start = Int(truncatingIfNeeded: edge >> startShift) & (fieldLimit - 1)
        return start..<(start + Int(truncatingIfNeeded: edge >> countShift) & 0x1FF)
    }

    /// The edge from the node that `edge` leads to, for `byte`, or 0.
    @inline(__always)
    private func child(_ edge: UInt64, _ byte: UInt8) -> UInt64 {
        let range = Self.children(of: edge)
        var lo = range.lowerBound
        let hi = range.upperBound
        while lo < hi {
            let e = edges[lo], b = UInt8(truncatingIfNeeded: e)
            if b == byte { return e }
            if b > byte { return 0 }
            lo += 1
        }
        return 0
    }

    /// Walks the trie from `start`; reports terminals whose anchor fits.
    @inline(__always)
    func walk(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, wordStart: Bool, _ body: (Int32, Int, Int) -> Void) {
        let n = buf.count
        var edge = rootEdges[Int(buf[start])]
        var i = start + 1
        while edge != 0 {
            if edge & Self.terminalBit != 0 {
                let atWordEnd = i >= n || buf[i] == 0x20
                var t = Int(truncatingIfNeeded: edge >> Self.terminalShift)
                while true {
                    let term = terminals[t], payload = Int32(bitPattern: term >> 8)
                    switch UInt8(truncatingIfNeeded: term) & 0x7F {
                    case PhraseMatcher.Anchor.word.rawValue:
                        if wordStart && atWordEnd { body(payload, start, i) }
                    case PhraseMatcher.Anchor.prefix.rawValue:
                        if wordStart { body(payload, start, i) }
                    default:
                        body(payload, start, i)
                    }
                    if term & Self.lastTerminal != 0 { break }
                    t += 1
                }
            }
            guard i < n else { return }
            edge = i == start + 1 ? pairEdges[Int(buf[start]) << 8 | Int(buf[i])] : child(edge, buf[i])
            i += 1
        }
    }
}
