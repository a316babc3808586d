import Foundation
import SluiceData
import SluiceML

/// Renders `importance`: a table of every feature and a bar chart of the top twenty by share.
public struct ImportanceRenderer: Sendable {
    public init() {}

    /// The table of every feature, then the chart of the largest shares.
    public func bundles(for importances: [FeatureImportance], algorithm: Algorithm) -> [MimeBundle] {
        let isTrees = algorithm == .xgboost
        let headers = isTrees ? ["feature", "gain", "total gain", "splits", "share"] : ["feature", "|w| × std", "share"]
        let rows = importances.map { item in
            isTrees ? [item.feature, formatMeasure(item.gain), formatMeasure(item.totalGain), formatCount(item.splits),
                       percent(item.share)]
                : [item.feature, formatMeasure(item.gain), percent(item.share)]
        }
        let lines = TextGrid(rows: [headers] + rows, rightAligned: { $0 > 0 }).lines
        var html = "<div class=\"sluice-importance\"><table><tr>" + headers.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr>"
        for row in rows.prefix(50) {
            html += "<tr>" + row.enumerated().map { column, cell in
                "<td style=\"text-align:\(column == 0 ? "left" : "right")\">\(escapeHTML(cell))</td>"
            }.joined() + "</tr>"
        }
        html += "</table></div>"
        let chart = ImportanceCharts.shares(importances.map { ($0.feature, $0.share) }, title: "Importance",
                                            axis: isTrees ? "share of total gain (%)" : "share of |w| × std (%)")
        return [MimeBundle(plainText: lines.joined(separator: "\n"), html: html), chart.bundle]
    }

    private func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
}
