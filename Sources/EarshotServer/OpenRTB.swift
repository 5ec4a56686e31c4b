import EarshotCore
import EarshotEngine
import Foundation
import Hummingbird

/// `POST /openrtb2/enrich`: adds Earshot's segments to an OpenRTB 2.6 BidRequest's `user.data`.
///
/// The request is otherwise returned unchanged (unknown fields are kept). No segments are added when
/// the person may not be targeted or the request carries COPPA, GDPR, a GPP section Earshot treats as
/// an opt-out, or GPC. Errors are OpenRTB-style (`nbr` 2, invalid request) and never echo user data.
struct OpenRTBEnrichment: Sendable {
    let engine: Engine
    let body: JSONBody

    func register(_ r: Registrar) {
        r.post("openrtb2/enrich", .scope(.exchange)) { request, _ in try await enrich(request) }
    }

    private func invalid(_ message: String, id: String? = nil) throws -> Response {
        var object: [String: Any] = ["nbr": 2, "ext": ["error": message]]
        if let id { object["id"] = id }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: .badRequest, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func enrich(_ request: Request) async throws -> Response {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: body.maxBytes) } catch {
            return try invalid("request body larger than \(body.maxBytes) bytes")
        }
        let data = Data(buffer.readableBytesView)
        guard String(validating: data, as: UTF8.self) != nil,
              let parsed = try? JSONSerialization.jsonObject(with: data), var bid = parsed as? [String: Any]
        else { return try invalid("body is not a JSON object") }
        guard let requestID = bid["id"] as? String, !requestID.isEmpty else { return try invalid("id: required string") }
        guard let imp = bid["imp"] as? [Any], !imp.isEmpty else { return try invalid("imp: at least one impression is required", id: requestID) }
        var user = bid["user"] as? [String: Any] ?? [:]
        if bid["user"] != nil && !(bid["user"] is [String: Any]) { return try invalid("user: must be an object", id: requestID) }
        let regs = bid["regs"] as? [String: Any] ?? [:]
        let regsExt = regs["ext"] as? [String: Any] ?? [:]
        let device = bid["device"] as? [String: Any] ?? [:]
        func flag(_ v: Any?) -> Bool { (v as? Int) == 1 || (v as? Bool) == true }
        let signals = ExchangeSignals(coppa: flag(regs["coppa"]), gdpr: flag(regs["gdpr"]) || flag(regsExt["gdpr"]),
                                      gppSections: (regs["gpp_sid"] as? [Int]) ?? [],
                                      gpc: flag(regs["gpc"]) || flag(regsExt["gpc"]),
                                      limitedTracking: flag(device["dnt"]) || flag(device["lmt"]))
        guard let person = try await engine.resolveExchangeUser(id: user["id"] as? String, buyerUID: user["buyeruid"] as? String)
        else { return try respond(bid) }  // nobody Earshot knows
        let result = try await engine.segments(for: person, signals: signals)
        guard !result.segments.isEmpty else { return try respond(bid) }
        var entries = user["data"] as? [Any] ?? []
        entries.append([
            "id": "earshot", "name": "earshot",
            "segment": result.segments.map { ["id": $0.rawValue] },
            "ext": ["segtax": result.segtax],
        ] as [String: Any])
        user["data"] = entries
        bid["user"] = user
        return try respond(bid)
    }

    private func respond(_ object: [String: Any]) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
