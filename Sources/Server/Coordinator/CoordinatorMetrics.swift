import Metrics
import Transport

/// The coordinator's operational metrics, emitted through swift-metrics (a
/// no-op unless the command line bootstraps a backend: `coordinator run
/// --metrics` serves them in Prometheus text format). Names follow Prometheus
/// conventions: `_total` counters, base units (seconds, bytes).
public enum CoordinatorMetrics {
    /// Why a round aborted, as a label with few values (the full reason is logged).
    enum AbortKind: String, CaseIterable {
        case tooFewSampled = "too_few_sampled"
        case secureAggregation = "secure_aggregation"
        case exposureRefused = "exposure_refused"
        case configuration
        case shutdown

        init(reason: String) {
            if reason.contains("sampled, fewer than") {
                self = .tooFewSampled
            } else if reason.hasPrefix("secure aggregation aborted") {
                self = .secureAggregation
            } else if reason.hasPrefix("cannot configure") {
                self = .configuration
            } else if reason.contains("shutting down") {
                self = .shutdown
            } else {
                self = .exposureRefused
            }
        }
    }

    /// Creates every series at zero, so a scrape shows them before the first round.
    static func start(enrolled: Int, connected count: Int) {
        Counter(label: "chorus_rounds_started_total").increment(by: 0)
        Counter(label: "chorus_rounds_completed_total").increment(by: 0)
        for kind in AbortKind.allCases {
            Counter(label: "chorus_rounds_aborted_total", dimensions: [("reason", kind.rawValue)]).increment(by: 0)
        }
        Counter(label: "chorus_bytes_received_total").increment(by: 0)
        Counter(label: "chorus_bytes_sent_total").increment(by: 0)
        Gauge(label: "chorus_participants_enrolled").record(enrolled)
        connected(count)
    }

    /// A round that ended, its outcome, participants and stage timings.
    static func record(_ summary: RoundSummary) {
        Counter(label: "chorus_rounds_started_total").increment()
        switch summary.outcome {
        case .completed: Counter(label: "chorus_rounds_completed_total").increment()
        case .aborted(let reason):
            Counter(label: "chorus_rounds_aborted_total", dimensions: [("reason", AbortKind(reason: reason).rawValue)]).increment()
        }
        Gauge(label: "chorus_participants_sampled").record(summary.sampled)
        for stage in summary.stageParticipants {
            Gauge(label: "chorus_participants_surviving", dimensions: [("stage", stage.name)]).record(stage.count)
        }
        for stage in summary.stageSeconds {
            Metrics.Timer(label: stageDurationLabel, dimensions: [("stage", stage.name)])
                .recordNanoseconds(Int64(stage.seconds * 1e9))
        }
        if let accuracy = summary.testAccuracy { Gauge(label: "chorus_test_accuracy").record(accuracy) }
        if let accuracy = summary.federated?.accuracy { Gauge(label: "chorus_federated_accuracy").record(accuracy) }
    }

    static func connected(_ count: Int) {
        Gauge(label: "chorus_participants_connected").record(count)
    }

    static func epsilon(_ value: Double) {
        Gauge(label: "chorus_epsilon_spent").record(value)
    }

    static func received(_ frame: Frame) {
        Counter(label: "chorus_bytes_received_total").increment(by: FrameHeader.size + frame.payload.count)
    }

    static func sent(_ frame: Frame) {
        Counter(label: "chorus_bytes_sent_total").increment(by: FrameHeader.size + frame.payload.count)
    }

    /// The histogram of protocol step durations (label `stage`), whose buckets a backend may set.
    public static let stageDurationLabel = "chorus_stage_duration_seconds"
}
