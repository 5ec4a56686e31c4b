import EarshotCore
import Foundation

/// The JSON conventions of Earshot's API, CLI and files: ISO 8601 dates (fractional seconds
/// accepted), sorted keys.
public enum JSONCoding {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(date.formatted(.iso8601))
        }
        e.keyEncodingStrategy = .custom { path in AnyCodingKey(wire(path.last!.stringValue)) }
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .custom { path in AnyCodingKey(swiftName(path.last!.stringValue)) }
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let s = try c.decode(String.self)
            if let date = try? Date(s, strategy: .iso8601) { return date }
            if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(s) { return date }
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected an ISO 8601 date-time such as 2026-01-31T09:30:00Z")
        }
        return d
    }

    /// Swift property names end in `ID` and `CPM`; the wire format says `Id` and `Cpm` (`personID`).
    public static func wire(_ key: String) -> String {
        if key.count > 2, key.hasSuffix("ID") { return key.dropLast(2) + "Id" }
        if key.count > 3, key.hasSuffix("CPM") { return key.dropLast(3) + "Cpm" }
        return key
    }

    /// The inverse of ``wire(_:)``.
    public static func swiftName(_ key: String) -> String {
        if key.count > 2, key.hasSuffix("Id") { return key.dropLast(2) + "ID" }
        if key.count > 3, key.hasSuffix("Cpm") { return key.dropLast(3) + "CPM" }
        return key
    }

    /// A field path such as `events[2].kind` for a coding path.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + wire(key.stringValue) }
        }
        return out.isEmpty ? "body" : out
    }

    /// A field and a message for a decoding error, never echoing the offending value.
    public static func describe(_ error: any Error) -> (field: String, message: String) {
        guard let e = error as? DecodingError else { return ("body", "could not be read") }
        switch e {
        case .keyNotFound(let key, let ctx):
            return (path(ctx.codingPath + [key]), "is required")
        case .typeMismatch(let type, let ctx):
            return (path(ctx.codingPath), "has the wrong type; expected \(typeName(type))")
        case .valueNotFound(let type, let ctx):
            return (path(ctx.codingPath), "must not be null; expected \(typeName(type))")
        case .dataCorrupted(let ctx):
            if ctx.codingPath.isEmpty {
                return ("body", "is not valid JSON (or not valid UTF-8)")
            }
            let message = ctx.debugDescription.hasPrefix("Cannot initialize")
                ? "has an unknown value" : ctx.debugDescription
            return (path(ctx.codingPath), message)
        @unknown default:
            return ("body", "could not be read")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: type is any Collection.Type ? "an array" : "an object"
        }
    }
}

/// Decodes one element of an array, keeping its error instead of failing the whole array.
public struct Attempt<T: Decodable>: Decodable {
    public let result: Result<T, any Error>

    public init(from decoder: any Decoder) throws {
        do { result = .success(try T(from: decoder)) } catch { result = .failure(error) }
    }
}

struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
