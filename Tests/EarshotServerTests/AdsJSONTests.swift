import EarshotCore
import EarshotEngine
import Foundation
import Testing

/// The hand-written ads encoder writes exactly what `JSONEncoder` with Earshot's conventions writes.
@Suite struct AdsJSONTests {
    @Test(arguments: ["ava", "lukas", "maya"])
    func matchesTheFoundationEncoder(_ person: String) async throws {
        let w = try TestWorld()
        try await w.seed()
        _ = try await w.engine.ingest([TestWorld.event("j1", account: "ava-assistant"), TestWorld.event("j2", account: "lukas-assistant")])
        var ads = try await w.engine.ads(for: PersonID(person), surface: "social_feed", slots: 3)
        // Escapes and awkward numbers too.
        if !ads.ads.isEmpty {
            ads.ads[0].creative.headline = "Quote \" slash / back \\ tab \t newline \n bell \u{07} é 日本"
            ads.ads[0].priceCPM = 0.1 + 0.2
            ads.ads[0].score = 12
        }
        let fast = AdsJSON.encode(ads)
        let reference = try JSONCoding.encoder().encode(ads)
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
        #expect(try JSONCoding.decoder().decode(AdsResponse.self, from: Data(fast)) == ads)
    }
}
