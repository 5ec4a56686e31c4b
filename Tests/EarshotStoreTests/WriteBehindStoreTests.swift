import EarshotCore
import EarshotStore
import Foundation
import Synchronization
import Testing

/// A store whose next `failures` serving commits fail, as a full disk would.
final class FailingServingStore: ForwardingStore, Sendable {
    struct DiskFull: Error {}
    let base: any Store
    let failures: Mutex<Int>
    init(_ base: any Store, failures: Int) {
        self.base = base
        self.failures = Mutex(failures)
    }
    func recordServing(_ impressions: [Impression], audit: [AuditRecord]) async throws {
        if failures.withLock({ n in defer { n -= 1 }; return n > 0 }) { throw DiskFull() }
        try await base.recordServing(impressions, audit: audit)
    }
}

/// Buffered serving writes: committed by time or size without anyone asking, never overtaking a deletion.
/// (That every read sees buffered rows is the conformance suite's `servingSQLite` backend.)
@Suite struct WriteBehindStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_767_225_600)

    func impression(_ id: String, person: String = "p1") -> Impression {
        Impression(id: ImpressionID(id), personID: PersonID(person), campaignID: "c1", advertiserID: "a", surface: "social_feed",
                   time: t0, priceCPM: 1,
                   explanation: Explanation(basis: .contextual, matchedInterests: [], summary: "s", policyReasons: [], howToChange: "h"))
    }

    /// Polls the base store until the impression is there (at most about two seconds).
    func eventually(_ base: SQLiteStore, _ id: ImpressionID) async throws -> Bool {
        for _ in 0..<200 {
            if try await base.impression(id) != nil { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func theTimerCommitsWithoutAnyRead() async throws {
        let base = try SQLiteStore()
        let store = WriteBehindStore(base, maxDelay: .milliseconds(20))
        try await store.recordServing([impression("i1")], audit: [])
        #expect(try await eventually(base, "i1"))
    }

    @Test func aFullBufferCommitsAtOnce() async throws {
        let base = try SQLiteStore()
        let store = WriteBehindStore(base, maxDelay: .seconds(3_600), maxRows: 3)
        try await store.recordServing([impression("i1"), impression("i2")], audit: [])
        #expect(try await base.impression("i1") == nil)  // below the size limit, and the timer is an hour away
        try await store.recordServing([impression("i3")], audit: [])
        #expect(try await eventually(base, "i3"))
    }

    @Test func aDeletionIsNotOvertakenByABufferedImpression() async throws {
        let base = try SQLiteStore()
        let store = WriteBehindStore(base, maxDelay: .seconds(3_600))
        try await base.upsertPeople([Person(id: "p1", country: "US", birthDate: nil)])
        try await store.recordServing([impression("i1"), impression("i2", person: "p2")], audit: [])
        _ = try await store.deletePerson("p1")
        try await store.flush()
        #expect(try await base.impression("i1") == nil)
        #expect(try await base.impression("i2") != nil)
    }

    @Test func concurrentServingAndReadsLoseNothing() async throws {
        let base = try SQLiteStore()
        let store = WriteBehindStore(base, maxDelay: .milliseconds(5), maxRows: 50)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<400 {
                group.addTask {
                    try await store.recordServing([impression("i\(n)")], audit: [])
                    if n % 7 == 0 { #expect(try await store.impression(ImpressionID("i\(n)")) != nil) }
                }
            }
            try await group.waitForAll()
        }
        try await store.flush()
        #expect(try await base.impressionCounts(of: "p1", since: t0) == ["c1": 400])
    }

    @Test func aFailedCommitKeepsTheRowsAndTellsWhoeverWaits() async throws {
        let base = try SQLiteStore()
        let store = WriteBehindStore(FailingServingStore(base, failures: 1), maxDelay: .seconds(3_600))
        try await store.recordServing([impression("i1")], audit: [])
        await #expect(throws: FailingServingStore.DiskFull.self) { try await store.impression("i1") }
        #expect(try await store.impression("i1") != nil)  // the next read commits the kept row
        #expect(try await base.impressionCounts(of: "p1", since: t0) == ["c1": 1])
    }
}
