import EarshotCore
import EarshotEngine
import Foundation

/// Loads the demo world through the engine (so the demo exercises the real pipeline) and issues demo keys.
enum DemoLoader {
    static func load(into engine: Engine) async throws -> String {
        let world = DemoWorld(now: Date())
        try await engine.upsertPeople(world.people)
        try await engine.upsertAccounts(world.accounts)
        try await engine.upsertCampaigns(world.campaigns)
        try await engine.upsertFeedItems(world.feedItems)
        let report = try await engine.ingest(world.events)
        return "\(world.people.count) people, \(world.accounts.count) accounts, \(world.campaigns.count) campaigns, "
            + "\(world.feedItems.count) feed items, \(report.recorded) new events (\(report.duplicates) already there)"
    }

    /// Revokes the keys of earlier demo runs and issues fresh ones; returns the lines to print.
    static func issueKeys(_ engine: Engine) async throws -> [String] {
        for c in try await engine.credentials() where c.label.hasPrefix("demo") && c.revokedAt == nil {
            try await engine.revokeCredential(c.id)
        }
        func key(_ scope: Scope) async throws -> String {
            try await engine.issueCredential(kind: .apiKey, scopes: [scope], label: "demo \(scope)").token
        }
        func session(_ scope: Scope) async throws -> String {
            try await engine.issueCredential(kind: .session, scopes: [scope], label: "demo session").token
        }
        return [
            "Demo keys (Authorization: Bearer <key>):",
            "  operator               \(try await key(.operator))",
            "  ingest                 \(try await key(.ingest))",
            "  exchange               \(try await key(.exchange))",
            "  advertiser summit-gear \(try await key(.advertiser("summit-gear")))",
            "Transparency center sign-in tokens (paste on /center/login):",
            "  ava (adult, US)        \(try await session(.person("ava")))",
            "  maya (15, parent noah) \(try await session(.person("maya")))",
            "  noah (maya's parent)   \(try await session(.person("noah")))",
            "  summit-gear (advertiser) \(try await session(.advertiser("summit-gear")))",
        ]
    }

    static func tour(base: String) -> [String] {
        [
            "Transparency center: \(base)/center/login",
            "Try (with the operator key in $KEY):",
            "  curl -s -H \"Authorization: Bearer $KEY\" \(base)/v1/people/ava/profile",
            "  curl -s -H \"Authorization: Bearer $KEY\" '\(base)/v1/people/ava/ads?surface=social_feed&slots=3'",
            "  curl -s -H \"Authorization: Bearer $KEY\" '\(base)/v1/people/ava/feed?limit=10'",
        ]
    }
}
