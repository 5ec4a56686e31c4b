import EarshotEngine
import Foundation
import Hummingbird
import NIOCore

/// Reading and writing JSON bodies with Earshot's error conventions.
struct JSONBody: Sendable {
    let maxBytes: Int

    /// Collects the body (413 past the limit) and decodes it (400 naming the field on failure).
    func decode<T: Decodable>(_ type: T.Type, from request: Request, userInfo: [CodingUserInfoKey: any Sendable] = [:]) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBytes)
        } catch {
            throw Problem(status: .contentTooLarge, code: "body_too_large",
                          detail: "the request body is larger than \(maxBytes) bytes", field: "body")
        }
        let data = Data(buffer.readableBytesView)
        guard String(validating: data, as: UTF8.self) != nil else {
            throw Problem(status: .badRequest, code: "invalid_utf8", detail: "the request body is not valid UTF-8", field: "body")
        }
        do {
            let decoder = JSONCoding.decoder()
            decoder.userInfo = userInfo
            return try decoder.decode(T.self, from: data)
        } catch {
            let (field, message) = JSONCoding.describe(error)
            throw Problem(status: .badRequest, code: "invalid_json", detail: "\(field) \(message)", field: field)
        }
    }

    /// Decodes a `{"<key>": [...]}` batch, collecting every element's error. Throws 400 with all
    /// problems when `allOrNothing` and any element is invalid.
    func batch<T: Decodable>(_ type: T.Type, key: String, from request: Request) async throws -> [(index: Int, result: Result<T, any Error>)] {
        let envelope = try await decode(KeyedBatch<T>.self, from: request, userInfo: [.batchKey: key])
        guard let items = envelope.items else {
            throw Problem(status: .badRequest, code: "invalid_json", detail: "\(key) is required", field: key)
        }
        return items.enumerated().map { ($0.offset, $0.element.result) }
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONCoding.encoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension CodingUserInfoKey {
    static let batchKey = CodingUserInfoKey(rawValue: "earshot.batchKey")!
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// `{"<key>": [ ... ]}` where the key is passed in the decoder's user info.
struct KeyedBatch<T: Decodable>: Decodable {
    let items: [Attempt<T>]?

    init(from decoder: any Decoder) throws {
        let key = decoder.userInfo[.batchKey] as? String ?? "items"
        let c = try decoder.container(keyedBy: AnyKey.self)
        items = try c.decodeIfPresent([Attempt<T>].self, forKey: AnyKey(key))
    }
}
