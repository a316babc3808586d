import Foundation
import SluiceServe
import SluiceStorage

extension Deployment {
    /// `monitor "name" against MODEL [threshold x] [every D] [alert ["URL"]]`: the checks now, when there is traffic
    /// to check (and the alert, when they find violations), and with `every`, the schedule the endpoint's own
    /// process keeps. Returns the report of the checks now, if they ran, and the lines to say.
    func monitorOnSchedule(_ nameExpression: Expression, model: Expression, threshold thresholdExpression: Expression?,
                           every: (seconds: Double, span: SourceSpan)?, alert: MonitorStatement.AlertTarget?)
        throws(Diagnostic) -> (MonitoringReport?, [String]) {
        let name = try evaluator.text(nameExpression, "the endpoint's name in quotes")
        let url = try alertURL(alert)
        let record = try deployedEndpoint(name, nameExpression, purpose: "a schedule and alerts watch a deployed endpoint's traffic")
        var lines: [String] = []
        if let every {
            let schedule = MonitoringSchedule(endpoint: name, every: every.seconds, threshold: try driftThreshold(thresholdExpression), alert: url)
            try keep(schedule, span: every.span)
            lines.append("monitoring \"\(name)\" \(schedule.summary) in the endpoint's process: each run checks the traffic captured since the last")
        }
        // The checks now, unless nothing is captured yet (a schedule set right after deploying).
        let captured = (try? Storage.files(under: try evaluator.store.location("capture/" + name)))?.isEmpty == false
        guard captured || every == nil else {
            lines.append("nothing is captured yet: the first run is in \(MonitoringSchedule.text(seconds: every!.seconds))")
            return (nil, lines)
        }
        let report = try monitor(.endpoint(nameExpression), model: model, threshold: thresholdExpression)
        if let url, !report.violations.isEmpty {
            lines += send(MonitoringAlert(endpoint: name, model: record.model, version: record.version, report: report), to: url)
        }
        return (report, lines)
    }

    /// The endpoint deployed as `name`, or an error that says `purpose`.
    func deployedEndpoint(_ name: String, _ nameExpression: Expression, purpose: String) throws(Diagnostic) -> EndpointRecord {
        guard let record = endpoints.record(named: name) else {
            throw Diagnostic(.runtime, "\"\(name)\" is not deployed: \(purpose)", span: nameExpression.span, label: "no such endpoint",
                             help: didYouMean(name, among: Set(endpoints.records().map(\.name))) ?? "deploy a model first")
        }
        return record
    }

    /// The http:// address an `alert` clause sends to: its URL, or `$SLUICE_ALERT_URL` for a bare `alert`.
    func alertURL(_ alert: MonitorStatement.AlertTarget?) throws(Diagnostic) -> String? {
        let text: String, span: SourceSpan
        switch alert {
        case nil:
            return nil
        case .url(let expression):
            text = try evaluator.text(expression, "the alert's URL in quotes")
            span = expression.span
        case .environment(let where_):
            guard let value = ProcessInfo.processInfo.environment[Self.alertVariable], !value.isEmpty else {
                throw Diagnostic(.runtime, "a bare `alert` sends to $\(Self.alertVariable), which is not set", span: where_,
                                 label: "no address", help: "set \(Self.alertVariable)=http://host:port/path, or write `alert \"http://…\"`")
            }
            text = value
            span = where_
        }
        guard let parsed = URL(string: text), parsed.scheme == "http", parsed.host != nil else {
            throw Diagnostic(.type, "`alert` needs an http:// address, not \(text)", span: span, label: "not an http:// URL",
                             help: "write `alert \"http://127.0.0.1:9000/hook\"`")
        }
        return text
    }

    /// Where a bare `alert` sends.
    static let alertVariable = "SLUICE_ALERT_URL"

    /// Keeps `schedule` in the store, where the endpoint's process finds it.
    func keep(_ schedule: MonitoringSchedule, span: SourceSpan) throws(Diagnostic) {
        do {
            try schedule.write(root: evaluator.store.root)
        } catch {
            throw Diagnostic(.runtime, "cannot keep the schedule: \(error.message)", span: span, label: "not scheduled")
        }
    }

    /// Sends `alert` now; the line to say, or a warning when it could not be delivered.
    func send(_ alert: MonitoringAlert, to url: String) -> [String] {
        if let problem = alert.send(to: url) {
            evaluator.warn("the alert was not delivered: \(problem)")
            return []
        }
        return ["alert sent to \(url)"]
    }
}
