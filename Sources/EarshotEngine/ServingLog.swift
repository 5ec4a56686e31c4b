import EarshotCore
import EarshotStore

/// Group commit for what serving writes (impressions and their audit records).
///
/// Concurrent requests hand their rows to this actor; one flush at a time writes everything pending in
/// one transaction, and every request returns only after its rows are stored, so "why this ad" and
/// frequency caps see them at once. Under load this turns thousands of small transactions into a few
/// large ones.
actor ServingLog {
    private let store: any Store
    private var impressions: [Impression] = []
    private var audit: [AuditRecord] = []
    private var waiting: [CheckedContinuation<Void, any Error>] = []
    private var flushing = false

    init(store: any Store) { self.store = store }

    /// Stores the rows (together with any other pending ones) and returns once they are committed.
    func record(_ newImpressions: [Impression], _ newAudit: [AuditRecord]) async throws {
        impressions += newImpressions
        audit += newAudit
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            waiting.append(c)
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !waiting.isEmpty {
            let (batchImpressions, batchAudit, batchWaiting) = (impressions, audit, waiting)
            impressions = []
            audit = []
            waiting = []
            do {
                try await store.recordServing(batchImpressions, audit: batchAudit)
                for c in batchWaiting { c.resume() }
            } catch {
                for c in batchWaiting { c.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
