import EarshotCore
import Foundation

/// A read-through cache in front of another store for what every ad and feed request reads: the
/// person, their accounts, their profile aggregates and the signals behind them.
///
/// Correctness rule: every call that changes people, accounts, signals or profiles goes through this
/// store and, once it has completed, bumps a generation counter; a cached value is used only while the
/// generation it was read under is still current. So nothing stale is served after a change made
/// through this process (an opt-out, a removed interest, a deletion). Impressions, clicks and audit
/// records do not affect the cached reads and do not invalidate. Use it when this process is the only
/// writer (the embedded SQLite deployment).
public final class CachingStore: ForwardingStore, @unchecked Sendable {
    public let base: any Store
    private let lock = NSLock()
    private var generation: UInt64 = 0
    private var entries: [String: (generation: UInt64, value: Any)] = [:]
    private let capacity: Int

    public init(_ base: any Store, capacity: Int = 200_000) {
        self.base = base
        self.capacity = capacity
    }

    private func cached<T>(_ key: String, _ load: () async throws -> T) async throws -> T {
        let (tag, hit): (UInt64, T?) = lock.withLock {
            let g = generation
            if let e = entries[key], e.generation == g, let v = e.value as? T { return (g, v) }
            return (g, nil)
        }
        if let hit { return hit }
        let value = try await load()
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            if tag == generation { entries[key] = (tag, value) }
        }
        return value
    }

    /// Runs a change, then invalidates everything cached before it.
    private func changing<T>(_ body: () async throws -> T) async throws -> T {
        defer { lock.withLock { generation &+= 1; entries.removeAll(keepingCapacity: true) } }
        return try await body()
    }

    public func person(_ id: PersonID) async throws -> Person? { try await cached("p\u{0}\(id)") { try await base.person(id) } }
    public func accounts(of person: PersonID) async throws -> [Account] {
        try await cached("a\u{0}\(person)") { try await base.accounts(of: person) }
    }
    public func profileAggregates(of person: PersonID) async throws -> [ProfileAggregate] {
        try await cached("g\u{0}\(person)") { try await base.profileAggregates(of: person) }
    }
    public func signals(of person: PersonID, topics: [TopicID]?) async throws -> [Signal] {
        let key = "s\u{0}\(person)\u{0}" + (topics?.map(\.rawValue).joined(separator: ",") ?? "*")
        return try await cached(key) { try await base.signals(of: person, topics: topics) }
    }

    // Changes that affect cached reads.
    public func upsertPeople(_ people: [Person]) async throws { try await changing { try await base.upsertPeople(people) } }
    public func upsertAccounts(_ accounts: [Account]) async throws { try await changing { try await base.upsertAccounts(accounts) } }
    public func commit(_ batch: IngestBatch, halfLife: TimeInterval) async throws -> [EventID] {
        try await changing { try await base.commit(batch, halfLife: halfLife) }
    }
    public func withdrawSignals(_ selector: SignalSelector, halfLife: TimeInterval) async throws -> Int {
        try await changing { try await base.withdrawSignals(selector, halfLife: halfLife) }
    }
    public func deletePerson(_ id: PersonID) async throws -> DeletionReport { try await changing { try await base.deletePerson(id) } }
}
