import SluiceData
import SluiceML

/// Renders `crossvalidate`: each metric's mean ± standard deviation over the folds, then a row per fold.
public struct CrossValidationRenderer: Sendable {
    public init() {}

    public func bundle(for validation: CrossValidation) -> MimeBundle {
        var title = "\(validation.folds.count)-fold cross-validation of \(validation.algorithm.name)"
        if let target = validation.target { title += " predicting \(target)" }
        title += " · \(formatCount(validation.rows)) rows · \(validation.folds[0].evaluation.taskName)"
        let summary = validation.summary.map { [$0.metric, formatUncertain($0.mean, spread: $0.std)] }
        let metrics = validation.folds[0].evaluation.metricNames
        let headers = ["fold", "training_rows", "rows"] + metrics
        let rows = validation.folds.enumerated().map { index, fold in
            [String(index + 1), formatCount(fold.trainingRows), formatCount(fold.evaluation.rows)]
                + metrics.map { fold.evaluation.metric($0).map { $0.isNaN ? "—" : formatMeasure($0) } ?? "—" }
        }
        let text = [title, "mean ± std over the folds:"] + TextGrid(rows: summary, rightAligned: { $0 > 0 }).lines
            + [""] + TextGrid(rows: [headers] + rows, rightAligned: { _ in true }).lines
        var html = "<div class=\"sluice-crossvalidation\"><strong>\(escapeHTML(title))</strong>\n<table><tr><th></th><th>mean ± std</th></tr>"
        for row in summary { html += "<tr><th style=\"text-align:left\">\(escapeHTML(row[0]))</th><td style=\"text-align:right\">\(escapeHTML(row[1]))</td></tr>" }
        html += "</table>\n<table><tr>" + headers.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr>"
        for row in rows { html += "<tr>" + row.map { "<td style=\"text-align:right\">\(escapeHTML($0))</td>" }.joined() + "</tr>" }
        html += "</table></div>"
        return MimeBundle(plainText: text.joined(separator: "\n"), html: html)
    }
}
