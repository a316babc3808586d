import Foundation
import SluiceData
import SluiceServe

/// Renders a model-quality run: a summary line, a table of the windows, and the metric over time against the
/// held-out baseline and the threshold past it.
public struct QualityRenderer: Sendable {
    public init() {}

    public func bundles(for report: ModelQualityReport) -> [MimeBundle] {
        let count = report.violations.count, rows = report.windows.map(\.rows).reduce(0, +)
        let window = MonitoringSchedule.text(seconds: report.windowSeconds)
        let limit = report.baseline + (report.maximizes ? -report.threshold : report.threshold)
        let summary = "model quality of \"\(report.endpoint)\": \(report.metric) on \(formatCount(rows)) rows with ground truth, "
            + "per \(window) window, against the held-out \(formatMeasure(report.baseline)) (\(report.maximizes ? "at least" : "at most") "
            + "\(formatMeasure(limit))): " + (count == 0 ? "no violations" : "\(count) violation\(count == 1 ? "" : "s")")
        var notes: [String] = []
        if report.unlabelled > 0 {
            notes.append("\(formatCount(report.unlabelled)) captured request\(report.unlabelled == 1 ? " has" : "s have") no ground truth yet")
        }
        if report.unmatched > 0 {
            notes.append("\(formatCount(report.unmatched)) ground-truth record\(report.unmatched == 1 ? " matches" : "s match") no captured request")
        }
        let unjudged = report.windows.filter { !$0.judged }.count
        if unjudged > 0 {
            notes.append("\(unjudged) window\(unjudged == 1 ? " falls" : "s fall") past the limit by less than \(unjudged == 1 ? "its" : "their") "
                         + "rows' sampling noise: too few rows to judge")
        }
        let dates = ISO8601DateFormatter()
        let cells = [["window", "rows", report.metric, ""]] + report.windows.map {
            [dates.string(from: $0.start), formatCount($0.rows), $0.value.isNaN ? "—" : formatMeasure($0.value),
             $0.value.isNaN ? "undefined on these rows (one class)"
                : $0.violated ? "violation" : $0.judged ? "" : "too few rows to judge" + ($0.rowsNeeded.map { " (need ≥ \(formatCount($0)))" } ?? "")]
        }
        let grid = TextGrid(rows: cells, rightAligned: { $0 == 1 || $0 == 2 }, padsLastColumn: false).lines
        let text = ([summary] + notes + grid + ["reports in \(report.folder)"]).joined(separator: "\n")
        var html = "<div class=\"sluice-quality\"><p><b>\(escapeHTML(summary))</b></p>"
        for note in notes { html += "<p>\(escapeHTML(note))</p>" }
        html += "<table><tr>" + cells[0].map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr>"
        for row in cells.dropFirst() {
            html += "<tr>" + row.enumerated().map { "<td style=\"text-align:\($0.offset == 1 || $0.offset == 2 ? "right" : "left")\">\(escapeHTML($0.element))</td>" }.joined() + "</tr>"
        }
        html += "</table><p style=\"font-size:smaller\">reports in \(escapeHTML(report.folder))</p></div>"
        return [MimeBundle(plainText: text, html: html), chart(report, limit: limit).bundle]
    }

    /// The metric per window, with the baseline and the limit as reference lines.
    private func chart(_ report: ModelQualityReport, limit: Double) -> Chart {
        let xs = report.windows.map { $0.start.timeIntervalSince1970 * 1e6 }
        let low = xs.min() ?? 0, high = max(xs.max() ?? 1, low + report.windowSeconds * 1e6)
        let values = report.windows.map(\.value).filter(\.isFinite) + [report.baseline, limit]
        let bottom = values.min() ?? 0, top = values.max() ?? 1, pad = max((top - bottom) * 0.1, 0.01)
        let series = ChartSeries(name: report.metric, points: zip(xs, report.windows).filter { $1.value.isFinite }.map { ChartPoint($0, $1.value) })
        func reference(_ name: String, _ y: Double) -> ChartSeries {
            ChartSeries(name: name, points: [ChartPoint(low, y), ChartPoint(high, y)], isReference: true)
        }
        return Chart(title: "\(report.metric) over time", x: ChartAxis(title: "window", scale: .time(low...high)),
                     y: ChartAxis(title: report.metric, scale: .linear((bottom - pad)...(top + pad))),
                     marks: .lines([series], step: false),
                     overlays: [.points([series]), .lines([reference("held out", report.baseline), reference("limit", limit)], step: false)],
                     note: "grey: the held-out \(formatMeasure(report.baseline)) and the limit \(formatMeasure(limit))")
    }
}
