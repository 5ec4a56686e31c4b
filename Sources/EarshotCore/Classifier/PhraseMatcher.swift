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
    // Compacted trie, laid out for few cache misses per step (a walk is a chain of dependent loads):
    // node n's record is nodeInfo[2n] = its first edge, nodeInfo[2n + 1] = its first terminal, next to
    // node n + 1's record, which ends both ranges. Its edges are edges[nodeInfo[2n]..<nodeInfo[2n + 2]],
    // sorted by byte, each packed as target << 8 | byte. Separate arrays for each field had cost up to
    // four misses per byte walked.
    private let rootTable: [Int32]  // 256 entries, -1 = none
    private let nodeInfo: [Int32]
    private let edges: [UInt32]
    // Terminals: termPayload/termAnchor[nodeInfo[2n + 1]..<nodeInfo[2n + 3]].
    private let termPayload: [Int32]
    private let termAnchor: [UInt8]

    /// Builds the trie from the terms in byte order, so that a new child is always its parent's last
    /// one: flat arrays instead of a dictionary per node (this was most of the lexicons' load time).
    /// Terms with the same bytes keep their given order, and so do their payloads at the node.
    init(terms: [PhraseMatcher.Term]) {
        let order = terms.indices.filter { !terms[$0].bytes.isEmpty }.sorted { a, b in
            let x = terms[a].bytes, y = terms[b].bytes
            return x == y ? a < b : x.lexicographicallyPrecedes(y)
        }
        var nodeByte: [UInt8] = [0], firstChild: [Int32] = [-1], lastChild: [Int32] = [-1], nextSibling: [Int32] = [-1]
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
                nodeByte.append(b); firstChild.append(-1); lastChild.append(-1); nextSibling.append(-1)
                if lastChild[Int(node)] >= 0 { nextSibling[Int(lastChild[Int(node)])] = id } else { firstChild[Int(node)] = id }
                lastChild[Int(node)] = id
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

        var root = [Int32](repeating: -1, count: 256)
        var child = firstChild[0]
        while child >= 0 { root[Int(nodeByte[Int(child)])] = child; child = nextSibling[Int(child)] }
        let count = nodeByte.count
        precondition(count < 1 << 24, "a lexicon trie holds at most 2^24 nodes")
        var nodeInfo: [Int32] = [], edges: [UInt32] = []
        var termPayload: [Int32] = [], termAnchor: [UInt8] = []
        nodeInfo.reserveCapacity(2 * count + 2); edges.reserveCapacity(count)
        var t = 0
        for n in 0..<count {
            nodeInfo.append(Int32(edges.count))
            nodeInfo.append(Int32(termPayload.count))
            var c = firstChild[n]
            while c >= 0 { edges.append(UInt32(c) << 8 | UInt32(nodeByte[Int(c)])); c = nextSibling[Int(c)] }
            while t < terminals.count, terminals[t].node == Int32(n) {
                termPayload.append(terminals[t].payload)
                termAnchor.append(terminals[t].anchor)
                t += 1
            }
        }
        nodeInfo.append(Int32(edges.count))
        nodeInfo.append(Int32(termPayload.count))
        self.rootTable = root
        self.nodeInfo = nodeInfo
        self.edges = edges
        self.termPayload = termPayload
        self.termAnchor = termAnchor
    }

    var nodeCount: Int { nodeInfo.count / 2 - 1 }
    var isEmpty: Bool { termPayload.isEmpty }

    @inline(__always)
    private func child(_ node: Int32, _ byte: UInt8) -> Int32 {
        if node == 0 { return rootTable[Int(byte)] }
        var lo = Int(nodeInfo[2 * Int(node)]), hi = Int(nodeInfo[2 * Int(node) + 2])
        while lo < hi {
            let e = edges[lo], b = UInt8(truncatingIfNeeded: e)
            if b == byte { return Int32(e >> 8) }
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
            let ts = Int(nodeInfo[2 * Int(node) + 1]), te = Int(nodeInfo[2 * Int(node) + 3])
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
