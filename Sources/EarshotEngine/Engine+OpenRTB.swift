import EarshotCore
import Foundation

/// What enriching an OpenRTB 2.6 BidRequest gave: the request back (with Earshot's `user.data` entry
/// when the person may be targeted) or an OpenRTB-style error.
public enum BidRequestEnrichment: Sendable {
    /// The request, otherwise unchanged (unknown fields kept), as JSON with sorted keys.
    case enriched(Data)
    /// `{"id", "nbr": 2, "ext": {"error"}}`: an invalid request. The message names the field and never
    /// echoes user data.
    case invalid(Data)

    /// The OpenRTB-style error for an invalid request: `nbr` 2 and the message (which must not contain
    /// user data), with the request id when it is known.
    public static func rejecting(_ message: String, id: String? = nil) throws -> BidRequestEnrichment {
        var object: [String: Any] = ["nbr": 2, "ext": ["error": message]]
        if let id { object["id"] = id }
        return .invalid(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}

extension Engine {
    /// Adds Earshot's segments to an OpenRTB 2.6 BidRequest's `user.data` (`ext.segtax` 9, IAB Content
    /// Taxonomy 3.1). The person is resolved from `user.id` or a registered `user.buyeruid`. No segments
    /// are added for unknown people, when policy forbids targeting, or when the request carries COPPA,
    /// GDPR, a GPP section Earshot treats as an opt-out, GPC, or device `dnt`/`lmt`.
    public func enrichBidRequest(_ data: Data) async throws -> BidRequestEnrichment {
        func enriched(_ object: [String: Any]) throws -> BidRequestEnrichment {
            .enriched(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
        }
        guard String(validating: data, as: UTF8.self) != nil,
              let parsed = try? JSONSerialization.jsonObject(with: data), var bid = parsed as? [String: Any]
        else { return try .rejecting("body is not a JSON object") }
        guard let requestID = bid["id"] as? String, !requestID.isEmpty else { return try .rejecting("id: required string") }
        guard let imp = bid["imp"] as? [Any], !imp.isEmpty else { return try .rejecting("imp: at least one impression is required", id: requestID) }
        var user = bid["user"] as? [String: Any] ?? [:]
        if bid["user"] != nil && !(bid["user"] is [String: Any]) { return try .rejecting("user: must be an object", id: requestID) }
        let regs = bid["regs"] as? [String: Any] ?? [:]
        let regsExt = regs["ext"] as? [String: Any] ?? [:]
        let device = bid["device"] as? [String: Any] ?? [:]
        func flag(_ v: Any?) -> Bool { (v as? Int) == 1 || (v as? Bool) == true }
        let signals = ExchangeSignals(coppa: flag(regs["coppa"]), gdpr: flag(regs["gdpr"]) || flag(regsExt["gdpr"]),
                                      gppSections: (regs["gpp_sid"] as? [Int]) ?? [],
                                      gpc: flag(regs["gpc"]) || flag(regsExt["gpc"]),
                                      limitedTracking: flag(device["dnt"]) || flag(device["lmt"]))
        guard let person = try await resolveExchangeUser(id: user["id"] as? String, buyerUID: user["buyeruid"] as? String)
        else { return try enriched(bid) }  // nobody Earshot knows
        let result = try await segments(for: person, signals: signals)
        guard !result.segments.isEmpty else { return try enriched(bid) }
        var entries = user["data"] as? [Any] ?? []
        entries.append([
            "id": "earshot", "name": "earshot",
            "segment": result.segments.map { ["id": $0.rawValue] },
            "ext": ["segtax": result.segtax],
        ] as [String: Any])
        user["data"] = entries
        bid["user"] = user
        return try enriched(bid)
    }
}
