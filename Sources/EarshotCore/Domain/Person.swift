import Foundation

/// An Accounts Center identity: the person that one or more product accounts belong to.
public struct Person: Hashable, Sendable, Codable {
    /// Stable identifier.
    public var id: PersonID
    /// Country of residence, ISO 3166-1 alpha-2 (upper case). Residence, not the location of one event.
    public var country: String
    /// Birth date, when known. Policy denies age-dependent activities when it is missing.
    public var birthDate: Day?
    /// The person's privacy and advertising settings.
    public var settings: PersonSettings

    public init(id: PersonID, country: String, birthDate: Day?, settings: PersonSettings = PersonSettings()) {
        self.id = id
        let upper = country.uppercased()
        self.country = Self.countryAliases[upper] ?? upper
        self.birthDate = birthDate
        self.settings = settings
    }

    enum CodingKeys: String, CodingKey { case id, country, birthDate, settings }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(PersonID.self, forKey: .id)
        var country = try c.decode(String.self, forKey: .country).uppercased()
        // Common non-ISO aliases would otherwise slip past the jurisdiction list.
        if let iso = Self.countryAliases[country] { country = iso }
        guard country.count == 2, country.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .country, in: c, debugDescription: "expected an ISO 3166-1 alpha-2 country code such as US")
        }
        self.country = country
        birthDate = try c.decodeIfPresent(Day.self, forKey: .birthDate)
        settings = try c.decodeIfPresent(PersonSettings.self, forKey: .settings) ?? PersonSettings()
    }

    /// Aliases in use that are not ISO 3166-1 alpha-2 codes.
    public static let countryAliases = ["UK": "GB", "EL": "GR"]

    /// Age in whole years on `day`, or nil when the birth date is unknown.
    public func age(on day: Day) -> Int? { birthDate.map { $0.years(until: day) } }
}

/// A product account (an assistant app, a pair of glasses, a social app), linked to a person or not.
public struct Account: Hashable, Sendable, Codable {
    public var id: AccountID
    /// The product this account belongs to: a surface id from the product catalog.
    public var product: Surface
    /// The person this account is linked to in Accounts Center, or nil when unlinked.
    public var personID: PersonID?

    public init(id: AccountID, product: Surface, personID: PersonID?) {
        self.id = id
        self.product = product
        self.personID = personID
    }
}
