/// The compiled lexicon file: the parsed entries and the built tries, so that a process can start
/// without reading 100,000 lexicon lines and building the tries again (most of the classifier's load
/// time). Little-endian. The file names the digest of the sources it was compiled from
/// (``Lexicon/digest(sources:taxonomy:)``); a reader uses it only when the sources it would otherwise
/// parse have the same digest, so an edited lexicon is never shadowed by a stale compiled one.
extension Lexicon {
    /// Why a compiled lexicon could not be read.
    public struct CompiledFormatError: Error, CustomStringConvertible, Sendable {
        public let reason: String
        public var description: String { "compiled lexicon: \(reason)" }
    }

    static let compiledMagic: [UInt8] = Array("ESHL0001".utf8)

    /// A 64-bit FNV-1a digest of everything a lexicon is built from: each source's language and texts,
    /// and the taxonomy's ids in order (interest entries refer to nodes by index).
    public static func digest(sources: [LexiconSource], taxonomy: Taxonomy) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence<UInt8>>(_ bytes: S) {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            h = (h ^ 0xFF) &* 0x100_0000_01b3  // a separator no UTF-8 text contains
        }
        mix(compiledMagic)
        for node in taxonomy.nodes { mix(node.id.rawValue.utf8) }
        for source in sources {
            mix(source.language.utf8)
            var sensitive = source.sensitive, interest = source.interest
            sensitive.withUTF8 { mix($0) }
            interest.withUTF8 { mix($0) }
        }
        return h
    }

    /// The lexicon as bytes for a compiled-lexicon file, stamped with the digest of the `sources` and
    /// `taxonomy` it was built from.
    public func compiled(sources: [LexiconSource], taxonomy: Taxonomy) -> [UInt8] {
        var w = CompiledWriter()
        w.bytes(Self.compiledMagic)
        w.u64(Self.digest(sources: sources, taxonomy: taxonomy))
        w.u32(counts.count)
        for (key, value) in counts.sorted(by: { $0.key < $1.key }) { w.string(key); w.u32(value) }
        w.u32(entries.count)
        for e in entries {
            switch e.target {
            case .sensitive(let c): w.u8(0); w.string(c.rawValue)
            case .crisis: w.u8(1)
            case .guardPhrase: w.u8(2)
            case .topic(let i): w.u8(3); w.u32(Int(i))
            case .gapPart(let term, let part): w.u8(4); w.u32(Int(term)); w.u32(Int(part))
            case .cue(let cue): w.u8(5); w.string(cue.rawValue)
            case .name(let name): w.u8(6); w.string(name.rawValue)
            }
            w.u8(e.weak ? 1 : 0)
            w.u32(Int(e.weight.bitPattern))
        }
        w.u32(gapTerms.count)
        for g in gapTerms { w.u32(Int(g.entry)); w.u32(Int(g.parts)) }
        for trie in [matcher.words, matcher.substrings] {
            w.u32(trie.nodeCount)
            w.u64s(trie.rootEdges)
            w.u64s(trie.edges)
            w.u32s(trie.terminals)
        }
        return w.out
    }

    /// Reads a compiled lexicon written by ``compiled(sources:taxonomy:)``. Returns nil when it was
    /// compiled from other sources or another taxonomy (then parse the sources); throws when the bytes
    /// are not a sound compiled lexicon.
    public init?(compiled bytes: [UInt8], sources: [LexiconSource], taxonomy: Taxonomy) throws {
        var r = CompiledReader(bytes: bytes)
        guard try r.bytes(8) == Self.compiledMagic else { throw CompiledFormatError(reason: "not a compiled Earshot lexicon (bad magic)") }
        guard try r.u64() == Self.digest(sources: sources, taxonomy: taxonomy) else { return nil }
        var counts: [String: Int] = [:]
        for _ in 0..<(try r.count()) { counts[try r.string()] = try r.u32() }
        var entries: [LexiconEntry] = []
        for _ in 0..<(try r.count()) {
            let target: LexiconEntry.Target
            switch try r.u8() {
            case 0:
                let name = try r.string()
                guard let c = SensitiveCategory(rawValue: name) else { throw CompiledFormatError(reason: "unknown category '\(name)'") }
                target = .sensitive(c)
            case 1: target = .crisis
            case 2: target = .guardPhrase
            case 3:
                let node = try r.u32()
                guard node < taxonomy.nodes.count else { throw CompiledFormatError(reason: "an interest term names no taxonomy node") }
                target = .topic(Int32(node))
            case 4: target = .gapPart(term: Int32(try r.u32()), part: Int32(try r.u32()))
            case 5:
                let name = try r.string()
                guard let cue = PersonCue(rawValue: name) else { throw CompiledFormatError(reason: "unknown person cue '\(name)'") }
                target = .cue(cue)
            case 6:
                let name = try r.string()
                guard let cue = NameCue(rawValue: name) else { throw CompiledFormatError(reason: "unknown name cue '\(name)'") }
                target = .name(cue)
            case let kind: throw CompiledFormatError(reason: "unknown entry kind \(kind)")
            }
            let weak = try r.u8() != 0
            entries.append(LexiconEntry(target: target, weak: weak, weight: Float(bitPattern: UInt32(try r.u32()))))
        }
        var gapTerms: [GapTerm] = []
        for _ in 0..<(try r.count()) {
            let entry = try r.u32(), parts = try r.u32()
            guard entry < entries.count, (2...64).contains(parts) else { throw CompiledFormatError(reason: "a term with gaps is invalid") }
            gapTerms.append(GapTerm(entry: Int32(entry), parts: Int32(parts)))
        }
        for e in entries {
            if case .gapPart(let term, let part) = e.target, term < 0 || Int(term) >= gapTerms.count || part < 0 || part >= gapTerms[Int(term)].parts {
                throw CompiledFormatError(reason: "a part of a term with gaps names no such term")
            }
        }
        var tries: [ByteTrie] = []
        for _ in 0..<2 {
            let nodeCount = try r.u32()
            let root = try r.u64s(), edges = try r.u64s(), terminals = try r.u32s()
            if let problem = ByteTrie.inconsistency(rootEdges: root, edges: edges, terminals: terminals, entryCount: entries.count) {
                throw CompiledFormatError(reason: problem)
            }
            tries.append(ByteTrie(rootEdges: root, edges: edges, terminals: terminals, nodeCount: nodeCount))
        }
        guard r.atEnd else { throw CompiledFormatError(reason: "trailing bytes") }
        self.init(matcher: PhraseMatcher(words: tries[0], substrings: tries[1]), entries: entries, gapTerms: gapTerms, counts: counts)
    }
}

