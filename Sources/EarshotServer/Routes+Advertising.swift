import EarshotCore
import EarshotEngine
import Foundation
import Hummingbird

/// Advertisers, campaigns, reports, reach estimates, impressions and feed items. An `advertiser:<id>`
/// key sees and changes only its own advertiser and campaigns; the operator sees all.
extension Routes {
    private struct ReachEstimate: Encodable { let estimate: Int?; let k: Int; let note: String }

    func registerAdvertising(_ r: Registrar) {
        r.get("v1/advertisers", .advertising) { request, context in
            let principal = try context.requirePrincipal()
            let visible = try await engine.advertisers().filter { principal.mayManage($0.id) }
            return try JSONBody.response(try Page.of(visible, key: "advertisers", id: \.id.rawValue, request: request))
        }
        r.post("v1/advertisers", .operatorOnly) { request, _ in
            let advertisers = try await all(Advertiser.self, key: "advertisers", request)
            try await engine.upsertAdvertisers(advertisers)
            return try JSONBody.response(["upserted": advertisers.count])
        }
        r.get("v1/advertisers/:id", .authenticated) { _, context in
            let id = AdvertiserID(try context.parameters.require("id"))
            _ = try context.require { $0.mayManage(id) }
            return try JSONBody.response(try await engine.advertiser(id))
        }
        r.get("v1/campaigns", .advertising) { request, context in
            let principal = try context.requirePrincipal()
            let visible = try await engine.campaigns().filter { principal.mayManage($0.advertiserID) }
            return try JSONBody.response(try Page.of(visible, key: "campaigns", id: \.id.rawValue, request: request))
        }
        r.post("v1/campaigns", .advertising) { request, context in
            let principal = try context.requirePrincipal()
            let campaigns = try await all(Campaign.self, key: "campaigns", request)
            if !principal.isOperator {
                for c in campaigns {
                    // Own advertiser only, and never taking over another advertiser's campaign id.
                    guard principal.mayManage(c.advertiserID) else { throw Problem.forbidden }
                    if let owner = try await engine.owner(ofCampaign: c.id), !principal.mayManage(owner) { throw Problem.forbidden }
                }
            }
            try await engine.upsertCampaigns(campaigns)
            return try JSONBody.response(["upserted": campaigns.count])
        }
        r.post("v1/campaigns/reach-estimate", .advertising) { request, context in
            let principal = try context.requirePrincipal()
            let draft = try await body.decode(Campaign.self, from: request)
            guard principal.mayManage(draft.advertiserID) else { throw Problem.forbidden }
            let (estimate, k) = try await engine.reachEstimate(draft)
            return try JSONBody.response(ReachEstimate(estimate: estimate, k: k,
                                                       note: estimate == nil ? "fewer than \(k) people" : "rounded down to a multiple of 10"))
        }
        r.get("v1/campaigns/:id", .authenticated) { _, context in
            let id = try await ownedCampaign(context)
            return try JSONBody.response(try await engine.campaign(id))
        }
        r.delete("v1/campaigns/:id", .authenticated) { _, context in
            let id = try await ownedCampaign(context)
            try await engine.deleteCampaign(id)
            return try JSONBody.response(["deleted": id.rawValue])
        }
        r.get("v1/campaigns/:id/report", .authenticated) { _, context in
            let id = try await ownedCampaign(context)
            return try JSONBody.response(try await engine.report(id))
        }
        r.get("v1/impressions/:id/explanation", .authenticated) { _, context in
            let id = ImpressionID(try context.parameters.require("id"))
            try await context.requireOwner { try await engine.store.impression(id)?.personID }
            return try JSONBody.response(try await engine.impression(id))
        }
        r.post("v1/impressions/:id/click", .scope(.ingest)) { _, context in
            try await engine.recordClick(ImpressionID(try context.parameters.require("id")))
            return try JSONBody.response(["clicked": true])
        }
        r.get("v1/feed-items", .operatorOnly) { request, _ in
            try JSONBody.response(try Page.of(try await engine.feedItems(), key: "items", id: \.id.rawValue, request: request))
        }
        r.post("v1/feed-items", .operatorOnly) { request, _ in
            let items = try await all(FeedItem.self, key: "items", request)
            try await engine.upsertFeedItems(items)
            return try JSONBody.response(["upserted": items.count])
        }
    }

    /// The `:id` campaign if the caller may manage it. Non-operators get the same 403 for a missing campaign
    /// and for another advertiser's.
    private func ownedCampaign(_ context: EarshotContext) async throws -> CampaignID {
        let id = CampaignID(try context.parameters.require("id"))
        let principal = try context.requirePrincipal()
        if principal.isOperator { return id }
        guard let owner = try await engine.owner(ofCampaign: id), principal.mayManage(owner) else { throw Problem.forbidden }
        return id
    }
}
