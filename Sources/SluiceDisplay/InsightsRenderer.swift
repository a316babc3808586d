import Foundation
import SluiceData
import SluiceML

/// Renders `insights`: the findings with what to do about each, a table of the columns, the quick
/// model's score, and its importance as a chart of its own.
public struct InsightsRenderer: Sendable {
    public init() {}

    /// The report, then (with a quick model) its importance chart.
    public func bundles(for report: TableInsights) -> [MimeBundle] {
        let findings = report.findings.map { [$0.severity == .warning ? "⚠" : "·", $0.message, $0.advice] }
        let columns = columnRows(report)
        var text = [headline(report), ""]
        text += report.findings.isEmpty ? ["Nothing to report."]
            : report.findings.flatMap { ["\($0.severity == .warning ? "⚠" : "·") \($0.message)", "    → \($0.advice)"] }
        text += [""] + TextGrid(rows: [columnHeaders(report)] + columns, rightAligned: { $0 > 1 }).lines
        if let line = quickModelLine(report) { text += ["", line] }

        var html = "<div class=\"sluice-insights\"><p><strong>\(codeSpans(headline(report)))</strong></p>"
        if findings.isEmpty {
            html += "<p>Nothing to report.</p>"
        } else {
            html += "<table><tr><th></th><th style=\"text-align:left\">finding</th><th style=\"text-align:left\">what to do</th></tr>"
            for finding in report.findings {
                let mark = finding.severity == .warning ? "<span style=\"color:#d62728\" title=\"warning\">⚠</span>"
                    : "<span style=\"color:#1f77b4\" title=\"insight\">●</span>"
                html += "<tr><td>\(mark)</td><td style=\"text-align:left\">\(codeSpans(finding.message))</td>"
                    + "<td style=\"text-align:left\">\(codeSpans(finding.advice))</td></tr>"
            }
            html += "</table>"
        }
        html += "<table><tr>" + columnHeaders(report).enumerated().map { index, header in
            "<th style=\"text-align:\(index > 1 ? "right" : "left")\">\(escapeHTML(header))</th>"
        }.joined() + "</tr>"
        for row in columns {
            html += "<tr>" + row.enumerated().map { index, cell in
                "<td style=\"text-align:\(index > 1 ? "right" : "left")\">\(escapeHTML(cell))</td>"
            }.joined() + "</tr>"
        }
        html += "</table>"
        if let line = quickModelLine(report) { html += "<p>\(codeSpans(line))</p>" }
        html += "</div>"
        var bundles = [MimeBundle(plainText: text.joined(separator: "\n"), html: html)]
        if let model = report.quickModel, !model.importance.isEmpty {
            bundles.append(ImportanceCharts.shares(model.importance.map { ($0.column, $0.share) },
                                                   title: "Quick model: each column's share of the total gain", axis: "share of total gain (%)").bundle)
        }
        return bundles
    }

    private func headline(_ report: TableInsights) -> String {
        var line = "Insights on \(formatCount(report.rows)) rows × \(formatCount(report.columns.count)) columns"
        if let target = report.target, let task = report.task {
            line += ", predicting `\(target)` (\(task.name)"
            line += report.analysedRows < report.rows ? ", judged on \(formatCount(report.analysedRows)) rows with a value)" : ")"
        }
        let warnings = report.findings.filter { $0.severity == .warning }.count
        return line + ": \(warnings) warning\(warnings == 1 ? "" : "s"), \(report.findings.count - warnings) insight\(report.findings.count - warnings == 1 ? "" : "s")"
    }

    private func columnHeaders(_ report: TableInsights) -> [String] {
        var headers = ["column", "kind", "missing", "distinct", "outliers"]
        if report.target != nil { headers += [report.task == .regression ? "alone (R²)" : "alone (AUC)", "importance"] }
        return headers
    }

    private func columnRows(_ report: TableInsights) -> [[String]] {
        let shares = Dictionary(report.quickModel?.importance.map { ($0.column, $0.share) } ?? [], uniquingKeysWith: +)
        return report.columns.map { column in
            var row = [column.name, column.kind.rawValue, missingCell(column.missing, of: report.rows), formatCount(column.distinct),
                       column.outliers.map(formatCount) ?? ""]
            if let target = report.target {
                if column.name == target {
                    row += ["target", ""]
                } else {
                    row += [column.predictivePower.map { String(format: "%.3f", $0) } ?? "",
                            shares[column.name].map { String(format: "%.1f%%", 100 * $0) } ?? ""]
                }
            }
            return row
        }
    }

    private func missingCell(_ missing: Int, of rows: Int) -> String {
        missing == 0 ? "0" : "\(formatCount(missing)) (\(String(format: "%.1f", 100 * Double(missing) / Double(max(rows, 1))))%)"
    }

    private func quickModelLine(_ report: TableInsights) -> String? {
        guard let model = report.quickModel else { return nil }
        let metric = ["auc": "AUC", "accuracy": "accuracy", "r2": "R²"][model.metric] ?? model.metric
        var line = "A quick model (boosted trees, 30 rounds, depth 4, on three quarters of \(formatCount(report.analysedRows)) rows) "
            + "reaches \(metric) \(String(format: "%.3f", model.score)) on the quarter held out."
        if !model.leftOut.isEmpty {
            line += " Left out, with too many distinct texts: " + model.leftOut.map { "`\($0)`" }.joined(separator: ", ") + "."
        }
        return line
    }

    /// Escaped text with `code` in backticks set as code.
    private func codeSpans(_ text: String) -> String {
        escapeHTML(text).split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset % 2 == 1 ? "<code>\($0.element)</code>" : String($0.element) }.joined()
    }
}
