import EarshotEngine
import EarshotStore
import Foundation
import Hummingbird

/// An RFC 9457-style problem document: a stable code, a human title and detail, and the offending
/// field. Never echoes request text or personal data.
public struct Problem: Error, HTTPResponseError, Codable, Sendable {
    public var type: String
    public var title: String
    /// The HTTP status code.
    public var statusCode: Int
    public var detail: String
    public var code: String
    public var field: String?
    /// Per-item problems, for batch requests.
    public var errors: [Item]?
    /// For 405: the methods the endpoint accepts (sent as the `Allow` header, not in the body).
    public var allow: String?

    public struct Item: Codable, Sendable, Hashable {
        public var index: Int?
        public var field: String
        public var message: String
    }

    public init(status: HTTPResponse.Status, code: String, detail: String, field: String? = nil, errors: [Item]? = nil) {
        self.type = "https://earshot.dev/problems/\(code)"
        self.title = status.reasonPhrase
        self.statusCode = status.code
        self.detail = detail
        self.code = code
        self.field = field
        self.errors = errors
    }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    enum CodingKeys: String, CodingKey {
        case type, title, statusCode = "status", detail, code, field, errors
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = (try? JSONCoding.encoder().encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let allow { headers[.allow] = allow }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status,
                        headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Maps engine errors to problems.
    public static func from(_ error: EngineError) -> Problem {
        switch error {
        case .unknownPerson, .unknownEvent, .unknownImpression, .unknownCampaign, .unknownAdvertiser, .unknownCredential:
            Problem(status: .notFound, code: "not_found", detail: error.description, field: error.field)
        case .unknownSurface:
            Problem(status: .badRequest, code: "unknown_surface", detail: error.description, field: "surface")
        case .invalid(let field, let message):
            Problem(status: .unprocessableContent, code: "invalid", detail: message, field: field)
        case .batchTooLarge:
            Problem(status: .contentTooLarge, code: "batch_too_large", detail: error.description, field: error.field)
        }
    }
}
