import SluiceData
import SluiceML

/// Renders `evaluate`: a metrics table and, by task, ROC and PR curves with a
/// confusion heat map, per-class scores, predicted-vs-actual and residual
/// plots, or cluster sizes. Text for the REPL, HTML with SVG for notebooks.
public struct EvaluationRenderer: Sendable {
    public init() {}

    public func bundle(for evaluation: ModelEvaluation) -> MimeBundle {
        let (title, metrics, textExtra, charts) = parts(evaluation)
        var text = [title] + TextGrid(rows: metrics.map { [$0.0, $0.1] }, rightAligned: { $0 > 0 }).lines
        text += textExtra
        var html = "<div class=\"sluice-evaluation\"><strong>\(escapeHTML(title))</strong>\n<table>"
        for (name, value) in metrics {
            html += "<tr><th style=\"text-align:left\">\(escapeHTML(name))</th><td style=\"text-align:right\">\(escapeHTML(value))</td></tr>"
        }
        html += "</table>\n<div style=\"display:flex;flex-wrap:wrap;gap:12px\">" + charts.joined() + "</div></div>"
        return MimeBundle(plainText: text.joined(separator: "\n"), html: html)
    }

    private func f(_ value: Double) -> String { value.isNaN ? "—" : formatMeasure(value) }

    private func confusionText(_ matrix: [[Int]], labels: [String]) -> [String] {
        let width = max(labels.map(\.count).max() ?? 0, matrix.flatMap { $0 }.map { formatCount($0).count }.max() ?? 0)
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        var lines = ["confusion matrix (rows: actual, columns: predicted)",
                     String(repeating: " ", count: width) + "  " + labels.map(pad).joined(separator: "  ")]
        for (row, counts) in matrix.enumerated() {
            lines.append(pad(labels[row]) + "  " + counts.map { pad(formatCount($0)) }.joined(separator: "  "))
        }
        return lines
    }

    /// The ROC curve as a block chart: true positive rate (up) by false positive rate (across).
    private func rocText(_ e: BinaryEvaluation) -> [String] {
        let points = zip(e.roc.falsePositiveRates, e.roc.truePositiveRates).map { (x: $0, y: $1) }
        return ["ROC curve (AUC \(f(e.auc))): true positive rate by false positive rate"]
            + textAreaChart(points) + ["   0" + String(repeating: " ", count: 38) + "1"]
    }

    /// The precision–recall curve as a block chart: precision (up) by recall (across).
    private func prText(_ e: BinaryEvaluation) -> [String] {
        let points = zip(e.precisionRecall.recalls, e.precisionRecall.precisions).map { (x: $0, y: $1) }
        return ["PR curve (AP \(f(e.averagePrecision))): precision by recall"]
            + textAreaChart(points) + ["   0" + String(repeating: " ", count: 38) + "1"]
    }

    private func parts(_ evaluation: ModelEvaluation) -> (String, [(String, String)], [String], [String]) {
        switch evaluation {
        case .binary(let e):
            let labels = [e.negative, e.positive]
            let roc = EvaluationCharts.curve(zip(e.roc.falsePositiveRates, e.roc.truePositiveRates), name: "ROC (AUC \(f(e.auc)))",
                                             x: "false positive rate", y: "true positive rate", chance: true)
            let pr = EvaluationCharts.curve(zip(e.precisionRecall.recalls, e.precisionRecall.precisions), name: "PR (AP \(f(e.averagePrecision)))",
                                            x: "recall", y: "precision", chance: false)
            return ("binary classification · \(formatCount(e.rows)) rows · positive: \(e.positive) · threshold \(formatStatistic(e.threshold))",
                    [("accuracy", f(e.accuracy)), ("precision", f(e.precision)), ("recall", f(e.recall)), ("f1", f(e.f1)),
                     ("auc", f(e.auc)), ("logloss", f(e.logLoss)), ("average precision", f(e.averagePrecision))],
                    confusionText(e.confusion, labels: labels) + rocText(e) + prText(e),
                    [roc.svg, pr.svg, EvaluationCharts.confusion(e.confusion, labels: labels).svg])
        case .multiclass(let e):
            let perClass = TextGrid(rows: [["class", "precision", "recall", "f1", "support"]] + e.classes.indices.map { index in
                [e.classes[index], f(e.report.precision[index]), f(e.report.recall[index]), f(e.report.f1[index]),
                 formatCount(e.report.support[index])]
            }, rightAligned: { $0 > 0 }).lines
            var table = "<table><tr><th>class</th><th>precision</th><th>recall</th><th>f1</th><th>support</th></tr>"
            for (index, name) in e.classes.enumerated() {
                table += "<tr><th>\(escapeHTML(name))</th><td>\(f(e.report.precision[index]))</td><td>\(f(e.report.recall[index]))</td><td>\(f(e.report.f1[index]))</td><td>\(formatCount(e.report.support[index]))</td></tr>"
            }
            table += "</table>"
            return ("\(e.classes.count)-class classification · \(formatCount(e.rows)) rows",
                    [("accuracy", f(e.accuracy)), ("mlogloss", f(e.logLoss)),
                     ("precision (macro)", f(e.report.macro(e.report.precision))), ("recall (macro)", f(e.report.macro(e.report.recall))),
                     ("f1 (macro)", f(e.report.macro(e.report.f1))), ("f1 (weighted)", f(e.report.weighted(e.report.f1)))],
                    perClass + confusionText(e.confusion, labels: e.classes), [table, EvaluationCharts.confusion(e.confusion, labels: e.classes).svg])
        case .regression(let e):
            let pairs = Array(zip(e.sampleActual, e.samplePredicted))
            return ("regression · \(formatCount(e.rows)) rows",
                    [("rmse", f(e.rmse)), ("mae", f(e.mae)), ("r2", f(e.r2))],
                    ["predicted (up) by actual (across)"] + textScatter(pairs.map { (x: $0.0, y: $0.1) }),
                    [EvaluationCharts.actualAgainstPredicted(pairs).svg, EvaluationCharts.residuals(pairs).svg])
        case .clustering(let e):
            let counts = e.sizes.enumerated().map { ValueCount(value: "cluster \($0.offset)", count: $0.element) }
            return ("clustering into \(e.sizes.count) · \(formatCount(e.rows)) rows",
                    [("inertia", f(e.inertia)), ("silhouette", f(e.silhouette))],
                    ["sizes: " + e.sizes.map(formatCount).joined(separator: " · ")]
                        + e.sizes.enumerated().map { "cluster \($0.offset)  " + textBar(Double($0.element), peak: Double(e.sizes.max() ?? 1)) },
                    [SVGCharts.topValues(counts, total: e.rows)])
        }
    }
}
