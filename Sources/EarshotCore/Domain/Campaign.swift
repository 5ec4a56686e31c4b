import Foundation

/// An advertiser's campaign.
public struct Campaign: Sendable, Hashable, Codable {
    public var id: CampaignID
    public var advertiserID: AdvertiserID
    /// Shown to people in explanations.
    public var advertiserName: String
    public var creative: Creative
    /// IAB ids; a parent node matches its descendants.
    public var targetTopics: [TopicID]
    /// ISO country codes; empty means every country.
    public var countries: [String]
    public var minAge: Int
    public var maxAge: Int
    /// Surfaces the ad may show on; empty means every social surface.
    public var surfaces: [Surface]
    /// Bid in currency units per thousand impressions.
    public var bidCPM: Double
    /// Most impressions per person per UTC day and per 7 days; nil = no cap.
    public var capPerDay: Int?
    public var capPerWeek: Int?
    /// When the campaign may run; nil = open-ended.
    public var startsAt: Date?
    public var endsAt: Date?
    /// Most spend per UTC day, paced evenly over the day; nil = unlimited.
    public var dailyBudget: Double?

    public init(id: CampaignID, advertiserID: AdvertiserID, advertiserName: String, creative: Creative,
                targetTopics: [TopicID], countries: [String] = [], minAge: Int = 18, maxAge: Int = 120,
                surfaces: [Surface] = [], bidCPM: Double, capPerDay: Int? = nil, capPerWeek: Int? = nil) {
        self.capPerDay = capPerDay
        self.capPerWeek = capPerWeek
        self.id = id
        self.advertiserID = advertiserID
        self.advertiserName = advertiserName
        self.creative = creative
        self.targetTopics = targetTopics
        self.countries = countries.map { $0.uppercased() }
        self.minAge = minAge
        self.maxAge = maxAge
        self.surfaces = surfaces
        self.bidCPM = bidCPM
    }

    enum CodingKeys: String, CodingKey {
        case id, advertiserID, advertiserName, creative, targetTopics, countries, minAge, maxAge, surfaces, bidCPM
        case capPerDay, capPerWeek, startsAt, endsAt, dailyBudget
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(CampaignID.self, forKey: .id)
        advertiserID = try c.decode(AdvertiserID.self, forKey: .advertiserID)
        advertiserName = try c.decodeIfPresent(String.self, forKey: .advertiserName) ?? advertiserID.rawValue
        creative = try c.decode(Creative.self, forKey: .creative)
        targetTopics = try c.decodeIfPresent([TopicID].self, forKey: .targetTopics) ?? []
        countries = (try c.decodeIfPresent([String].self, forKey: .countries) ?? []).map { $0.uppercased() }
        minAge = try c.decodeIfPresent(Int.self, forKey: .minAge) ?? 18
        maxAge = try c.decodeIfPresent(Int.self, forKey: .maxAge) ?? 120
        surfaces = try c.decodeIfPresent([Surface].self, forKey: .surfaces) ?? []
        bidCPM = try c.decode(Double.self, forKey: .bidCPM)
        guard bidCPM.isFinite, bidCPM > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .bidCPM, in: c, debugDescription: "must be a positive number")
        }
        capPerDay = try c.decodeIfPresent(Int.self, forKey: .capPerDay)
        capPerWeek = try c.decodeIfPresent(Int.self, forKey: .capPerWeek)
        for (key, cap) in [(CodingKeys.capPerDay, capPerDay), (.capPerWeek, capPerWeek)] where (cap ?? 1) < 1 {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be at least 1")
        }
        startsAt = try c.decodeIfPresent(Date.self, forKey: .startsAt)
        endsAt = try c.decodeIfPresent(Date.self, forKey: .endsAt)
        if let s = startsAt, let e = endsAt, e <= s {
            throw DecodingError.dataCorruptedError(forKey: .endsAt, in: c, debugDescription: "must be after startsAt")
        }
        dailyBudget = try c.decodeIfPresent(Double.self, forKey: .dailyBudget)
        if let b = dailyBudget, !(b.isFinite && b > 0) {
            throw DecodingError.dataCorruptedError(forKey: .dailyBudget, in: c, debugDescription: "must be a positive number")
        }
        guard minAge >= 0, maxAge >= minAge else {
            throw DecodingError.dataCorruptedError(forKey: .maxAge, in: c, debugDescription: "must be at least minAge")
        }
    }
}

/// What an ad shows.
public struct Creative: Sendable, Hashable, Codable {
    public var headline: String
    public var body: String
    public var url: String

    public init(headline: String, body: String, url: String) {
        self.headline = headline
        self.body = body
        self.url = url
    }
}

/// Something that can appear in a feed.
public struct FeedItem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        case reel, post, event
        public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(decoder) }
    }

    public var id: FeedItemID
    public var kind: Kind
    public var title: String
    public var author: String
    public var topics: [TopicID]
    public var publishedAt: Date

    public init(id: FeedItemID, kind: Kind, title: String, author: String, topics: [TopicID], publishedAt: Date) {
        self.id = id
        self.kind = kind
        self.title = title
        self.author = author
        self.topics = topics
        self.publishedAt = publishedAt
    }
}
