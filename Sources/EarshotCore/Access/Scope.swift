/// What a credential may do. Written as text in keys, the CLI and the API:
/// `operator`, `ingest`, `exchange`, `advertiser:<id>`, `person:<id>`.
public enum Scope: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Runs the platform: people, accounts, policy, every advertiser's campaigns, feed items.
    case `operator`
    /// An AI product that sends interaction events.
    case ingest
    /// An ad exchange that asks for segments (OpenRTB enrichment).
    case exchange
    /// One advertiser: its own campaigns and reports only.
    case advertiser(AdvertiserID)
    /// One person's session in the transparency center: their own data only (and, for a parent,
    /// the approval requests of a linked teen).
    case person(PersonID)

    /// A scope that is not one of the five forms.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Parses the text form.
    public init(parsing text: String) throws {
        switch text {
        case "operator": self = .operator
        case "ingest": self = .ingest
        case "exchange": self = .exchange
        default:
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty, parts[1].utf8.count <= 128 else {
                throw ParseError(description: "scope must be operator, ingest, exchange, advertiser:<id> or person:<id>")
            }
            switch parts[0] {
            case "advertiser": self = .advertiser(AdvertiserID(String(parts[1])))
            case "person": self = .person(PersonID(String(parts[1])))
            default: throw ParseError(description: "scope must be operator, ingest, exchange, advertiser:<id> or person:<id>")
            }
        }
    }

    public var description: String {
        switch self {
        case .operator: "operator"
        case .ingest: "ingest"
        case .exchange: "exchange"
        case .advertiser(let id): "advertiser:\(id.rawValue)"
        case .person(let id): "person:\(id.rawValue)"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(parsing: text) } catch let e as ParseError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: e.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
