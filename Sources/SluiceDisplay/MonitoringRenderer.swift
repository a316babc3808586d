import Foundation
import SluiceData
import SluiceServe

/// Renders a monitoring run: a summary line, the violations table, and a bar per feature of its
/// drift against the threshold (red past it).
public struct MonitoringRenderer: Sendable {
    public init() {}

    public func bundle(for report: MonitoringReport) -> MimeBundle {
        let count = report.violations.count
        let summary = "monitored \(formatCount(report.rows)) rows of \(report.source): "
            + (count == 0 ? "no violations" : "\(count) violation\(count == 1 ? "" : "s")")
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
                             + String(format: "%.3f", item.distance) + (item.hasDrifted ? String(format: " > %g", item.threshold) : ""))
            }
        }
        lines.append("reports in \(report.folder)")
        var html = "<div class=\"sluice-monitoring\"><p><b>\(escapeHTML(summary))</b></p>"
        if !rows.isEmpty {
            html += "<table><tr><th>feature</th><th>check</th><th>description</th></tr>"
            for row in rows { html += "<tr>" + row.map { "<td style=\"text-align:left\">\(escapeHTML($0))</td>" }.joined() + "</tr>" }
            html += "</table>"
        }
        if !drift.isEmpty { html += bars(drift) }
        html += "<p style=\"font-size:smaller\">reports in \(escapeHTML(report.folder))</p></div>"
        return MimeBundle(plainText: lines.joined(separator: "\n"), html: html)
    }

    /// A horizontal bar per feature, with its threshold as a dashed line.
    private func bars(_ items: [FeatureDrift]) -> String {
        let rowHeight = 16, labelWidth = 180, barWidth = 240
        let height = rowHeight * items.count + 24
        let peak = max(items.map(\.distance).max() ?? 0, items.map(\.threshold).max() ?? 0, 1e-12) * 1.1
        let width = labelWidth + barWidth + 70
        var svg = SVGCharts.root(width: Double(width), height: Double(height))
        svg += "<text x=\"\(labelWidth)\" y=\"12\">drift (L∞) against the threshold</text>"
        for (index, item) in items.enumerated() {
            let y = index * rowHeight + 18
            let length = Double(barWidth) * item.distance / peak
            let colour = item.hasDrifted ? "#c0392b" : "#4a7fb5"
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 11)\" text-anchor=\"end\">\(escapeHTML(SVGCharts.truncated(item.feature, 28)))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(SVGCharts.svgNumber(length))\" height=\"\(rowHeight - 4)\" fill=\"\(colour)\"/>"
            let limit = Double(labelWidth) + Double(barWidth) * item.threshold / peak
            svg += "<line x1=\"\(SVGCharts.svgNumber(limit))\" x2=\"\(SVGCharts.svgNumber(limit))\" y1=\"\(y)\" y2=\"\(y + rowHeight)\" stroke=\"currentColor\" stroke-dasharray=\"2,2\"/>"
            svg += "<text x=\"\(SVGCharts.svgNumber(Double(labelWidth) + max(length, limit - Double(labelWidth)) + 4))\" y=\"\(y + 11)\">\(String(format: "%.3f", item.distance))</text>"
        }
        return svg + "</svg>"
    }
}
