import SluiceData
import SluiceML

/// Renders `evaluate`: the metrics, then the charts of the task, each a display of its own (SVG,
/// Vega-Lite, text). One model: its metrics down a table, and ROC and PR curves with a confusion heat
/// map (binary), per-class scores and the confusion map (multiclass), predicted against actual and
/// residuals (regression), or cluster sizes. Several models: a row of metrics each, with their ROC and
/// PR curves (or predictions against the truth) overlaid.
public struct EvaluationRenderer: Sendable {
    public init() {}

    /// The metrics' display, then each chart's.
    public func bundles(for comparison: ModelComparison) -> [MimeBundle] {
        let entries = comparison.entries
        if entries.count == 1 { return single(entries[0].evaluation) }
        let first = entries[0].evaluation
        let title = "\(entries.count) models · \(first.taskName) · \(formatCount(first.rows)) rows"
        let headers = ["model"] + first.metricNames
        let rows = entries.map { entry in [entry.name] + first.metricNames.map { f(entry.evaluation.metric($0) ?? .nan) } }
        let text = [title] + TextGrid(rows: [headers] + rows, rightAligned: { $0 > 0 }).lines
        var html = "<div class=\"sluice-evaluation\"><strong>\(escapeHTML(title))</strong>\n<table><tr>"
            + headers.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr>"
        for row in rows {
            html += "<tr>" + row.enumerated().map { "<td style=\"text-align:\($0.offset == 0 ? "left" : "right")\">\(escapeHTML($0.element))</td>" }.joined() + "</tr>"
        }
        html += "</table></div>"
        return [MimeBundle(plainText: text.joined(separator: "\n"), html: html)] + comparisonCharts(entries).map(\.bundle)
    }

    private func comparisonCharts(_ entries: [ModelComparison.Entry]) -> [Chart] {
        var roc: [(String, [(Double, Double)])] = [], pr: [(String, [(Double, Double)])] = []
        var predictions: [(String, [(actual: Double, predicted: Double)])] = []
        for entry in entries {
            switch entry.evaluation {
            case .binary(let e):
                roc.append(("\(entry.name) (AUC \(f(e.auc)))", Array(zip(e.roc.falsePositiveRates, e.roc.truePositiveRates))))
                pr.append(("\(entry.name) (AP \(f(e.averagePrecision)))", Array(zip(e.precisionRecall.recalls, e.precisionRecall.precisions))))
            case .regression(let e):
                predictions.append((entry.name, zip(e.sampleActual, e.samplePredicted).map { (actual: $0, predicted: $1) }))
            case .multiclass, .clustering:
                break
            }
        }
        if !roc.isEmpty {
            return [EvaluationCharts.curves(roc, title: "ROC curves", x: "false positive rate", y: "true positive rate", chance: true),
                    EvaluationCharts.curves(pr, title: "Precision–recall curves", x: "recall", y: "precision", chance: false)]
        }
        return predictions.isEmpty ? [] : [EvaluationCharts.actualAgainstPredicted(predictions)]
    }

    private func single(_ evaluation: ModelEvaluation) -> [MimeBundle] {
        let (title, metrics, textExtra, htmlExtra, charts) = parts(evaluation)
        var text = [title] + TextGrid(rows: metrics.map { [$0.0, $0.1] }, rightAligned: { $0 > 0 }).lines
        text += textExtra
        var html = "<div class=\"sluice-evaluation\"><strong>\(escapeHTML(title))</strong>\n<table>"
        for (name, value) in metrics {
            html += "<tr><th style=\"text-align:left\">\(escapeHTML(name))</th><td style=\"text-align:right\">\(escapeHTML(value))</td></tr>"
        }
        html += "</table>\(htmlExtra)</div>"
        return [MimeBundle(plainText: text.joined(separator: "\n"), html: html)] + charts.map(\.bundle)
    }

    private func f(_ value: Double) -> String { value.isNaN ? "—" : formatMeasure(value) }

    private func parts(_ evaluation: ModelEvaluation) -> (String, [(String, String)], [String], String, [Chart]) {
        switch evaluation {
        case .binary(let e):
            let labels = [e.negative, e.positive]
            let roc = EvaluationCharts.curves([("ROC (AUC \(f(e.auc)))", Array(zip(e.roc.falsePositiveRates, e.roc.truePositiveRates)))],
                                              title: "ROC curve", x: "false positive rate", y: "true positive rate", chance: true)
            let pr = EvaluationCharts.curves([("PR (AP \(f(e.averagePrecision)))", Array(zip(e.precisionRecall.recalls, e.precisionRecall.precisions)))],
                                             title: "Precision–recall curve", x: "recall", y: "precision", chance: false)
            return ("binary classification · \(formatCount(e.rows)) rows · positive: \(e.positive) · threshold \(formatStatistic(e.threshold))",
                    [("accuracy", f(e.accuracy)), ("precision", f(e.precision)), ("recall", f(e.recall)), ("f1", f(e.f1)),
                     ("auc", f(e.auc)), ("logloss", f(e.logLoss)), ("average precision", f(e.averagePrecision))],
                    [], "", [roc, pr, EvaluationCharts.confusion(e.confusion, labels: labels)])
        case .multiclass(let e):
            let perClass = [["class", "precision", "recall", "f1", "support"]] + e.classes.indices.map { index in
                [e.classes[index], f(e.report.precision[index]), f(e.report.recall[index]), f(e.report.f1[index]),
                 formatCount(e.report.support[index])]
            }
            var table = "<table><tr>" + perClass[0].map { "<th>\($0)</th>" }.joined() + "</tr>"
            for row in perClass.dropFirst() {
                table += "<tr><th>\(escapeHTML(row[0]))</th>" + row.dropFirst().map { "<td>\($0)</td>" }.joined() + "</tr>"
            }
            table += "</table>"
            return ("\(e.classes.count)-class classification · \(formatCount(e.rows)) rows",
                    [("accuracy", f(e.accuracy)), ("mlogloss", f(e.logLoss)),
                     ("precision (macro)", f(e.report.macro(e.report.precision))), ("recall (macro)", f(e.report.macro(e.report.recall))),
                     ("f1 (macro)", f(e.report.macro(e.report.f1))), ("f1 (weighted)", f(e.report.weighted(e.report.f1)))],
                    TextGrid(rows: perClass, rightAligned: { $0 > 0 }).lines, table,
                    [EvaluationCharts.confusion(e.confusion, labels: e.classes)])
        case .regression(let e):
            let pairs = zip(e.sampleActual, e.samplePredicted).map { (actual: $0, predicted: $1) }
            return ("regression · \(formatCount(e.rows)) rows", [("rmse", f(e.rmse)), ("mae", f(e.mae)), ("r2", f(e.r2))], [], "",
                    [EvaluationCharts.actualAgainstPredicted([("", pairs)]), EvaluationCharts.residuals(pairs)])
        case .clustering(let e):
            return ("clustering into \(e.sizes.count) · \(formatCount(e.rows)) rows",
                    [("inertia", f(e.inertia)), ("silhouette", f(e.silhouette))], [], "", [EvaluationCharts.sizes(e.sizes)])
        }
    }
}
