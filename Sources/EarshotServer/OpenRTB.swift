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

    private func enrich(_ request: Request) async throws -> Response {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: body.maxBytes) } catch {
            return try respond(.rejecting("request body larger than \(body.maxBytes) bytes"))
        }
        return try respond(try await engine.enrichBidRequest(Data(buffer.readableBytesView)))
    }

    private func respond(_ result: BidRequestEnrichment) throws -> Response {
        let (status, data): (HTTPResponse.Status, Data) = switch result {
        case .enriched(let d): (.ok, d)
        case .invalid(let d): (.badRequest, d)
        }
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
