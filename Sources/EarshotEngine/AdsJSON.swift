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
        w.explanation(ad.explanation, style: .api)
        if let id = ad.impressionID { w.raw(",\"impressionId\":"); w.string(id.rawValue) }
        w.raw(",\"priceCpm\":"); w.number(ad.priceCPM)
        w.raw(",\"score\":"); w.number(ad.score)
        w.raw("}")
    }

    static func decision(_ d: Decision, _ w: inout JSONWriter) {
        w.raw("{\"activity\":"); w.string(d.activity.rawValue)
        w.raw(",\"allowed\":"); w.raw(d.allowed ? "true" : "false")
        w.raw(",\"rules\":")
        w.rules(d.rules)
        w.raw("}")
    }
}
