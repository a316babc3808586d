import Foundation

/// What a monitoring run with violations POSTs to its `alert` URL: a JSON summary — the endpoint, the model
/// version, the violations, each feature's drift, and where the run's report is — sent with retries and a
/// timeout from the monitoring thread, never from a request's.
public struct MonitoringAlert: Sendable {
    public var endpoint: String
    public var model: String
    public var version: Int
    public var report: MonitoringReport
    public var time: Date

    public init(endpoint: String, model: String, version: Int, report: MonitoringReport, time: Date = Date()) {
        self.endpoint = endpoint
        self.model = model
        self.version = version
        self.report = report
        self.time = time
    }

    /// The JSON body.
    public var body: [UInt8] {
        let object: [String: Any] = [
            "endpoint": endpoint, "model": model, "version": version, "time": ISO8601DateFormatter().string(from: time),
            "source": report.source, "rows": report.rows, "violation_count": report.violations.count,
            "violations": report.violations.map {
                ["feature_name": $0.featureName, "constraint_check_type": $0.constraintCheckType, "description": $0.description]
            },
            "drift": Dictionary(report.drift.map { ($0.feature, $0.distance) }, uniquingKeysWith: { $1 }),
            "report": report.folder, "statistics": report.folder + "/statistics.json",
            "constraint_violations": report.folder + "/constraint_violations.json",
        ]
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
