/// A typed string identifier, so that a person id cannot be passed where an account id is expected.
///
/// Encodes and decodes as a plain JSON string.
public struct Identifier<Tag>: Hashable, Sendable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The identifier's text.
    public let rawValue: String

    /// Wraps an identifier's text.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(String.self)
        guard !value.isEmpty, value.utf8.count <= Self.maxLength else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "must be a non-empty string of at most \(Self.maxLength) bytes")
        }
        self.rawValue = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The longest identifier accepted from outside, in UTF-8 bytes.
    public static var maxLength: Int { 128 }
}

public enum PersonTag {}
public enum AccountTag {}
public enum EventTag {}
public enum CampaignTag {}
public enum AdvertiserTag {}
public enum FeedItemTag {}
public enum ConversationTag {}
public enum ImpressionTag {}

public typealias PersonID = Identifier<PersonTag>
public typealias AccountID = Identifier<AccountTag>
public typealias EventID = Identifier<EventTag>
public typealias CampaignID = Identifier<CampaignTag>
public typealias AdvertiserID = Identifier<AdvertiserTag>
public typealias FeedItemID = Identifier<FeedItemTag>
public typealias ConversationID = Identifier<ConversationTag>
public typealias ImpressionID = Identifier<ImpressionTag>
