import EarshotCore
import Foundation

/// Writes the JSON bodies that the SQLite store keeps for impressions and audit rules, without
/// `JSONEncoder` (serving writes them for every ad). The store's decoder reads them back: default key
/// names, dates as seconds since 1970. The conformance suite checks the round trip.
enum StoredJSON {
    static func impression(_ i: Impression) -> String {
        var w = JSONWriter()
        w.raw("{\"advertiserID\":"); w.string(i.advertiserID.rawValue)
        w.raw(",\"campaignID\":"); w.string(i.campaignID.rawValue)
        w.raw(",\"clicked\":"); w.raw(i.clicked ? "true" : "false")
        w.raw(",\"explanation\":{\"basis\":"); w.string(i.explanation.basis.rawValue)
        w.raw(",\"howToChange\":"); w.string(i.explanation.howToChange)
        w.raw(",\"matchedInterests\":[")
        for (n, e) in i.explanation.matchedInterests.enumerated() {
            if n > 0 { w.raw(",") }
            w.raw("{\"eventCount\":"); w.number(Double(e.eventCount))
            w.raw(",\"firstSeen\":"); w.seconds(e.firstSeen)
            w.raw(",\"lastSeen\":"); w.seconds(e.lastSeen)
            w.raw(",\"name\":"); w.string(e.name)
            w.raw(",\"score\":"); w.number(e.score)
            w.raw(",\"surfaces\":["); w.strings(e.surfaces.map(\.rawValue))
            w.raw("],\"topicID\":"); w.string(e.topicID.rawValue)
            w.raw("}")
        }
        w.raw("],\"policyReasons\":["); w.strings(i.explanation.policyReasons)
        w.raw("],\"summary\":"); w.string(i.explanation.summary)
        w.raw("},\"id\":"); w.string(i.id.rawValue)
        w.raw(",\"personID\":"); w.string(i.personID.rawValue)
        w.raw(",\"priceCPM\":"); w.number(i.priceCPM)
        w.raw(",\"surface\":"); w.string(i.surface.rawValue)
        w.raw(",\"time\":"); w.seconds(i.time)
        w.raw("}")
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func rules(_ rules: [RuleOutcome]) -> String {
        var w = JSONWriter()
        w.raw("[")
        for (n, r) in rules.enumerated() {
            if n > 0 { w.raw(",") }
            w.raw("{\"effect\":"); w.string(r.effect.rawValue)
            w.raw(",\"reason\":"); w.string(r.reason)
            w.raw(",\"rule\":"); w.string(r.rule.rawValue)
            w.raw("}")
        }
        w.raw("]")
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
