import Foundation
import SluiceServe
import SluiceStorage

extension Deployment {
    /// `monitor "name" against MODEL [threshold x] [every D] [alert "URL"]`: the checks now, when there is traffic
    /// to check (and the alert, when they find violations), and with `every`, the schedule the endpoint's own
    /// process keeps. Returns the report of the checks now, if they ran, and the lines to say.
    func monitorOnSchedule(_ nameExpression: Expression, model: Expression, threshold thresholdExpression: Expression?,
                           every: (seconds: Double, span: SourceSpan)?, alert alertExpression: Expression?)
        throws(Diagnostic) -> (MonitoringReport?, [String]) {
        let name = try evaluator.text(nameExpression, "the endpoint's name in quotes")
        var url: String?
        if let alertExpression {
            let text = try evaluator.text(alertExpression, "the alert's URL in quotes")
            guard let parsed = URL(string: text), parsed.scheme == "http", parsed.host != nil else {
                throw Diagnostic(.type, "`alert` needs an http:// address", span: alertExpression.span, label: "not an http:// URL",
                                 help: "write `alert \"http://127.0.0.1:9000/hook\"`")
            }
            url = text
        }
        guard let record = endpoints.record(named: name) else {
            throw Diagnostic(.runtime, "\"\(name)\" is not deployed: a schedule and alerts watch a deployed endpoint's traffic",
                             span: nameExpression.span, label: "no such endpoint",
                             help: didYouMean(name, among: Set(endpoints.records().map(\.name))) ?? "deploy a model first")
        }
        var lines: [String] = []
        if let every {
            let schedule = MonitoringSchedule(endpoint: name, every: every.seconds, threshold: try driftThreshold(thresholdExpression), alert: url)
            do {
                try schedule.write(root: evaluator.store.root)
            } catch {
                throw Diagnostic(.runtime, "cannot keep the schedule: \(error.message)", span: every.span, label: "not scheduled")
            }
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
            let alert = MonitoringAlert(endpoint: name, model: record.model, version: record.version, report: report)
            if let problem = alert.send(to: url) {
                evaluator.warn("the alert was not delivered: \(problem)")
            } else {
                lines.append("alert sent to \(url)")
            }
        }
        return (report, lines)
    }
}
