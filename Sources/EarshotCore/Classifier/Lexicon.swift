import Foundation

/// What a lexicon term says when it matches.
public struct LexiconEntry: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        case sensitive(SensitiveCategory)
        case crisis
        /// An everyday phrase; sensitive matches inside it are ignored.
        case guardPhrase
        /// An interest topic, by index into the taxonomy's nodes.
        case topic(Int32)
        /// One part of a term with gaps (``Lexicon/gapTerms``): which term, which part.
        case gapPart(term: Int32, part: Int32)
        /// Something about the people in the message (see ``PersonCue``): not sensitive alone.
        case cue(PersonCue)
        /// A first name, or the words around where a name says who someone is (see ``NameCue``).
        case name(NameCue)
    }

    public var target: Target
    /// A weak term needs a second, different weak term of the same category to count.
    public var weak: Bool
    public var weight: Float

    /// Whether this is a sensitive-category or crisis term (what the screens look for).
    public var isScreenTerm: Bool {
        switch target {
        case .sensitive, .crisis: true
        case .guardPhrase, .topic, .gapPart, .cue, .name: false
        }
    }

    /// Whether this is a ``PersonCue`` term.
    public var isCue: Bool {
        if case .cue = target { return true }
        return false
    }
}

/// The lexicon files of one language, as text.
public struct LexiconSource: Sendable {
    public var language: String
    public var sensitive: String
    public var interest: String

    public init(language: String, sensitive: String, interest: String) {
        self.language = language
        self.sensitive = sensitive
        self.interest = interest
    }
}

/// Problems found while reading lexicons, all of them at once.
public struct LexiconError: Error, CustomStringConvertible, Sendable {
    public var problems: [String]
    public var description: String { "lexicon problems:\n" + problems.joined(separator: "\n") }
}

/// A sensitive or crisis term written with gaps (`bring ich mich ... um`): its parts must appear in
/// order, each within ``Lexicon/maxGapWords`` words of the one before.
public struct GapTerm: Sendable {
    /// The entry (category, weak) that a complete match counts as.
    public let entry: Int32
    /// How many parts the term has (each is in the matcher as a ``LexiconEntry/Target/gapPart(term:part:)``).
    public let parts: Int32
}

/// Parsed, merged lexicons of every language, ready to match.
public struct Lexicon: Sendable {
    public let matcher: PhraseMatcher
    public let entries: [LexiconEntry]
    public let gapTerms: [GapTerm]
    /// At most this many words may lie between two parts of a term with gaps.
    public static let maxGapWords = 3
    /// Terms per language and kind, for reports.
    public let counts: [String: Int]

    /// Languages written without spaces: their non-Latin terms match as substrings.
    public static let unspacedLanguages: Set<String> = ["ja", "zh", "th", "lo", "km", "my"]

    /// A lexicon from its parts (as read from a compiled lexicon).
    init(matcher: PhraseMatcher, entries: [LexiconEntry], gapTerms: [GapTerm], counts: [String: Int]) {
        self.matcher = matcher
        self.entries = entries
        self.gapTerms = gapTerms
        self.counts = counts
    }

