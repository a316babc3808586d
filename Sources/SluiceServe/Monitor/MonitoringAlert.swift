import Foundation

/// What a monitoring run with violations POSTs to its `alert` URL: a JSON summary — the endpoint, the model
/// version, the violations, and where the run's report is; for data quality each feature's drift, for model
/// quality the metric of the windows that fell — sent with retries and a timeout from the monitoring thread,
/// never from a request's.
public struct MonitoringAlert: Sendable {
    /// What the run found.
    public enum Finding: Sendable {
        case dataQuality(MonitoringReport)
        /// A model-quality run, and the windows that became violations in it.
        case modelQuality(ModelQualityReport, newlyViolated: [ModelQualityReport.Window])
    }

    public var endpoint: String
    public var model: String
    public var version: Int
    public var finding: Finding
    public var time: Date

    public init(endpoint: String, model: String, version: Int, finding: Finding, time: Date = Date()) {
        self.endpoint = endpoint
        self.model = model
        self.version = version
        self.finding = finding
        self.time = time
    }

    /// The data-quality alert of `report`.
    public init(endpoint: String, model: String, version: Int, report: MonitoringReport, time: Date = Date()) {
        self.init(endpoint: endpoint, model: model, version: version, finding: .dataQuality(report), time: time)
    }

    /// The JSON body.
    public var body: [UInt8] {
        let dates = ISO8601DateFormatter()
        var object: [String: Any] = ["endpoint": endpoint, "model": model, "version": version, "time": dates.string(from: time)]
        let violations: [MonitoringViolation]
        let folder: String
        switch finding {
        case .dataQuality(let report):
            violations = report.violations
            folder = report.folder
            object["monitoring"] = "data_quality"
            object["source"] = report.source
            object["rows"] = report.rows
            object["drift"] = Dictionary(report.drift.map { ($0.feature, $0.distance) }, uniquingKeysWith: { $1 })
            object["statistics"] = report.folder + "/statistics.json"
        case .modelQuality(let report, let windows):
            violations = report.violations
            folder = report.folder
            object["monitoring"] = "model_quality"
            object["metric"] = report.metric
            object["baseline"] = report.baseline
            object["threshold"] = report.threshold
            object["windows"] = windows.map { ["start": dates.string(from: $0.start), "rows": $0.rows, "value": $0.value] }
            object["model_quality_metrics"] = report.folder + "/model_quality_metrics.json"
        }
        object["violation_count"] = violations.count
        object["violations"] = violations.map {
            ["feature_name": $0.featureName, "constraint_check_type": $0.constraintCheckType, "description": $0.description]
        }
        object["report"] = folder
        object["constraint_violations"] = folder + "/constraint_violations.json"
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    /// Attempts at most, and the seconds each may take.
    static let attempts = 3, timeout = 5.0

    /// POSTs the alert to `url` (http://host[:port]/path), trying again after 0.5 s and 1 s when the
    /// receiver cannot be reached or answers 5xx; returns nil once it answered 2xx, else why not.
    public func send(to url: String) -> String? {
        guard let parsed = URL(string: url), parsed.scheme == "http", let host = parsed.host else {
            return "\(url) is not an http:// address"
        }
        let path = (parsed.path.isEmpty ? "/" : parsed.path) + (parsed.query.map { "?" + $0 } ?? "")
        var problem = ""
        for attempt in 0..<Self.attempts {
            if attempt > 0 { usleep(useconds_t(500_000 << (attempt - 1))) }
            do {
                let answer = try LoopbackHTTPClient.send("POST", host: host, port: parsed.port ?? 80, path: path,
                                                         headers: ["Content-Type": "application/json"], body: body, timeout: Self.timeout)
                if (200..<300).contains(answer.status) { return nil }
                problem = "\(url) answered \(answer.status)"
                if answer.status < 500 { return problem }
            } catch {
                problem = "\(url): \(error.description)"
            }
        }
        return problem + " (after \(Self.attempts) attempts)"
    }
}
