import Foundation

/// An ad exchange's user id registered for a person, so that `POST /openrtb2/enrich` can resolve
/// `user.id` or `user.buyeruid` values that are not Earshot person ids.
public struct ExchangeUser: Sendable, Hashable, Codable {
    /// The exchange's id for the user (unique across the registry).
    public var id: String
    public var personID: PersonID

    public init(id: String, personID: PersonID) {
        self.id = id
        self.personID = personID
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        personID = try c.decode(PersonID.self, forKey: .personID)
        guard !id.isEmpty, id.utf8.count <= 256 else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "must be 1-256 bytes")
        }
    }
}
