import Foundation

/// An IAB Content Taxonomy unique id, or any label of a user-trained model.
public typealias TopicID = Identifier<TopicTag>
public enum TopicTag {}

/// One node of the taxonomy.
public struct TopicNode: Sendable, Hashable {
    public let id: TopicID
    public let parentID: TopicID?
    public let name: String
    /// 1 for the top level.
    public let tier: Int
    /// The tier-1 ancestor (itself for tier-1 nodes).
    public let tier1ID: TopicID
}

/// The IAB Content Taxonomy 3.1, parsed from its TSV release.
///
/// Pure and immutable: the loader reads the file and passes its text here.
public struct Taxonomy: Sendable {
    public let nodes: [TopicNode]
    private let index: [TopicID: Int]
    /// For each node (by position in `nodes`): its own position followed by its ancestors' up to tier 1.
    public let lineageIndices: [[Int32]]

    /// Errors in a taxonomy file, naming the line.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let line: Int
        public let reason: String
        public var description: String { "taxonomy line \(line): \(reason)" }
    }

    /// Parses the tab-separated release format (two header rows; columns Unique ID, Parent, Name, Tier 1-4).
    public init(tsv: String) throws {
        var raw: [(id: String, parent: String, name: String, line: Int)] = []
        for (n, line) in tsv.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmedWhitespace
            }
            guard fields.count >= 3, !fields[0].isEmpty else { continue }
            if fields[0] == "Unique ID" || fields[0].hasPrefix("Relational") { continue }
            raw.append((fields[0], fields[1], fields[2], n + 1))
        }
        var parents: [String: String] = [:]
        for r in raw { parents[r.id] = r.parent }
        var nodes: [TopicNode] = []
        var index: [TopicID: Int] = [:]
        for r in raw {
            if !r.parent.isEmpty, parents[r.parent] == nil {
                throw ParseError(line: r.line, reason: "unknown parent id \(r.parent)")
            }
            var tier = 1, top = r.id, cursor = r.parent
            while !cursor.isEmpty {
                tier += 1
                top = cursor
                cursor = parents[cursor] ?? ""
                if tier > 10 { throw ParseError(line: r.line, reason: "parent cycle") }
            }
            let node = TopicNode(id: TopicID(r.id), parentID: r.parent.isEmpty ? nil : TopicID(r.parent),
                                 name: r.name, tier: tier, tier1ID: TopicID(top))
            if index[node.id] != nil { throw ParseError(line: r.line, reason: "duplicate id \(r.id)") }
            index[node.id] = nodes.count
            nodes.append(node)
        }
        self.nodes = nodes
        self.index = index
        lineageIndices = nodes.map { node in
            var out: [Int32] = []
            var cursor: TopicID? = node.id
            while let c = cursor, let i = index[c] {
                out.append(Int32(i))
                cursor = nodes[i].parentID
            }
            return out
        }
    }

    /// The node with this id.
    public func node(_ id: TopicID) -> TopicNode? { index[id].map { nodes[$0] } }

    /// The position of a node in `nodes`.
    public func indexOf(_ id: TopicID) -> Int? { index[id] }

    /// Whether the taxonomy has this id.
    public func contains(_ id: TopicID) -> Bool { index[id] != nil }

    /// The display name, or the id itself for labels outside the taxonomy.
    public func name(_ id: TopicID) -> String { node(id)?.name ?? id.rawValue }

    /// The node followed by its ancestors up to tier 1.
    public func lineage(_ id: TopicID) -> [TopicID] {
        var out: [TopicID] = []
        var cursor: TopicID? = id
        while let c = cursor, let n = node(c) {
            out.append(c)
            cursor = n.parentID
        }
        return out
    }

    /// Whether `ancestor` is `id` or one of its ancestors.
    public func isSelfOrAncestor(_ ancestor: TopicID, of id: TopicID) -> Bool {
        lineage(id).contains(ancestor)
    }

    /// The tier-1 nodes.
    public var tier1: [TopicNode] { nodes.filter { $0.tier == 1 } }

    /// The tier-1 node whose name is `name` (case-insensitive).
    public func tier1(named name: String) -> TopicNode? {
        let lower = name.lowercased()
        return nodes.first { $0.tier == 1 && $0.name.lowercased() == lower }
    }
}
