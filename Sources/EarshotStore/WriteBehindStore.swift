import EarshotCore
import Foundation
import Synchronization

/// A store whose serving writes (impressions and the audit records of their decisions) are buffered and
/// committed in batches, so that an ad response does not wait for a disk write and many responses share
/// one transaction.
///
/// Consistency rules:
/// - Every call that reads impressions or audit records, and every person deletion, first waits until
///   the rows buffered before it are committed (and starts that commit at once). So "why this ad",
///   clicks, frequency caps, pacing, reports, exports and deletions see every served ad, and a buffered
///   row can never be written after its person was deleted.
/// - Other calls pass straight through; they do not touch buffered tables.
/// - A buffer is committed at most `maxDelay` after its first row, or at once when it holds `maxRows`.
///   Call ``flush()`` before the process exits (the server does so on graceful shutdown); a crash loses
///   at most the last `maxDelay` of served impressions, never anything else.
/// - A failed commit keeps the rows buffered and retries; callers waiting for it get the error. When the
///   buffer holds `maxBuffered` rows, new serving writes wait for a commit (back pressure).
public final class WriteBehindStore: ForwardingStore, Sendable {
    public let base: any Store
    public let maxDelay: Duration
    public let maxRows: Int
    public let maxBuffered: Int

    private struct State {
        var impressions: [Impression] = []
        var audit: [AuditRecord] = []
        /// Serving writes accepted so far, and how many of them are committed.
        var accepted: UInt64 = 0
        var committed: UInt64 = 0
        var flushing = false
        var scheduled = false
        var waiters: [(upTo: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var rows: Int { impressions.count + audit.count }
    }

    private let state = Mutex(State())

    public init(_ base: any Store, maxDelay: Duration = .milliseconds(20), maxRows: Int = 2_000, maxBuffered: Int = 100_000) {
        self.base = base
        self.maxDelay = maxDelay
        self.maxRows = maxRows
        self.maxBuffered = maxBuffered
    }

    public func recordServing(_ impressions: [Impression], audit: [AuditRecord]) async throws {
        if state.withLock({ $0.rows >= maxBuffered }) { try await settled() }
        let (now, later) = state.withLock { s -> (Bool, Bool) in
            s.impressions += impressions
            s.audit += audit
            s.accepted += 1
            if s.flushing { return (false, false) }
            if s.rows >= maxRows { return (true, false) }
            if s.scheduled { return (false, false) }
            s.scheduled = true
            return (false, true)
        }
        if now { Task { await self.flushOnce() } }
        if later {
            let delay = maxDelay
            Task {
                try? await Task.sleep(for: delay)
                await self.flushOnce()
            }
        }
    }

    /// Commits everything buffered so far and returns when it is stored.
    public func flush() async throws { try await settled() }

    /// Waits until every serving write accepted before this call is committed.
    private func settled() async throws {
        let (target, done) = state.withLock { ($0.accepted, $0.committed >= $0.accepted) }
        if done { return }
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let done = state.withLock { s -> Bool in
                if s.committed >= target { return true }
                s.waiters.append((target, c))
                return false
            }
            if done { c.resume() } else { Task { await self.flushOnce() } }
        }
    }

    /// Writes the current buffer in one call to the base store, unless a commit is already running
    /// (it starts the next one when it ends if anyone is waiting or the buffer is full).
    private func flushOnce() async {
        let batch = state.withLock { s -> (impressions: [Impression], audit: [AuditRecord], upTo: UInt64)? in
            s.scheduled = false
            guard !s.flushing, s.accepted > s.committed else { return nil }
            s.flushing = true
            defer { s.impressions = []; s.audit = [] }
            return (s.impressions, s.audit, s.accepted)
        }
        guard let batch else { return }
        var failure: (any Error)?
        do { try await base.recordServing(batch.impressions, audit: batch.audit) } catch { failure = error }
        let (resume, again) = state.withLock { s -> ([(CheckedContinuation<Void, any Error>)], Bool) in
            s.flushing = false
            if failure != nil {
                // Keep the rows, ahead of anything buffered meanwhile, and tell everyone waiting.
                s.impressions = batch.impressions + s.impressions
                s.audit = batch.audit + s.audit
                let all = s.waiters.map(\.continuation)
                s.waiters = []
                return (all, false)
            }
            s.committed = batch.upTo
            let ready = s.waiters.filter { $0.upTo <= s.committed }.map(\.continuation)
            s.waiters.removeAll { $0.upTo <= s.committed }
            let more = s.accepted > s.committed
            return (ready, more && (!s.waiters.isEmpty || s.rows >= maxRows))
        }
        for c in resume {
            if let failure { c.resume(throwing: failure) } else { c.resume() }
        }
        if again {
            await flushOnce()
        } else if state.withLock({ s in
            guard s.accepted > s.committed, !s.scheduled, !s.flushing else { return false }
            s.scheduled = true
            return true
        }) {
            try? await Task.sleep(for: failure == nil ? maxDelay : max(maxDelay, .milliseconds(200)))
            await flushOnce()
        }
    }

    // Reads and deletions that must see buffered serving writes.
    public func impression(_ id: ImpressionID) async throws -> Impression? { try await settled(); return try await base.impression(id) }
    public func recordClick(_ id: ImpressionID) async throws -> Bool { try await settled(); return try await base.recordClick(id) }
    public func campaignSpend(since: Date) async throws -> [CampaignID: Double] {
        try await settled()
        return try await base.campaignSpend(since: since)
    }
    public func impressions(ofPerson id: PersonID, limit: Int) async throws -> [Impression] {
        try await settled()
        return try await base.impressions(ofPerson: id, limit: limit)
    }
    public func impressions(ofCampaign id: CampaignID) async throws -> [Impression] {
        try await settled()
        return try await base.impressions(ofCampaign: id)
    }
    public func impressionCounts(of person: PersonID, since: Date) async throws -> [CampaignID: Int] {
        try await settled()
        return try await base.impressionCounts(of: person, since: since)
    }
    public func auditRecords(of person: PersonID, limit: Int) async throws -> [AuditRecord] {
        try await settled()
        return try await base.auditRecords(of: person, limit: limit)
    }
    public func recordImpressions(_ impressions: [Impression]) async throws {
        try await settled()
        try await base.recordImpressions(impressions)
    }
    public func appendAudit(_ records: [AuditRecord]) async throws { try await settled(); try await base.appendAudit(records) }
    public func deletePerson(_ id: PersonID) async throws -> DeletionReport { try await settled(); return try await base.deletePerson(id) }
}
