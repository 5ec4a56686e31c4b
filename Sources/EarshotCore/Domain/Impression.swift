import Foundation

/// One served ad, kept so that "why am I seeing this ad?" can be answered later and caps enforced.
public struct Impression: Sendable, Hashable, Codable {
    public var id: ImpressionID
    public var personID: PersonID
    public var campaignID: CampaignID
    public var advertiserID: AdvertiserID
    public var surface: Surface
    public var time: Date
    public var priceCPM: Double
    public var explanation: Explanation
    public var clicked: Bool

    public init(id: ImpressionID, personID: PersonID, campaignID: CampaignID, advertiserID: AdvertiserID, surface: Surface,
                time: Date, priceCPM: Double, explanation: Explanation, clicked: Bool = false) {
        self.id = id
        self.personID = personID
        self.campaignID = campaignID
        self.advertiserID = advertiserID
        self.surface = surface
        self.time = time
        self.priceCPM = priceCPM
        self.explanation = explanation
        self.clicked = clicked
    }
}
