/// The seven special categories of personal data that Earshot never uses for ads.
public enum SensitiveCategory: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case religion
    case philosophicalBeliefs = "philosophical_beliefs"
    case politicalOpinions = "political_opinions"
    case tradeUnion = "trade_union"
    case racialEthnicOrigin = "racial_ethnic_origin"
    /// Physical and mental health, medication, disability, pregnancy and fertility, genetics.
    case health
    /// Also sex life and gender identity.
    case sexualOrientation = "sexual_orientation"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Ad categories that a person may switch off, and that teens never receive.
public enum RestrictedAdCategory: String, Sendable, Codable, Hashable, CaseIterable {
    case alcohol, gambling, dating
    case weightLoss = "weight_loss"
    case pregnancyParenting = "pregnancy_parenting"
    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(decoder) }
}
