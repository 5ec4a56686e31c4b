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
    }

    public var target: Target
    /// A weak term needs a second, different weak term of the same category to count.
    public var weak: Bool
    public var weight: Float

    /// Whether this is a sensitive-category or crisis term (what the screens look for).
    public var isScreenTerm: Bool {
        switch target {
        case .sensitive, .crisis: true
        case .guardPhrase, .topic: false
        }
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

/// Parsed, merged lexicons of every language, ready to match.
public struct Lexicon: Sendable {
    public let matcher: PhraseMatcher
    public let entries: [LexiconEntry]
    /// Terms per language and kind, for reports.
    public let counts: [String: Int]

    /// Languages written without spaces: their non-Latin terms match as substrings.
    public static let unspacedLanguages: Set<String> = ["ja", "zh", "th", "lo", "km", "my"]

    /// Parses every source; throws with every problem found when any line is invalid.
    public init(sources: [LexiconSource], taxonomy: Taxonomy) throws {
        var terms: [PhraseMatcher.Term] = []
        var entries: [LexiconEntry] = []
        var entryIndex: [LexiconEntry: Int32] = [:]
        var topicTerms: [TopicTermKey: Int] = [:]
        var problems: [String] = []
        var counts: [String: Int] = [:]
        var buffer: [UInt8] = []

        func add(_ rawTerm: String, _ entry: LexiconEntry, language: String) {
            var term = rawTerm.trimmedWhitespace
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
            let payload: Int32
            if let existing = entryIndex[entry] {
                payload = existing
            } else {
                payload = Int32(entries.count)
                entries.append(entry)
                entryIndex[entry] = payload
            }
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

        for source in sources {
            for (n, line) in source.sensitive.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let text = line.trimmedWhitespace
                if text.isEmpty || text.hasPrefix("#") { continue }
                let f = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                let place = "sensitive/\(source.language).tsv line \(n + 1)"
                guard f.count >= 2, !f[1].isEmpty else { problems.append("\(place): expected category<TAB>term"); continue }
                let weak = f.count >= 3 && f[2].trimmedWhitespace == "weak"
                let target: LexiconEntry.Target
                switch f[0] {
                case "crisis": target = .crisis
                case "guard": target = .guardPhrase
                default:
                    guard let c = SensitiveCategory(rawValue: f[0]) else {
                        problems.append("\(place): unknown category '\(f[0])'"); continue
                    }
                    target = .sensitive(c)
                }
                add(f[1], LexiconEntry(target: target, weak: weak, weight: 1), language: source.language)
                counts["sensitive/\(source.language)", default: 0] += 1
            }
            for (n, line) in source.interest.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let text = line.trimmedWhitespace
                if text.isEmpty || text.hasPrefix("#") { continue }
                let f = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                let place = "interest/\(source.language).tsv line \(n + 1)"
                guard f.count >= 2, !f[1].isEmpty else { problems.append("\(place): expected iab_id<TAB>term"); continue }
                guard let index = taxonomy.indexOf(TopicID(f[0])) else {
                    problems.append("\(place): unknown IAB id '\(f[0])'"); continue
                }
                var weight: Float = 1
                if f.count >= 3, !f[2].isEmpty {
                    guard let w = Float(f[2]), w > 0, w <= 3 else {
                        problems.append("\(place): weight must be a number in (0, 3]"); continue
                    }
                    weight = w
                }
                add(f[1], LexiconEntry(target: .topic(Int32(index)), weak: false, weight: weight), language: source.language)
                counts["interest/\(source.language)", default: 0] += 1
            }
        }
        if !problems.isEmpty { throw LexiconError(problems: problems) }
        self.matcher = PhraseMatcher(terms: terms)
        self.entries = entries
        self.counts = counts
    }
}

/// An interest term's identity across language files: its normalised bytes, how it anchors, and its node.
private struct TopicTermKey: Hashable {
    var bytes: [UInt8]
    var anchor: PhraseMatcher.Anchor
    var target: LexiconEntry.Target
}