    /// Parses every source; throws with every problem found when any line is invalid.
    public init(sources: [LexiconSource], taxonomy: Taxonomy) throws {
        var terms: [PhraseMatcher.Term] = []
        var entries: [LexiconEntry] = []
        var entryIndex: [LexiconEntry: Int32] = [:]
        var topicTerms: [TopicTermKey: Int] = [:]
        var problems: [String] = []
        var counts: [String: Int] = [:]
        var buffer: [UInt8] = []

        var gapTerms: [GapTerm] = []

        func payload(of entry: LexiconEntry) -> Int32 {
            if let existing = entryIndex[entry] { return existing }
            let payload = Int32(entries.count)
            entries.append(entry)
            entryIndex[entry] = payload
            return payload
        }

        /// Adds `rawTerm`; a term with gaps ("a ... b") is added as its parts. Returns a problem, if any.
        func addTerm(_ rawTerm: String, _ entry: LexiconEntry, language: String) -> String? {
            // Most terms have no dot and no "…" (E2 80 A6): skip the string work for them (90,000 lines).
            guard rawTerm.utf8.contains(where: { $0 == 0x2E || $0 == 0xE2 }) else {
                add(rawTerm, entry, language: language)
                return nil
            }
            let parts = rawTerm.replacingOccurrences(of: "…", with: "...").components(separatedBy: "...")
                .map { $0.trimmedWhitespace }
            guard parts.count > 1 else {
                add(rawTerm, entry, language: language)
                return nil
            }
            guard entry.isScreenTerm || entry.isCue else { return "gaps ('...') are only for sensitive, crisis and cue terms" }
            guard !Self.unspacedLanguages.contains(language) else { return "gaps ('...') need text with spaces" }
            guard !parts.contains(where: \.isEmpty) else { return "a gap ('...') needs words on both sides" }
            let term = Int32(gapTerms.count)
            gapTerms.append(GapTerm(entry: payload(of: entry), parts: Int32(parts.count)))
            for (i, part) in parts.enumerated() {
                add(part, LexiconEntry(target: .gapPart(term: term, part: Int32(i)), weak: false, weight: 1), language: language)
            }
            return nil
        }

        func add(_ rawTerm: String, _ entry: LexiconEntry, language: String) {
            var term = rawTerm  // trimmed by forEachRow
            var prefix = false
            if term.hasSuffix("*") {
                prefix = true
                term.removeLast()
            }
            TextNormalizer.normalize(term, into: &buffer)
            let bytes = Array(buffer.dropFirst().dropLast())
            guard !bytes.isEmpty else { return }
            let unspaced = Self.unspacedLanguages.contains(language) && bytes[0] >= 0x80
            let anchor: PhraseMatcher.Anchor = unspaced ? .substring : (prefix ? .prefix : .word)
            let payload = payload(of: entry)
            // All languages share one matcher: the same interest term listed in several files (cities,
            // brands) must count once, at its highest weight, not once per file.
            if case .topic = entry.target {
                let key = TopicTermKey(bytes: bytes, anchor: anchor, target: entry.target)
                if let i = topicTerms[key] {
                    if entry.weight > entries[Int(terms[i].payload)].weight { terms[i].payload = payload }
                    return
                }
                topicTerms[key] = terms.count
            }
            terms.append(PhraseMatcher.Term(bytes: bytes, anchor: anchor, payload: payload))
        }

        // Reserve for every line: growing the term-identity table had cost 4% of start-up.
        let lineCount = sources.reduce(0) { $0 + $1.sensitive.utf8.count { $0 == 0x0A } + $1.interest.utf8.count { $0 == 0x0A } }
        terms.reserveCapacity(lineCount)
        topicTerms.reserveCapacity(lineCount)
        for source in sources {
            // Per-line work stays minimal (90,000 lines): a problem's place is spelled out only when needed.
            var sensitiveLines = 0, interestLines = 0
            Self.forEachRow(of: source.sensitive) { n, f in
                var place: String { "sensitive/\(source.language).tsv line \(n)" }
                guard f.count >= 2, !f[1].isEmpty else { problems.append("\(place): expected category<TAB>term"); return }
                let weak = f.count >= 3 && f[2] == "weak"
                let target: LexiconEntry.Target
                switch f[0] {
                case "crisis": target = .crisis
                case "guard": target = .guardPhrase
                default:
                    if let c = SensitiveCategory(rawValue: f[0]) {
                        target = .sensitive(c)
                    } else if let cue = PersonCue(rawValue: f[0]) {
                        // A cue counts only with other cues (PersonCue.sameGenderCouple): "weak" would mean nothing.
                        guard !weak else { problems.append("\(place): a person cue cannot be weak"); return }
                        target = .cue(cue)
                    } else if let name = NameCue(rawValue: f[0]) {
                        guard !weak else { problems.append("\(place): a name cue cannot be weak"); return }
                        target = .name(name)
                    } else {
                        problems.append("\(place): unknown category '\(f[0])'"); return
                    }
                }
                if let problem = addTerm(f[1], LexiconEntry(target: target, weak: weak, weight: 1), language: source.language) {
                    problems.append("\(place): \(problem)"); return
                }
                sensitiveLines += 1
            }
            Self.forEachRow(of: source.interest) { n, f in
                var place: String { "interest/\(source.language).tsv line \(n)" }
                guard f.count >= 2, !f[1].isEmpty else { problems.append("\(place): expected iab_id<TAB>term"); return }
                guard let index = taxonomy.indexOf(TopicID(f[0])) else {
                    problems.append("\(place): unknown IAB id '\(f[0])'"); return
                }
                var weight: Float = 1
                if f.count >= 3, !f[2].isEmpty {
                    guard let w = Float(f[2]), w > 0, w <= 3 else {
                        problems.append("\(place): weight must be a number in (0, 3]"); return
                    }
                    weight = w
                }
                add(f[1], LexiconEntry(target: .topic(Int32(index)), weak: false, weight: weight), language: source.language)
                interestLines += 1
            }
            if sensitiveLines > 0 { counts["sensitive/\(source.language)", default: 0] += sensitiveLines }
            if interestLines > 0 { counts["interest/\(source.language)", default: 0] += interestLines }
        }
        if !problems.isEmpty { throw LexiconError(problems: problems) }
        self.matcher = PhraseMatcher(terms: terms)
        self.entries = entries
        self.gapTerms = gapTerms
        self.counts = counts
    }

