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
        w.raw(",\"explanation\":")
        w.explanation(i.explanation, style: .stored)
        w.raw(",\"id\":"); w.string(i.id.rawValue)
        w.raw(",\"personID\":"); w.string(i.personID.rawValue)
        w.raw(",\"priceCPM\":"); w.number(i.priceCPM)
        w.raw(",\"surface\":"); w.string(i.surface.rawValue)
        w.raw(",\"time\":"); w.seconds(i.time)
        w.raw("}")
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func rules(_ rules: [RuleOutcome]) -> String {
        var w = JSONWriter()
        w.rules(rules)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
