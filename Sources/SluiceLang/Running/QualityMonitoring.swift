import Foundation
import SluiceData
import SluiceML
import SluiceServe

extension Deployment {
    /// `monitor quality "name" with "PATH" | TABLE by ID [metric m] [threshold x] [every D] [alert ["URL"]]`: the
    /// endpoint's captured requests merged with the ground truth — SageMaker's ground-truth records under PATH, or a
    /// table's target column by its id column (the ids the requests were sent with) — scored by the model version the
    /// endpoint serves, a window of `every` (an hour) at a time. With a PATH and `every`, the endpoint's process also
    /// keeps the check on that schedule. Returns the report and the lines to say.
    func monitorQuality(_ nameExpression: Expression, groundTruth truthExpression: Expression, by idColumn: Name?, metric: Name?,
                        threshold thresholdExpression: Expression?, every: (seconds: Double, span: SourceSpan)?,
                        alert: MonitorStatement.AlertTarget?) throws(Diagnostic) -> (ModelQualityReport?, [String]) {
        let name = try evaluator.text(nameExpression, "the endpoint's name in quotes")
        var threshold = ModelQualityJob.defaultThreshold
        if let thresholdExpression {
            guard case .number(let x) = try evaluator.evaluate(thresholdExpression), x >= 0 else {
                throw Diagnostic(.type, "`threshold` must be a number, how far the metric may move from its held-out value",
                                 span: thresholdExpression.span, label: "expected a number ≥ 0")
            }
            threshold = x
        }
        let url = try alertURL(alert)
        let record = try deployedEndpoint(name, nameExpression, purpose: "model quality is checked on an endpoint's captured requests")
        let model: TrainedModel
        do {
            model = try evaluator.store.load(record.model, version: record.version).bundle.model
        } catch {
            throw Diagnostic(.runtime, error.description, span: nameExpression.span, label: "its model")
        }
        do throws(MonitoringError) {
            _ = try ModelQualityJob.measure(model, metric?.text)
        } catch {
            throw Diagnostic(.runtime, error.description, span: metric?.span ?? nameExpression.span, label: "cannot check the model's quality")
        }
        var labels: [String: [String]] = [:]
        let source: String
        var lines: [String] = []
        // Kept on a schedule, the check may find no ground truth yet: that is said, not an error.
        var scheduled: ((MonitoringError) -> [String])?
        switch try evaluator.evaluate(truthExpression) {
        case .string(let path):
            if let idColumn {
                throw Diagnostic(.syntax, "`by` names the id column of a table of ground truth; SageMaker's records carry their ids",
                                 span: idColumn.span, label: "not for a path", help: "leave out `by \(idColumn.text)`")
            }
            let location = try evaluator.location(path, span: truthExpression.span)
            source = location.description
            if let every {
                let schedule = MonitoringSchedule(endpoint: name, every: every.seconds, threshold: threshold, alert: url,
                                                  quality: .init(groundTruth: source, metric: metric?.text))
                try keep(schedule, span: every.span)
                lines.append("monitoring \"\(name)\" \(schedule.summary) in the endpoint's process: each run merges the ground truth under \(source)")
                let said = lines
                scheduled = { said + ["\($0.description): the first run is in \(MonitoringSchedule.text(seconds: every.seconds))"] }
            }
            do throws(MonitoringError) {
                labels = try ModelQualityJob.labels(under: location)
            } catch {
                if let scheduled { return (nil, scheduled(error)) }
                throw Diagnostic(.runtime, error.description, span: truthExpression.span, label: "no ground truth")
            }
        case .table(let table):
            (labels, source) = try groundTruth(table, by: idColumn, target: model.target, span: truthExpression.span)
        default:
            throw Diagnostic(.type, "the ground truth is a path in quotes (SageMaker's records) or a table with an id column",
                             span: truthExpression.span, label: "neither a path nor a table",
                             help: "write `with \"ground-truth/\"` or `with outcomes by customer`")
        }
        let report: ModelQualityReport
        do throws(MonitoringError) {
            report = try ModelQualityJob.run(storeRoot: evaluator.store.root, endpoint: name, model: model, labels: labels, source: source,
                                             metric: metric?.text, threshold: threshold, window: every?.seconds ?? 3600)
        } catch {
            if let scheduled { return (nil, scheduled(error)) }
            throw Diagnostic(.runtime, error.description, span: metric?.span ?? truthExpression.span, label: "cannot check the model's quality")
        }
        if let url, !report.violations.isEmpty {
            let fallen = report.windows.filter(\.violated)
            lines += send(MonitoringAlert(endpoint: name, model: record.model, version: record.version,
                                          finding: .modelQuality(report, newlyViolated: fallen)), to: url)
        }
        return (report, lines)
    }

    /// A table's labels by request id: its `target` column's values, by the values of its id column.
    private func groundTruth(_ table: Table, by idColumn: Name?, target: String?, span: SourceSpan) throws(Diagnostic)
        -> (labels: [String: [String]], source: String) {
        guard let idColumn else {
            throw Diagnostic(.syntax, "a table of ground truth needs `by ID`: the column holding the ids its requests were sent with",
                             span: span, label: "which column is the id?", help: "write `with outcomes by customer` after `invoke \"name\" with rows by customer`")
        }
        guard let ids = table.column(named: idColumn.text) else {
            throw Diagnostic(.runtime, "the table has no column `\(idColumn.text)`", span: idColumn.span, label: "no such column",
                             help: didYouMean(idColumn.text, among: Set(table.columnNames)))
        }
        guard let target, let truth = table.column(named: target) else {
            throw Diagnostic(.runtime, "the table has no column `\(target ?? "")`, the model's target", span: span, label: "no ground truth")
        }
        var labels: [String: [String]] = [:]
        for row in 0..<table.rowCount {
            guard let id = ids.formattedValue(at: row), let label = truth.formattedValue(at: row) else { continue }
            labels[id, default: []].append(label)
        }
        return (labels, "the table's \(target) by \(idColumn.text)")
    }
}