/// Appends little-endian fields.
private struct CompiledWriter {
    var out: [UInt8] = []
    mutating func bytes(_ b: [UInt8]) { out.append(contentsOf: b) }
    mutating func u8(_ v: UInt8) { out.append(v) }
    mutating func u32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { out.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    mutating func string(_ s: String) { u32(s.utf8.count); out.append(contentsOf: s.utf8) }
    mutating func u64s(_ a: [UInt64]) { u32(a.count); for v in a { u64(v) } }
    mutating func u32s(_ a: [UInt32]) { u32(a.count); for v in a { u32(Int(v)) } }
}

/// Reads little-endian fields, throwing at the first one that runs past the end.
private struct CompiledReader {
    let bytes: [UInt8]
    var pos = 0
    var atEnd: Bool { pos == bytes.count }

    private mutating func take(_ n: Int) throws -> Range<Int> {
        guard n >= 0, n <= bytes.count - pos else { throw Lexicon.CompiledFormatError(reason: "truncated at byte \(pos)") }
        defer { pos += n }
        return pos..<(pos + n)
    }
    mutating func bytes(_ n: Int) throws -> [UInt8] { Array(bytes[try take(n)]) }
    mutating func u8() throws -> UInt8 { bytes[try take(1).lowerBound] }
    mutating func u32() throws -> Int {
        let r = try take(4)
        var v: UInt32 = 0
        for i in r.reversed() { v = v << 8 | UInt32(bytes[i]) }
        return Int(v)
    }
    mutating func u64() throws -> UInt64 {
        let r = try take(8)
        var v: UInt64 = 0
        for i in r.reversed() { v = v << 8 | UInt64(bytes[i]) }
        return v
    }
    /// A count of items that follow, each at least one byte: bounded by the bytes left.
    mutating func count() throws -> Int {
        let n = try u32()
        guard n <= bytes.count - pos else { throw Lexicon.CompiledFormatError(reason: "count \(n) at byte \(pos - 4) exceeds the file") }
        return n
    }
    mutating func string() throws -> String {
        let r = try take(try count())
        guard let s = String(validating: bytes[r], as: UTF8.self) else { throw Lexicon.CompiledFormatError(reason: "a name is not UTF-8") }
        return s
    }
    mutating func u64s() throws -> [UInt64] {
        let r = try take(try count() * 8)
        return bytes.withUnsafeBytes { raw in
            (0..<(r.count / 8)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: r.lowerBound + $0 * 8, as: UInt64.self)) }
        }
    }
    mutating func u32s() throws -> [UInt32] {
        let r = try take(try count() * 4)
        return bytes.withUnsafeBytes { raw in
            (0..<(r.count / 4)).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: r.lowerBound + $0 * 4, as: UInt32.self)) }
        }
    }
}
