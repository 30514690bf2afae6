import FIDOMetadata
import Foundation
import Prometheus

/// The server's Prometheus metrics, in one registry per application (so tests never share one):
/// requests and their latency by route, ceremony outcomes by code, RFC 9470 step-up challenges,
/// and the FIDO metadata's freshness, read at each scrape.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let metadata: @Sendable () -> (snapshot: MetadataSnapshot?, now: Date)

    /// Latency buckets from 1 ms to 5 s: sign-ins verify signatures, transfers sync the disk.
    static let buckets: [Duration] = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000].map { .microseconds(Int64($0 * 1000)) }

    /// The endpoints whose outcome is a ceremony's (WebAuthn L3 §7.1, §7.2; the legacy password).
    static let ceremonies: [String: String] = [
        "/webauthn/registration/verify": "registration",
        "/webauthn/authentication/verify": "authentication",
        "/auth/password": "password",
    ]

    init(metadata: @escaping @Sendable () -> (snapshot: MetadataSnapshot?, now: Date)) {
        self.metadata = metadata
    }

    /// One answered request. `route` is the matched route's template (never the raw path, so the
    /// label stays bounded); `code` is the problem code when it failed with one.
    func record(route: String, method: String, status: Int, code: String?, duration: Duration) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "passbank",
                metricName: "http_requests",
                unitName: "total",
                helpText: "HTTP requests answered."
            ),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "passbank",
                metricName: "http_request_duration",
                unitName: "seconds",
                helpText: "Time to answer."
            ),
            labels: [("route", route), ("method", method)],
            buckets: Self.buckets
        ).record(duration)
        if let ceremony = Self.ceremonies[route], method == "POST" {
            let outcome = status < 400 ? "ok" : (code ?? String(status))
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "passbank",
                    metricName: "ceremony_outcomes",
                    unitName: "total",
                    helpText: "Finished passkey and password ceremonies by outcome (ok or the problem code)."
                ),
                labels: [("ceremony", ceremony), ("outcome", outcome)]
            ).increment()
        }
    }

    /// An RFC 9470 challenge sent by the banking API.
    func recordStepUpChallenge(route: String) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "passbank",
                metricName: "step_up_challenges",
                unitName: "total",
                helpText: "RFC 9470 insufficient_user_authentication challenges sent."
            ),
            labels: [("route", route)]
        ).increment()
    }

    /// The Prometheus text exposition, with the metadata gauges brought up to date first.
    func exposition() -> String {
        let (snapshot, now) = metadata()
        let loaded = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "passbank",
                metricName: "mds_loaded",
                unitName: "",  // a 0/1 gauge has no unit; empty parts are left out of the name
                helpText: "1 when a verified FIDO MDS3 BLOB is in use."
            )
        )
        loaded.set(Double(snapshot == nil ? 0 : 1))
        let remaining = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "passbank",
                metricName: "mds_next_update",
                unitName: "seconds",
                helpText: "Seconds until the BLOB's nextUpdate; negative when the metadata is stale."
            )
        )
        remaining.set(snapshot.map { $0.nextUpdate.timeIntervalSince(now) } ?? 0)
        let stale = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "passbank",
                metricName: "mds_stale",
                unitName: "",
                helpText: "1 when the BLOB's nextUpdate has passed."
            )
        )
        stale.set(Double(snapshot.map { $0.nextUpdate < now ? 1 : 0 } ?? 0))
        return registry.emitToString()
    }
}
