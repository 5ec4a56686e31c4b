import EarshotCore
import EarshotEngine
import EarshotServer
import EarshotStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `openapi.yaml` and the server agree: the same routes, and every response the server sends to the
/// document's own example requests validates against the documented schema for its status.
@Suite struct OpenAPIContractTests {
    nonisolated(unsafe) static let document: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("openapi.yaml")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return (try? MiniYAML.parse(text)) as? [String: Any] ?? [:]
    }()
    static var paths: [String: [String: Any]] { (document["paths"] as? [String: Any] ?? [:]).compactMapValues { $0 as? [String: Any] } }
    static let methods = ["get", "post", "put", "patch", "delete"]

    @Test func documentParses() throws {
        #expect(Self.document["openapi"] as? String == "3.1.0")
        #expect(Self.paths.count > 30)
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let w = try TestWorld()
        let served = Set(RouteCatalog.all(engine: w.engine).map { "\($0.method) \($0.openAPIPath)" })
        var documented: Set<String> = []
        for (path, item) in Self.paths {
            for m in Self.methods where item[m] != nil { documented.insert("\(m.uppercased()) \(path)") }
        }
        #expect(served.subtracting(documented).sorted() == [], "served but not documented")
        #expect(documented.subtracting(served).sorted() == [], "documented but not served")
    }

    struct Operation: Sendable, CustomTestStringConvertible {
        let method: String
        let path: String
        var testDescription: String { "\(method.uppercased()) \(path)" }
    }

    static let operations: [Operation] = paths.flatMap { path, item in
        methods.filter { item[$0] != nil && !path.hasPrefix("/center") && path != "/metrics" }.map { Operation(method: $0, path: path) }
    }.sorted { ($0.path, $0.method) < ($1.path, $1.method) }

    /// Calls the operation as the operator with the document's example body (a fresh world each time)
    /// and validates the response against the documented schema of the status it got.
    @Test(arguments: operations) func responsesMatchTheDocumentedSchemas(_ op: Operation) async throws {
        let w = try TestWorld()
        try await w.seed()
        _ = try await w.engine.ingest([TestWorld.event("seed-1", account: "ava-assistant")])
        let impression = try #require(try await w.engine.ads(for: "ava", surface: "social_feed", slots: 1).ads.first?.impressionID)
        let request = try await w.engine.requestLooserContent("maya")
        let spare = try await w.engine.issueCredential(kind: .apiKey, scopes: [.ingest], label: "spare")
        let operation = try #require(Self.paths[op.path]?[op.method] as? [String: Any])
        let uri = op.path.replacingOccurrences(of: "{topic}", with: "653").replacingOccurrences(of: "{id}", with: {
            switch true {
            case op.path.hasPrefix("/v1/campaigns/"): "trail-boots"
            case op.path.hasPrefix("/v1/advertisers/"): "summit-gear"
            case op.path.hasPrefix("/v1/events/"): "seed-1"
            case op.path.hasPrefix("/v1/impressions/"): impression.rawValue
            case op.path.hasPrefix("/v1/approval-requests/"): request.id
            case op.path.hasPrefix("/v1/keys/"): spare.credential.id
            case op.path.hasPrefix("/v1/people/{id}/approval-requests"): "maya"
            default: "ava"
            }
        }())
        var requestBody: ByteBuffer?
        if let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any],
           let json = content["application/json"] as? [String: Any] {
            let example = json["example"] ?? ((json["examples"] as? [String: Any])?.values.first as? [String: Any])?["value"]
            let value = try #require(example, "\(op.testDescription) has no request example")
            var data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
            if op.path == "/v1/approval-requests/{id}/decision" {
                data = try JSONSerialization.data(withJSONObject: ["parentId": "noah", "approve": true])
            }
            requestBody = ByteBuffer(bytes: data)
        }
        let body = requestBody
        let method = HTTPRequest.Method(rawValue: op.method.uppercased())!
        let r = try await w.app().test(.router) { client in
            try await client.op(uri: uri, method: method, headers: [.contentType: "application/json"], body: body)
        }
        do {
            let responses = try #require(operation["responses"] as? [String: Any])
            let documented = responses[String(r.status.code)] ?? responses["default"]
            let response = try #require(documented.map { Self.resolve($0) } as? [String: Any],
                                        "\(op.testDescription) answered \(r.status.code), which is not documented")
            guard let content = response["content"] as? [String: Any], !content.isEmpty else { return }
            let type = (r.headers[.contentType] ?? "").components(separatedBy: ";")[0]
            let media = try #require(content[type] as? [String: Any], "\(op.testDescription): \(type) is not documented")
            guard type.hasSuffix("json"), let schema = media["schema"] else { return }
            let value = try JSONSerialization.jsonObject(with: Data(buffer: r.body), options: [.fragmentsAllowed])
            let problems = SchemaCheck.validate(value, schema, at: "$")
            #expect(problems.isEmpty, "\(op.testDescription) \(r.status.code): \(problems.prefix(5).joined(separator: "; "))")
            #expect(r.status.code < 500)
        }
    }

    static func resolve(_ node: Any) -> Any {
        guard let map = node as? [String: Any], let ref = map["$ref"] as? String else { return node }
        var current: Any = document
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let next = (current as? [String: Any])?[String(part)] else { return node }
            current = next
        }
        return resolve(current)
    }
}

/// A JSON Schema subset: $ref, type (or a list), enum, properties, required, additionalProperties, items, anyOf/oneOf/allOf.
enum SchemaCheck {
    static func validate(_ value: Any, _ schemaNode: Any, at path: String) -> [String] {
        guard let schema = OpenAPIContractTests.resolve(schemaNode) as? [String: Any] else { return [] }
        if let any = (schema["anyOf"] ?? schema["oneOf"]) as? [Any] {
            let results = any.map { validate(value, $0, at: path) }
            if results.contains(where: \.isEmpty) { return [] }
            return ["\(path): matches none of the alternatives (\(results.first?.first ?? ""))"]
        }
        if let all = schema["allOf"] as? [Any] { return all.flatMap { validate(value, $0, at: path) } }
        if let types = schema["type"].map({ $0 as? [Any] ?? [$0] }) as? [String], !types.contains(where: { matches(value, $0) }) {
            return ["\(path): expected \(types.joined(separator: " or ")), got \(describe(value))"]
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(value)" }) {
            return ["\(path): \(value) is not one of \(options)"]
        }
        var problems: [String] = []
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { problems.append("\(path): missing \(key)") }
            for (key, v) in object {
                if let p = properties[key] {
                    problems += validate(v, p, at: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"] {
                    if extra as? Bool == false { problems.append("\(path): undocumented field \(key)") }
                    else if extra is [String: Any] { problems += validate(v, extra, at: "\(path).\(key)") }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (i, v) in array.enumerated() { problems += validate(v, items, at: "\(path)[\(i)]") }
        }
        return problems
    }

    /// JSONSerialization's booleans (NSNumber also converts to Bool, so ask its type code).
    static func isBool(_ value: Any) -> Bool {
        if let n = value as? NSNumber { return String(cString: n.objCType) == "c" }
        return value is Bool
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": value is NSNull
        case "boolean": isBool(value)
        case "string": value is String
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "integer": !isBool(value) && ((value as? Int) != nil || (value as? Double).map { $0 == $0.rounded() } == true)
        case "number": !isBool(value) && ((value as? Int) != nil || (value as? Double) != nil)
        default: true
        }
    }

    static func describe(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case _ where isBool(value): "a boolean"
        case is String: "a string"
        case is [String: Any]: "an object"
        case is [Any]: "an array"
        default: "a number"
        }
    }
}
