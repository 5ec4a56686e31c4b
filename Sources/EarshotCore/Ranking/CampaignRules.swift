/// Checks a campaign against what advertisers may never do.
public struct CampaignRules: Sendable {
    public let taxonomy: Taxonomy
    public let sensitiveMap: SensitiveMap
    public let catalog: ProductCatalog

    public init(taxonomy: Taxonomy, sensitiveMap: SensitiveMap, catalog: ProductCatalog) {
        self.taxonomy = taxonomy
        self.sensitiveMap = sensitiveMap
        self.catalog = catalog
    }

    /// A campaign that breaks a rule, with every problem named by field.
    public struct Violation: Error, CustomStringConvertible, Sendable, Hashable {
        public var problems: [String]
        public var description: String { problems.joined(separator: "; ") }
    }

    /// Throws when the campaign targets a sensitive, proxy or blocked node, an unknown topic or
    /// surface, or anyone under 18.
    public func validate(_ c: Campaign) throws {
        var problems: [String] = []
        if c.targetTopics.isEmpty { problems.append("targetTopics: at least one topic is required") }
        for (i, t) in c.targetTopics.enumerated() {
            guard taxonomy.contains(t) else {
                problems.append("targetTopics[\(i)]: unknown IAB Content Taxonomy 3.1 id '\(t)'"); continue
            }
            switch sensitiveMap.classify(t) {
            case .sensitive(let cat):
                problems.append("targetTopics[\(i)]: \(taxonomy.name(t)) is a sensitive topic (\(cat.rawValue)) and cannot be targeted")
            case .proxy(let cat):
                problems.append("targetTopics[\(i)]: \(taxonomy.name(t)) is a proxy for \(cat.rawValue) and cannot be targeted")
            case .blocked:
                problems.append("targetTopics[\(i)]: \(taxonomy.name(t)) is a blocked topic and cannot be targeted")
            case .restricted, nil:
                break
            }
        }
        if c.minAge < 18 { problems.append("minAge: campaigns may not target people under 18") }
        for (i, country) in c.countries.enumerated()
        where country.count != 2 || !country.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) {
            problems.append("countries[\(i)]: '\(country)' is not an ISO 3166-1 alpha-2 code")
        }
        for (i, s) in c.surfaces.enumerated() where catalog.product(s)?.role != .social {
            problems.append("surfaces[\(i)]: '\(s)' is not an ad surface")
        }
        if !problems.isEmpty { throw Violation(problems: problems) }
    }
}

/// Even daily pacing: a campaign may spend, by a moment of the UTC day, its budget times the share of
/// the day that has passed (plus a small allowance so that early-morning traffic is not starved).
public enum Pacing {
    public static func allows(spentToday: Double, dailyBudget: Double, dayFraction: Double, allowance: Double = 0.05) -> Bool {
        spentToday < dailyBudget * min(1, max(0, dayFraction) + allowance)
    }
}
