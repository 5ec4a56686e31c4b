import Hummingbird
import Metrics
import Prometheus

/// The process's metrics registry, exported at `GET /metrics` in the Prometheus text format.
///
/// swift-metrics has one global backend per process, so it is bootstrapped once, on first use.
public enum Telemetry {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped: Void = MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

    /// Installs the Prometheus backend (idempotent).
    public static func bootstrap() { _ = bootstrapped }

    static func register(_ r: Registrar) {
        r.get("metrics", .anyone) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
