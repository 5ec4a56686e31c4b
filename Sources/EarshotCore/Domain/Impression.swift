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

extension ImpressionID {
    /// A new impression id: `imp-` and a version-7 UUID in lower case (48 bits of Unix milliseconds, then
    /// random bits). Ids made later sort later, so stores append to their id index instead of writing
    /// into random pages of it: with random ids an impressions table of a few million rows made every
    /// commit touch pages all over the index. The random bits come from the system generator
    /// (`getrandom`), not `UUID()`, which opens `/dev/urandom` for every id on Linux.
    public static func random(at time: Date = Date()) -> ImpressionID {
        var g = SystemRandomNumberGenerator()
        let ms = UInt64(max(0, time.timeIntervalSince1970 * 1000).rounded(.down)) & 0xFFFF_FFFF_FFFF
        let a = ms << 16 | 0x7000 | (g.next() & 0x0FFF)  // version 7
        let b = g.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 9562 variant
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = Array("imp-".utf8)
        out.reserveCapacity(40)
        // 8-4-4-4-12 hex digits: dashes before digits 8 and 12 of the first word, 0 and 4 of the second.
        for (word, dashes) in [(a, [8, 12]), (b, [0, 4])] {
            for digit in 0..<16 {
                if dashes.contains(digit) { out.append(0x2D) }
                out.append(hex[Int((word >> UInt64(60 - 4 * digit)) & 15)])
            }
        }
        return ImpressionID(String(decoding: out, as: UTF8.self))
    }
}
