import Foundation
import Logging

/// `serve`'s settings from flags, environment variables and a JSON configuration file, in that order of
/// precedence, validated at start-up with every problem reported at once.
///
/// File keys: `host`, `port`, `database`, `policy`, `products`, `maxBodyBytes`, `logFormat` (json|text),
/// `logLevel` (trace|debug|info|notice|warning|error|critical). Environment: `EARSHOT_HOST`, `EARSHOT_PORT`,
/// `EARSHOT_DATABASE`, `EARSHOT_POLICY`, `EARSHOT_PRODUCTS`, `EARSHOT_MAX_BODY_BYTES`, `EARSHOT_LOG_FORMAT`,
/// `EARSHOT_LOG_LEVEL`.
struct ServeSettings: Equatable {
    var host = "127.0.0.1"
    var port = 8080
    var database: String?
    var policy: String?
    var products: String?
    var maxBodyBytes = 1 << 20
    var logFormat = "json"
    var logLevel = Logger.Level.info

    static let fileKeys: Set<String> = ["host", "port", "database", "policy", "products", "maxBodyBytes", "logFormat", "logLevel"]

    /// Resolves the settings; `flags` holds only the flags given on the command line.
    static func resolve(flags: [String: String], environment: [String: String], file: String?) throws -> ServeSettings {
        var values: [String: String] = [:]
        var problems: [String] = []
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read the configuration file \(file)") }
            guard let object = try? JSONDecoder().decode([String: Scalar].self, from: data) else {
                throw CLIError("\(file): not a JSON object of strings and whole numbers")
            }
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                guard fileKeys.contains(key) else { problems.append("\(file): unknown key \(key)"); continue }
                values[key] = value.text
            }
        }
        let envNames = ["host": "EARSHOT_HOST", "port": "EARSHOT_PORT", "database": "EARSHOT_DATABASE", "policy": "EARSHOT_POLICY",
                        "products": "EARSHOT_PRODUCTS", "maxBodyBytes": "EARSHOT_MAX_BODY_BYTES",
                        "logFormat": "EARSHOT_LOG_FORMAT", "logLevel": "EARSHOT_LOG_LEVEL"]
        for (key, name) in envNames { if let v = environment[name] { values[key] = v } }
        for (key, v) in flags { values[key] = v }

        var s = ServeSettings()
        if let v = values["host"] { if v.isEmpty { problems.append("host: must not be empty") } else { s.host = v } }
        if let v = values["port"] {
            if let p = Int(v), (0...65535).contains(p) { s.port = p } else { problems.append("port: must be a whole number from 0 to 65535") }
        }
        if let v = values["maxBodyBytes"] {
            if let n = Int(v), (1024...(64 << 20)).contains(n) { s.maxBodyBytes = n } else {
                problems.append("maxBodyBytes: must be a whole number from 1024 to 67108864")
            }
        }
        if let v = values["logFormat"] {
            if ["json", "text"].contains(v) { s.logFormat = v } else { problems.append("logFormat: must be json or text") }
        }
        if let v = values["logLevel"] {
            if let level = Logger.Level(rawValue: v) { s.logLevel = level } else {
                problems.append("logLevel: must be one of trace, debug, info, notice, warning, error, critical")
            }
        }
        for key in ["database", "policy", "products"] {
            guard let v = values[key] else { continue }
            if v.isEmpty { problems.append("\(key): must not be empty"); continue }
            switch key {
            case "database": s.database = v
            case "policy": s.policy = v
            default: s.products = v
            }
        }
        if !problems.isEmpty { throw CLIError("invalid configuration:\n- " + problems.sorted().joined(separator: "\n- ")) }
        return s
    }

    /// A string or a whole number in the configuration file.
    private struct Scalar: Decodable {
        let text: String
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { text = s } else { text = String(try c.decode(Int.self)) }
        }
    }
}
