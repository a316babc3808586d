import Foundation
import Synchronization

/// An endpoint's counters and latency histogram, rendered in Prometheus's text exposition format.
public final class EndpointMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let latencyBuckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    private struct State {
        var byStatus: [Int: Int] = [:]
        var rows = 0
        var bucketCounts = Array(repeating: 0, count: EndpointMetrics.latencyBuckets.count)
        var latencySum = 0.0
        var latencyCount = 0
        /// Requests that named none of a column's values, by column.
        var missingColumnRequests: [String: Int] = [:]
        /// Values training never saw, by column.
        var unseenValues: [String: Int] = [:]
        /// The scheduled monitoring: its interval, and what its last run found.
        var monitorInterval: Double?
        var lastMonitorRun: (time: Double, rows: Int, violations: Int, drift: [(String, Double)])?
        /// The scheduled model-quality monitoring: its interval, and what its last run found.
        var qualityInterval: Double?
        var lastQualityRun: (time: Double, metric: String, latest: Double?, baseline: Double, violations: Int)?
        var alerts = (sent: 0, failed: 0)
    }

    private let state = Mutex(State())
    private let endpoint: String

    public init(endpoint: String) {
        self.endpoint = endpoint
    }

    /// Counts one answered invocation.
    public func record(status: Int, rows: Int, seconds: Double) {
        state.withLock { state in
            state.byStatus[status, default: 0] += 1
            state.rows += rows
            if let bucket = Self.latencyBuckets.firstIndex(where: { seconds <= $0 }) { state.bucketCounts[bucket] += 1 }
            state.latencySum += seconds
            state.latencyCount += 1
        }
    }

    /// Counts what a scored request lacked or held that the model never saw.
    public func record(_ quality: InputQuality) {
        guard quality.warning != nil else { return }
        state.withLock { state in
            for column in quality.missingColumns { state.missingColumnRequests[column, default: 0] += 1 }
            for (column, count) in quality.unseenValues { state.unseenValues[column, default: 0] += count }
        }
    }

    /// Notes a scheduled monitoring run (every `interval` seconds): its time, rows, violations and drift.
    public func recordMonitoring(interval: Double, time: Date, report: MonitoringReport?) {
        state.withLock { state in
            state.monitorInterval = interval
            state.lastMonitorRun = (time.timeIntervalSince1970, report?.rows ?? 0, report?.violations.count ?? 0,
                                    report?.drift.map { ($0.feature, $0.distance) } ?? [])
        }
    }

    /// Notes a scheduled model-quality run (every `interval` seconds): its time, the metric of its latest window, the
    /// baseline and the windows in violation.
    public func recordQualityMonitoring(interval: Double, time: Date, report: ModelQualityReport?) {
        state.withLock { state in
            state.qualityInterval = interval
            if let report {
                state.lastQualityRun = (time.timeIntervalSince1970, report.metric, report.windows.last?.value, report.baseline, report.violations.count)
            }
        }
    }

    /// Counts an alert sent, or one that could not be.
    public func recordAlert(sent: Bool) {
        state.withLock { state in
            if sent { state.alerts.sent += 1 } else { state.alerts.failed += 1 }
        }
    }

    /// The metrics as Prometheus text, with the model's identity and the capture counts.
    public func exposition(model: String, version: Int, algorithm: String, capture: CaptureCounts?) -> String {
        let state = state.withLock { $0 }
        let endpointLabel = "endpoint=\(quoted(endpoint))"
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
        }
        family("sluice_model_info", "gauge", "The model the endpoint serves.")
        lines.append("sluice_model_info{\(endpointLabel),model=\(quoted(model)),version=\"\(version)\",algorithm=\(quoted(algorithm))} 1")
        family("sluice_invocations_total", "counter", "Invocations answered, by HTTP status.")
        let statuses = state.byStatus.keys.sorted()
        for status in statuses {
            lines.append("sluice_invocations_total{\(endpointLabel),status=\"\(status)\"} \(state.byStatus[status]!)")
        }
        if statuses.isEmpty { lines.append("sluice_invocations_total{\(endpointLabel),status=\"200\"} 0") }
        family("sluice_invocation_errors_total", "counter", "Invocations answered with an error, by HTTP status.")
        for status in statuses where status >= 400 {
            lines.append("sluice_invocation_errors_total{\(endpointLabel),status=\"\(status)\"} \(state.byStatus[status]!)")
        }
        family("sluice_invocation_rows_total", "counter", "Rows scored.")
        lines.append("sluice_invocation_rows_total{\(endpointLabel)} \(state.rows)")
        family("sluice_invocation_duration_seconds", "histogram", "Time from a request's body received to its answer, in seconds.")
        var cumulative = 0
        for (bound, count) in zip(Self.latencyBuckets, state.bucketCounts) {
            cumulative += count
            lines.append("sluice_invocation_duration_seconds_bucket{\(endpointLabel),le=\"\(bound)\"} \(cumulative)")
        }
        lines.append("sluice_invocation_duration_seconds_bucket{\(endpointLabel),le=\"+Inf\"} \(state.latencyCount)")
        lines.append("sluice_invocation_duration_seconds_sum{\(endpointLabel)} \(state.latencySum)")
        lines.append("sluice_invocation_duration_seconds_count{\(endpointLabel)} \(state.latencyCount)")
        family("sluice_missing_column_requests_total", "counter",
               "Requests scored although no row gave the column (its values all missing), by column.")
        for (column, count) in state.missingColumnRequests.sorted(by: { $0.key < $1.key }) {
            lines.append("sluice_missing_column_requests_total{\(endpointLabel),column=\(quoted(column))} \(count)")
        }
        family("sluice_unseen_category_values_total", "counter", "Values of a categorical column that training never saw, by column.")
        for (column, count) in state.unseenValues.sorted(by: { $0.key < $1.key }) {
            lines.append("sluice_unseen_category_values_total{\(endpointLabel),column=\(quoted(column))} \(count)")
        }
        if let interval = state.monitorInterval {
            family("sluice_monitor_interval_seconds", "gauge", "Seconds between the endpoint's scheduled monitoring runs.")
            lines.append("sluice_monitor_interval_seconds{\(endpointLabel)} \(interval)")
            if let run = state.lastMonitorRun {
                family("sluice_monitor_last_run_timestamp_seconds", "gauge", "When the last scheduled monitoring run ended, in Unix seconds.")
                lines.append("sluice_monitor_last_run_timestamp_seconds{\(endpointLabel)} \(run.time)")
                family("sluice_monitor_rows", "gauge", "Rows of captured traffic the last scheduled run checked.")
                lines.append("sluice_monitor_rows{\(endpointLabel)} \(run.rows)")
                family("sluice_monitor_violations", "gauge", "Constraint violations the last scheduled run found.")
                lines.append("sluice_monitor_violations{\(endpointLabel)} \(run.violations)")
                family("sluice_monitor_feature_drift", "gauge", "Each feature's L∞ distance from the training distribution in the last run.")
                for (feature, distance) in run.drift.sorted(by: { $0.0 < $1.0 }) {
                    lines.append("sluice_monitor_feature_drift{\(endpointLabel),feature=\(quoted(feature))} \(distance)")
                }
            }
        }
        if let interval = state.qualityInterval {
            family("sluice_model_quality_interval_seconds", "gauge", "Seconds between the endpoint's scheduled model-quality runs.")
            lines.append("sluice_model_quality_interval_seconds{\(endpointLabel)} \(interval)")
            if let run = state.lastQualityRun {
                let metric = "\(endpointLabel),metric=\(quoted(run.metric))"
                family("sluice_model_quality_last_run_timestamp_seconds", "gauge", "When the last scheduled model-quality run ended, in Unix seconds.")
                lines.append("sluice_model_quality_last_run_timestamp_seconds{\(endpointLabel)} \(run.time)")
                if let latest = run.latest {
                    family("sluice_model_quality_metric", "gauge", "The model's metric on the latest window of traffic with ground truth.")
                    lines.append("sluice_model_quality_metric{\(metric)} \(latest)")
                }
                family("sluice_model_quality_baseline", "gauge", "The model's held-out value of the metric, which windows are checked against.")
                lines.append("sluice_model_quality_baseline{\(metric)} \(run.baseline)")
                family("sluice_model_quality_violations", "gauge", "Windows whose metric fell past the threshold in the last run.")
                lines.append("sluice_model_quality_violations{\(endpointLabel)} \(run.violations)")
            }
        }
        if state.monitorInterval != nil || state.qualityInterval != nil {
            family("sluice_monitor_alerts_total", "counter", "Alerts POSTed for runs with violations, by outcome.")
            lines.append("sluice_monitor_alerts_total{\(endpointLabel),outcome=\"sent\"} \(state.alerts.sent)")
            lines.append("sluice_monitor_alerts_total{\(endpointLabel),outcome=\"failed\"} \(state.alerts.failed)")
        }
        if let capture {
            family("sluice_capture_records_total", "counter", "Data capture records, by outcome.")
            lines.append("sluice_capture_records_total{\(endpointLabel),outcome=\"written\"} \(capture.written)")
            lines.append("sluice_capture_records_total{\(endpointLabel),outcome=\"dropped\"} \(capture.dropped)")
            lines.append("sluice_capture_records_total{\(endpointLabel),outcome=\"failed\"} \(capture.failed)")
            family("sluice_capture_pending", "gauge", "Data capture records waiting to be written.")
            lines.append("sluice_capture_pending{\(endpointLabel)} \(capture.pending)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
