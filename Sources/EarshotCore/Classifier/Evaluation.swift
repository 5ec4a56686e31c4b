/// One labelled evaluation message.
public struct GoldExample: Sendable, Hashable, Codable {
    public var text: String
    /// IAB tier-1 names (or ids) that are a correct first topic.
    public var tier1: [String]
    public var sensitive: [SensitiveCategory]
    public var crisis: Bool
    public var lang: String
    /// sensitive, crisis, everyday or lookalike, when the set says.
    public var kind: String?
    /// Where the row comes from, when the set says (`earshot prepare-data` writes the development file's
    /// name, such as `sib200`, or `own` for Earshot's own examples).
    public var source: String?

    public init(text: String, tier1: [String], sensitive: [SensitiveCategory], crisis: Bool, lang: String,
                kind: String? = nil, source: String? = nil) {
        self.text = text
        self.tier1 = tier1
        self.sensitive = sensitive
        self.crisis = crisis
        self.lang = lang
        self.kind = kind
        self.source = source
    }

    enum CodingKeys: String, CodingKey { case text, tier1, sensitive, crisis, lang, kind, source }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decode(String.self, forKey: .text)
        tier1 = try c.decodeIfPresent([String].self, forKey: .tier1) ?? []
        let raw = try c.decodeIfPresent([String].self, forKey: .sensitive) ?? []
        sensitive = try raw.map { code in
            switch code {
            case "political": return .politicalOpinions
            case "gender_identity", "sex_life": return .sexualOrientation
            default:
                guard let s = SensitiveCategory(rawValue: code) else {
                    throw DecodingError.dataCorruptedError(forKey: .sensitive, in: c, debugDescription: "unknown sensitive category")
                }
                return s
            }
        }
        crisis = try c.decodeIfPresent(Bool.self, forKey: .crisis) ?? false
        lang = try c.decodeIfPresent(String.self, forKey: .lang) ?? "und"
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        source = try c.decodeIfPresent(String.self, forKey: .source)
    }
}

/// A ratio with its counts.
public struct Rate: Sendable, Hashable, Codable {
    public var hits = 0
    public var total = 0
    public init() {}
    public var value: Double? { total > 0 ? Double(hits) / Double(total) : nil }
    mutating func add(_ hit: Bool) { total += 1; if hit { hits += 1 } }
}

/// The classifier's figures on a labelled set: the quality bars of the classifier issue.
public struct EvaluationReport: Sendable, Hashable, Codable {
    /// Any flag raised on messages that touch a sensitive category.
    public var sensitiveRecall = Rate()
    /// Any flag raised, per gold category.
    public var recallByCategory: [String: Rate] = [:]
    /// The gold category itself raised, per category.
    public var exactRecallByCategory: [String: Rate] = [:]
    public var crisisRecall = Rate()
    public var crisisRecallByLanguage: [String: Rate] = [:]
    public var sensitiveRecallByLanguage: [String: Rate] = [:]
    /// Flags raised on messages with no sensitive category.
    public var falseSensitive = Rate()
    public var falseSensitiveByKind: [String: Rate] = [:]
    /// First topic's tier 1 is a gold tier 1, on non-sensitive messages with a gold interest.
    public var tier1PrecisionAt1 = Rate()
    public var tier1PrecisionByLanguage: [String: Rate] = [:]
    /// Sensitive recall, flags on non-sensitive messages and tier-1 P@1 per row source (rows that name one).
    public var sensitiveRecallBySource: [String: Rate] = [:]
    public var falseSensitiveBySource: [String: Rate] = [:]
    public var tier1PrecisionBySource: [String: Rate] = [:]

    public init() {}
}

/// Runs a classifier over gold examples.
public enum Evaluator {
    public static func evaluate(_ examples: [GoldExample], classifier: Classifier) -> EvaluationReport {
        var r = EvaluationReport()
        var scratch = ClassifierScratch()
        let tax = classifier.taxonomy
        for e in examples {
            let c = classifier.classify(e.text, top: 3, screen: true, scratch: &scratch)
            let flagged = !c.sensitive.isEmpty || c.crisis
            if !e.sensitive.isEmpty || e.crisis {
                if !e.sensitive.isEmpty {
                    r.sensitiveRecall.add(flagged)
                    r.sensitiveRecallByLanguage[e.lang, default: Rate()].add(flagged)
                    if let s = e.source { r.sensitiveRecallBySource[s, default: Rate()].add(flagged) }
                    for s in e.sensitive {
                        r.recallByCategory[s.rawValue, default: Rate()].add(flagged)
                        r.exactRecallByCategory[s.rawValue, default: Rate()].add(c.sensitive.contains(s))
                    }
                }
                if e.crisis {
                    r.crisisRecall.add(c.crisis)
                    r.crisisRecallByLanguage[e.lang, default: Rate()].add(c.crisis)
                }
            } else {
                r.falseSensitive.add(flagged)
                r.falseSensitiveByKind[e.kind ?? "none", default: Rate()].add(flagged)
                if let s = e.source { r.falseSensitiveBySource[s, default: Rate()].add(flagged) }
                if !e.tier1.isEmpty {
                    let gold = Set(e.tier1.compactMap { tax.tier1(named: $0)?.id ?? (tax.contains(TopicID($0)) ? TopicID($0) : nil) })
                    let first = c.topics.first.flatMap { tax.node($0.id)?.tier1ID }
                    let hit = first.map { gold.contains($0) } ?? false
                    r.tier1PrecisionAt1.add(hit)
                    r.tier1PrecisionByLanguage[e.lang, default: Rate()].add(hit)
                    if let s = e.source { r.tier1PrecisionBySource[s, default: Rate()].add(hit) }
                }
            }
        }
        return r
    }
}
