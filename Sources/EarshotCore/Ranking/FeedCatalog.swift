import Foundation

/// Feed items prepared once for ranking: each item's taxonomy positions, tier-1 nodes, author number,
/// publish time and sensitivity, so that a ranking request does no string hashing per item.
///
/// Build it when the items change (the engine caches it with them) and rank any number of requests
/// against it. Immutable and `Sendable`.
public struct FeedCatalog: Sendable {
    /// The items in id order (byte order of the id), the order ties are broken in.
    public let items: [FeedItem]
    /// Each item's taxonomy nodes: `nodes[nodeStart[i]..<nodeStart[i + 1]]` (topics outside the taxonomy are left out).
    let nodes: [Int32]
    let nodeStart: [Int32]
    /// Each item's distinct tier-1 nodes, laid out the same way.
    let tier1s: [Int32]
    let tier1Start: [Int32]
    /// Each item's author as a small number (0..<authorCount).
    let authors: [Int32]
    let authorCount: Int
    let published: [Double]
    /// Items with a sensitive, proxy or restricted-category topic: never shown in strict mode.
    let hiddenWhenStrict: [Bool]
    /// Items with a topic that is blocked outright: never shown.
    let blocked: [Bool]
    /// Per taxonomy node: whether it is sensitive or a proxy (strict mode drops such interests).
    let sensitiveOrProxyNode: [Bool]

    /// Prepares `items` (in any order) against a taxonomy and sensitive map.
    public init(items: [FeedItem], taxonomy: Taxonomy, sensitiveMap: SensitiveMap) {
        func precedes(_ a: FeedItem, _ b: FeedItem) -> Bool { a.id.rawValue.utf8.lexicographicallyPrecedes(b.id.rawValue.utf8) }
        let sorted = zip(items, items.dropFirst()).allSatisfy { precedes($0, $1) } ? items : items.sorted(by: precedes)
        self.items = sorted
        var nodes: [Int32] = [], nodeStart: [Int32] = [0], tier1s: [Int32] = [], tier1Start: [Int32] = [0]
        var authors: [Int32] = [], authorIndex: [String: Int32] = [:]
        var hidden: [Bool] = [], blocked: [Bool] = []
        for item in sorted {
            let firstTier1 = tier1s.count
            for t in item.topics {
                guard let n = taxonomy.indexOf(t) else { continue }
                nodes.append(Int32(n))
                if let top = taxonomy.lineageIndices[n].last, !tier1s[firstTier1...].contains(top) { tier1s.append(top) }
            }
            nodeStart.append(Int32(nodes.count))
            tier1Start.append(Int32(tier1s.count))
            authors.append(authorIndex[item.author] ?? {
                let a = Int32(authorIndex.count)
                authorIndex[item.author] = a
                return a
            }())
            hidden.append(item.topics.contains { sensitiveMap.isSensitiveOrProxy($0) || sensitiveMap.restriction($0) != nil })
            blocked.append(item.topics.contains { if case .blocked = sensitiveMap.classify($0) { true } else { false } })
        }
        self.nodes = nodes
        self.nodeStart = nodeStart
        self.tier1s = tier1s
        self.tier1Start = tier1Start
        self.authors = authors
        authorCount = authorIndex.count
        published = sorted.map { $0.publishedAt.timeIntervalSince1970 }
        hiddenWhenStrict = hidden
        self.blocked = blocked
        sensitiveOrProxyNode = taxonomy.nodes.map { sensitiveMap.isSensitiveOrProxy($0.id) }
    }

    /// Item `i`'s taxonomy nodes.
    @inline(__always)
    func nodes(of i: Int) -> ArraySlice<Int32> { nodes[Int(nodeStart[i])..<Int(nodeStart[i + 1])] }

    /// Item `i`'s tier-1 nodes.
    @inline(__always)
    func tier1s(of i: Int) -> ArraySlice<Int32> { tier1s[Int(tier1Start[i])..<Int(tier1Start[i + 1])] }
}
