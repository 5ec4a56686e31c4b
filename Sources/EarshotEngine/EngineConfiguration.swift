import EarshotCore
import Foundation

/// Settings for the engine. Every field has a default.
public struct EngineConfiguration: Sendable {
    /// Half-life of interest scores (default 30 days).
    public var halfLife: TimeInterval = 30 * 86_400
    public var policy: PolicyConfig = .standard
    public var catalog: ProductCatalog = .standard
    /// Topics below this classifier score do not become signals.
    public var minSignalScore: Double = 0.3
    /// Most events accepted in one ingest call.
    public var maxBatch = 1_000
    /// The clock; tests inject a fixed one.
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}

/// Errors the engine reports to callers. Messages name fields and ids, never text or personal data.
public enum EngineError: Error, CustomStringConvertible, Sendable, Equatable {
    case unknownPerson(PersonID)
    case unknownEvent(EventID)
    case unknownImpression(ImpressionID)
    case unknownSurface(String)
    case unknownCampaign(CampaignID)
    case unknownAdvertiser(AdvertiserID)
    case unknownCredential
    case invalid(field: String, message: String)
    case batchTooLarge(count: Int, limit: Int)

    public var description: String {
        switch self {
        // Ids are personal data: messages name the kind of thing, never the id.
        case .unknownPerson: "unknown person"
        case .unknownEvent: "unknown event"
        case .unknownImpression: "unknown impression"
        case .unknownCampaign: "unknown campaign"
        case .unknownAdvertiser: "unknown advertiser"
        case .unknownCredential: "unknown or already revoked key"
        case .unknownSurface(let s): "surface: unknown surface '\(s)'"
        case .invalid(let field, let message): "\(field): \(message)"
        case .batchTooLarge(let count, let limit): "batch of \(count) items is larger than the limit of \(limit)"
        }
    }

    /// The field the error is about, for problem documents.
    public var field: String? {
        switch self {
        case .unknownPerson: "personId"
        case .unknownEvent: "eventId"
        case .unknownImpression: "impressionId"
        case .unknownCampaign: "campaignId"
        case .unknownAdvertiser: "advertiserId"
        case .unknownCredential: "keyId"
        case .unknownSurface: "surface"
        case .invalid(let field, _): field
        case .batchTooLarge: "items"
        }
    }
}
