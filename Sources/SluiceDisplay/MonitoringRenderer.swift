import Foundation
import SluiceData
import SluiceServe

/// Renders a monitoring run: a summary line, the violations table, and a chart of each feature's drift
/// against its threshold (red past it).
public struct MonitoringRenderer: Sendable {
    public init() {}

    /// The report (summary, violations, drift in text), then the drift chart when any feature was compared.
    public func bundles(for report: MonitoringReport) -> [MimeBundle] {
        let count = report.violations.count
        let summary = "monitored \(formatCount(report.rows)) rows of \(report.source): "
            + (count == 0 ? "no violations" : "\(count) violation\(count == 1 ? "" : "s")")
            + (report.driftNote.map { "; " + $0 } ?? "")
        var lines = [summary]
        let rows = report.violations.map { [$0.featureName, $0.constraintCheckType, $0.description] }
        if !rows.isEmpty {
            lines += TextGrid(rows: [["feature", "check", "description"]] + rows, rightAligned: { _ in false },
                              padsLastColumn: false).lines
        }
        let drift = report.drift.sorted { $0.distance > $1.distance }
        if !drift.isEmpty {
            lines.append("drift (L∞ distance from the training distribution):")
            let nameWidth = drift.map(\.feature.count).max() ?? 0
            let peak = max(drift.map(\.distance).max() ?? 0, drift.map(\.threshold).max() ?? 0, 1e-12)
            for item in drift {
                let bar = textBar(item.distance, peak: peak).padding(toLength: 20, withPad: " ", startingAt: 0)
                lines.append("  " + item.feature.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  " + bar + "  "
                             + String(format: "%.3f", item.distance) + (item.hasDrifted ? String(format: " > %g", item.threshold) : "")
                             + (item.isJudged ? "" : " (too few rows to judge)"))
            }
        }
        lines.append("reports in \(report.folder)")
        var html = "<div class=\"sluice-monitoring\"><p><b>\(escapeHTML(summary))</b></p>"
        if !rows.isEmpty {
            html += "<table><tr><th>feature</th><th>check</th><th>description</th></tr>"
            for row in rows { html += "<tr>" + row.map { "<td style=\"text-align:left\">\(escapeHTML($0))</td>" }.joined() + "</tr>" }
            html += "</table>"
        }
        html += "<p style=\"font-size:smaller\">reports in \(escapeHTML(report.folder))</p></div>"
        let text = MimeBundle(plainText: lines.joined(separator: "\n"), html: html)
        return drift.isEmpty ? [text] : [text, driftChart(drift).bundle]
    }

    /// A bar lying down per feature, largest drift first, red past its threshold.
    private func driftChart(_ items: [FeatureDrift]) -> Chart {
        let shown = Array(items.prefix(ImportanceCharts.barLimit))
        let peak = max(shown.map(\.distance).max() ?? 0, shown.map(\.threshold).max() ?? 0, 1e-12)
        let thresholds = Set(items.map(\.threshold))
        var note = thresholds.count == 1 ? "red: past the threshold \(formatStatistic(thresholds.first!))" : "red: past its feature's threshold"
        if items.count > shown.count { note += " · the \(shown.count) largest of \(formatCount(items.count))" }
        return Chart(title: "Drift from the training distribution", x: ChartAxis(title: "L∞ distance", scale: .linear(0...peak)),
                     y: ChartAxis(title: "", scale: .band(shown.map(\.feature))),
                     marks: .bars(shown.map { ChartBar(category: $0.feature, value: $0.distance, emphasized: $0.hasDrifted) }), note: note)
    }
}