    /// Calls `body(lineNumber, fields)` for every line of a TSV text that is not blank or a `#` comment,
    /// with each field trimmed. Works on UTF-8 bytes: splitting 90,000 lines as `Character`s (grapheme
    /// breaking) was a large part of the lexicons' load time.
    static func forEachRow(of text: String, _ body: (Int, [String]) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var lineNumber = 0
            var lineStart = 0
            var fields: [String] = []
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                lineNumber += 1
                fields.removeAll(keepingCapacity: true)
                var fieldStart = lineStart
                while fieldStart <= lineEnd {
                    var fieldEnd = fieldStart
                    while fieldEnd < lineEnd, bytes[fieldEnd] != 0x09 { fieldEnd += 1 }
                    fields.append(trimmedField(bytes, fieldStart, fieldEnd))
                    fieldStart = fieldEnd + 1
                }
                let isBlank = fields.allSatisfy(\.isEmpty)
                if !isBlank, !(fields.first?.hasPrefix("#") ?? false) { body(lineNumber, fields) }
                lineStart = lineEnd + 1
            }
        }
    }

    private static func trimmedField(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var a = start, b = end
        while a < b, bytes[a] == 0x20 || bytes[a] == 0x0D || bytes[a] == 0x0B || bytes[a] == 0x0C { a += 1 }
        while b > a, bytes[b - 1] == 0x20 || bytes[b - 1] == 0x0D || bytes[b - 1] == 0x0B || bytes[b - 1] == 0x0C { b -= 1 }
        let field = String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self)
        // Other Unicode whitespace (a no-break space) is rare: trim it the slow way only when a field starts
        // or ends with one. Testing only for a non-ASCII byte there sent every Devanagari, Japanese, Arabic,
        // Cyrillic, Chinese and Korean term down the slow path (a fifth of the lexicons' load time).
        if a < b, unicodeSpaceLength(bytes, at: a, end: b) > 0 || endsWithUnicodeSpace(bytes, a, b) { return field.trimmedWhitespace }
        return field
    }

    /// The UTF-8 length of the non-ASCII White_Space character (`Character.isWhitespace`) at `i`, or 0:
    /// U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
    static func unicodeSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Int {
        let b0 = bytes[i]
        if b0 == 0xC2, i + 1 < end { return bytes[i + 1] == 0x85 || bytes[i + 1] == 0xA0 ? 2 : 0 }
        guard i + 2 < end else { return 0 }
        let b1 = bytes[i + 1], b2 = bytes[i + 2]
        switch b0 {
        case 0xE1: return b1 == 0x9A && b2 == 0x80 ? 3 : 0
        case 0xE2:
            if b1 == 0x80 { return b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF ? 3 : 0 }
            return b1 == 0x81 && b2 == 0x9F ? 3 : 0
        case 0xE3: return b1 == 0x80 && b2 == 0x80 ? 3 : 0
        default: return 0
        }
    }

    private static func endsWithUnicodeSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        (b - a >= 2 && unicodeSpaceLength(bytes, at: b - 2, end: b) == 2) || (b - a >= 3 && unicodeSpaceLength(bytes, at: b - 3, end: b) == 3)
    }
}

/// An interest term's identity across language files: its normalised bytes, how it anchors, and its node.
private struct TopicTermKey: Hashable {
    var bytes: [UInt8]
    var anchor: PhraseMatcher.Anchor
    var target: LexiconEntry.Target
}
