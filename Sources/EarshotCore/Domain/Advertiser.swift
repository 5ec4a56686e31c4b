import Foundation

/// A company that buys ads. Campaigns belong to one advertiser; an `advertiser:<id>` key sees only its own.
public struct Advertiser: Sendable, Hashable, Codable {
    public var id: AdvertiserID
    /// Shown to people in ad explanations.
    public var name: String

    public init(id: AdvertiserID, name: String) {
        self.id = id
        self.name = name
    }

    /// A name people can read: 1-200 bytes, not only whitespace.
    public static func isValidName(_ name: String) -> Bool { !name.allSatisfy(\.isWhitespace) && name.utf8.count <= 200 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(AdvertiserID.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        guard Self.isValidName(name) else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "must be 1-200 bytes of text")
        }
    }
}
