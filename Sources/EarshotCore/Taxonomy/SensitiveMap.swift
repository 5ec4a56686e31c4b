import Foundation

/// Earshot's own map of which taxonomy nodes are sensitive, proxies, blocked or restricted.
///
/// Loaded from `sensitive-map.tsv`; each entry applies to a node's subtree, deeper entries win.
public struct SensitiveMap: Sendable {
    /// How a node is treated.
    public enum Class: Sendable, Hashable {
        /// A special category: never targeted, never an ad signal.
        case sensitive(SensitiveCategory)
        /// Reveals a special category: never targeted with AI-derived interests; hidden from strict feeds.
        case proxy(SensitiveCategory)
        /// Harmful or adult content: never targeted.
        case blocked
        /// Ordinary but switchable by the person, and never shown to teens.
        case restricted(RestrictedAdCategory)

        /// Whether AI-derived interests in this class may ever feed ads.
        public var adEligible: Bool {
            if case .restricted = self { return true }
            return false
        }
    }

    /// A line that could not be read.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let line: Int
        public let reason: String
        public var description: String { "sensitive map line \(line): \(reason)" }
    }

    private let resolved: [TopicID: Class]

    /// Parses the map and resolves it over every node of `taxonomy`.
    public init(tsv: String, taxonomy: Taxonomy) throws {
        var direct: [TopicID: Class] = [:]
        for (n, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmedWhitespace
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let f = trimmed.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 3 else { throw ParseError(line: n + 1, reason: "expected id, class, code") }
            let id = TopicID(f[0])
            guard taxonomy.contains(id) else { throw ParseError(line: n + 1, reason: "unknown node \(f[0])") }
            let cls: Class
            switch f[1] {
            case "sensitive", "proxy":
                guard let cat = SensitiveCategory(rawValue: f[2]) else {
                    throw ParseError(line: n + 1, reason: "unknown category \(f[2])")
                }
                cls = f[1] == "sensitive" ? .sensitive(cat) : .proxy(cat)
            case "blocked": cls = .blocked
            case "restricted":
                guard let r = RestrictedAdCategory(rawValue: f[2]) else {
                    throw ParseError(line: n + 1, reason: "unknown restricted category \(f[2])")
                }
                cls = .restricted(r)
            default: throw ParseError(line: n + 1, reason: "unknown class \(f[1])")
            }
            direct[id] = cls
        }
        var resolved: [TopicID: Class] = [:]
        for node in taxonomy.nodes {
            if let hit = taxonomy.lineage(node.id).lazy.compactMap({ direct[$0] }).first {
                resolved[node.id] = hit
            }
        }
        self.resolved = resolved
    }

    /// An empty map (every node ordinary); for user-trained label sets.
    public init() { resolved = [:] }

    /// The class of a node, or nil for an ordinary commercial node.
    public func classify(_ id: TopicID) -> Class? { resolved[id] }

    /// Whether AI-derived interest in the node may feed ads at all (ordinary or restricted).
    public func isAdEligible(_ id: TopicID) -> Bool { resolved[id]?.adEligible ?? true }

    /// Whether the node is sensitive, a proxy or blocked: what a strict feed hides and campaigns may not target.
    public func isSensitiveOrProxy(_ id: TopicID) -> Bool {
        switch resolved[id] {
        case .sensitive, .proxy, .blocked: true
        default: false
        }
    }

    /// The restricted ad category of a node, if any.
    public func restriction(_ id: TopicID) -> RestrictedAdCategory? {
        if case .restricted(let r) = resolved[id] { return r }
        return nil
    }
}
