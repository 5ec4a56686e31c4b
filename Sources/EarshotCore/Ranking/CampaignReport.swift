import Foundation

/// An advertiser's view of a campaign that never singles a person out: every cell that covers fewer
/// than `k` people is suppressed, and so is a second cell wherever one suppressed cell could be
/// recovered by subtracting the others from the total.
public struct CampaignReport: Sendable, Hashable, Codable {
    /// One row of a breakdown. Suppressed rows carry no numbers.
    public struct Cell: Sendable, Hashable, Codable {
        public var key: String
        public var impressions: Int?
        public var clicks: Int?
        public var reach: Int?
        public var suppressed: Bool
    }

    public var campaignID: CampaignID
    public var k: Int
    /// Totals, or nil when the whole campaign reached fewer than k people.
    public var impressions: Int?
    public var clicks: Int?
    public var spend: Double?
    public var reach: Int?
    /// By matched interest (IAB id) and by AI surface class (chat, voice, glasses, video feed, image generator).
    public var byTopic: [Cell]
    public var bySurfaceClass: [Cell]

    /// Builds the report from served impressions. `surfaceClass` maps an AI surface to its class.
    public init(campaignID: CampaignID, impressions list: [Impression], k: Int = 100,
                surfaceClass: (Surface) -> AISurfaceClass?) {
        self.campaignID = campaignID
        self.k = k
        let people = Set(list.map(\.personID))
        let visible = people.count >= k
        impressions = visible ? list.count : nil
        clicks = visible ? list.filter(\.clicked).count : nil
        spend = visible ? (list.reduce(0) { $0 + $1.priceCPM } / 1000 * 100).rounded() / 100 : nil
        reach = visible ? people.count : nil

        func breakdown(_ keys: (Impression) -> [String]) -> [Cell] {
            var groups: [String: [Impression]] = [:]
            for i in list { for key in Set(keys(i)) { groups[key, default: []].append(i) } }
            var cells = groups.map { key, rows -> Cell in
                let reach = Set(rows.map(\.personID)).count
                let show = visible && reach >= k
                return Cell(key: key, impressions: show ? rows.count : nil, clicks: show ? rows.filter(\.clicked).count : nil,
                            reach: show ? reach : nil, suppressed: !show)
            }.sorted { $0.key < $1.key }
            // Complementary suppression: one hidden cell next to a visible total could be recovered.
            if visible, cells.filter(\.suppressed).count == 1,
               let i = cells.indices.filter({ !cells[$0].suppressed }).min(by: { (cells[$0].reach ?? 0) < (cells[$1].reach ?? 0) })
            {
                cells[i] = Cell(key: cells[i].key, impressions: nil, clicks: nil, reach: nil, suppressed: true)
            }
            return cells
        }
        byTopic = breakdown { $0.explanation.matchedInterests.map(\.topicID.rawValue) }
        bySurfaceClass = breakdown { i in
            i.explanation.matchedInterests.flatMap(\.surfaces).compactMap { surfaceClass($0)?.rawValue }
        }
    }
}
