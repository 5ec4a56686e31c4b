import EarshotCore
import Foundation

/// Writes an ``AdsResponse`` as JSON directly into bytes, in the same form as ``JSONCoding/encoder(pretty:)``
/// (sorted keys, `Id`/`Cpm` names, ISO 8601 dates). The ads endpoint is the hottest path of the API and
/// Foundation's `JSONEncoder` (with its key strategy) was most of its CPU time; a test checks that both
/// encoders produce the same JSON.
public enum AdsJSON {
    public static func encode(_ r: AdsResponse) -> [UInt8] {
        var w = JSONWriter()
        w.bytes.reserveCapacity(1024 + r.ads.count * 1500)
        w.raw("{\"ads\":[")
        for (i, ad) in r.ads.enumerated() {
            if i > 0 { w.raw(",") }
            placement(ad, &w)
        }
        w.raw("],\"decision\":")
        decision(r.decision, &w)
        w.raw(",\"personId\":"); w.string(r.personID.rawValue)
        w.raw(",\"surface\":"); w.string(r.surface.rawValue)
        w.raw(",\"targeted\":"); w.raw(r.targeted ? "true" : "false")
        w.raw("}")
        return w.bytes
    }

    static func placement(_ ad: AdPlacement, _ w: inout JSONWriter) {
        w.raw("{\"advertiserId\":"); w.string(ad.advertiserID.rawValue)
        w.raw(",\"advertiserName\":"); w.string(ad.advertiserName)
        w.raw(",\"campaignId\":"); w.string(ad.campaignID.rawValue)
        w.raw(",\"creative\":{\"body\":"); w.string(ad.creative.body)
        w.raw(",\"headline\":"); w.string(ad.creative.headline)
        w.raw(",\"url\":"); w.string(ad.creative.url)
        w.raw("},\"explanation\":")
        explanation(ad.explanation, &w)
        if let id = ad.impressionID { w.raw(",\"impressionId\":"); w.string(id.rawValue) }
        w.raw(",\"priceCpm\":"); w.number(ad.priceCPM)
        w.raw(",\"score\":"); w.number(ad.score)
        w.raw("}")
    }

    static func explanation(_ x: Explanation, _ w: inout JSONWriter) {
        w.raw("{\"basis\":"); w.string(x.basis.rawValue)
        w.raw(",\"howToChange\":"); w.string(x.howToChange)
        w.raw(",\"matchedInterests\":[")
        for (i, e) in x.matchedInterests.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"eventCount\":"); w.number(Double(e.eventCount))
            w.raw(",\"firstSeen\":"); w.date(e.firstSeen)
            w.raw(",\"lastSeen\":"); w.date(e.lastSeen)
            w.raw(",\"name\":"); w.string(e.name)
            w.raw(",\"score\":"); w.number(e.score)
            w.raw(",\"surfaces\":["); w.strings(e.surfaces.map(\.rawValue))
            w.raw("],\"topicId\":"); w.string(e.topicID.rawValue)
            w.raw("}")
        }
        w.raw("],\"policyReasons\":["); w.strings(x.policyReasons)
        w.raw("],\"summary\":"); w.string(x.summary)
        w.raw("}")
    }

    static func decision(_ d: Decision, _ w: inout JSONWriter) {
        w.raw("{\"activity\":"); w.string(d.activity.rawValue)
        w.raw(",\"allowed\":"); w.raw(d.allowed ? "true" : "false")
        w.raw(",\"rules\":[")
        for (i, r) in d.rules.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"effect\":"); w.string(r.effect.rawValue)
            w.raw(",\"reason\":"); w.string(r.reason)
            w.raw(",\"rule\":"); w.string(r.rule.rawValue)
            w.raw("}")
        }
        w.raw("]}")
    }
}
