import EarshotCore
import Metrics

/// Earshot's own metrics, through swift-metrics (the server exports them for Prometheus). Labels carry
/// outcomes and rule names only, never ids or text.
enum EngineMetrics {
    /// Looked up per use, not kept in a `static let`: a handle made before the metrics backend is
    /// bootstrapped would stay a no-op for the life of the process.
    static var classifierDuration: Timer { Timer(label: "earshot_classifier_duration_seconds", preferredDisplayUnit: .seconds) }

    static func classified(since started: ContinuousClock.Instant) {
        let d = ContinuousClock.now - started
        classifierDuration.recordNanoseconds(d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000)
    }

    static func record(_ report: IngestReport) {
        Counter(label: "earshot_ingest_events_total", dimensions: [("outcome", "recorded")]).increment(by: report.recorded)
        Counter(label: "earshot_ingest_events_total", dimensions: [("outcome", "duplicate")]).increment(by: report.duplicates)
        Counter(label: "earshot_ingest_events_total", dimensions: [("outcome", "rejected")]).increment(by: report.rejected.count)
        var denials: [String: Int] = [:]
        for outcome in report.outcomes { for rule in outcome.deniedBy { denials[rule, default: 0] += 1 } }
        for (rule, n) in denials {
            Counter(label: "earshot_policy_denials_total", dimensions: [("rule", rule)]).increment(by: n)
        }
    }

    /// A served-ads response: targeted or contextual.
    static func servedAds(targeted: Bool, count: Int) {
        Counter(label: "earshot_ads_served_total", dimensions: [("basis", targeted ? "interests" : "contextual")]).increment(by: count)
    }
}
