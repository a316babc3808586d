import Foundation
import SluiceML

/// Renders `importance`: a table of every feature and a bar chart of the top twenty by share.
public struct ImportanceRenderer: Sendable {
    public init() {}

    public func bundle(for importances: [FeatureImportance], algorithm: Algorithm) -> MimeBundle {
        let isTrees = algorithm == .xgboost
        let headers = isTrees ? ["feature", "gain", "total gain", "splits", "share"] : ["feature", "|w| × std", "share"]
        let rows = importances.map { item in
            isTrees ? [item.feature, formatMeasure(item.gain), formatMeasure(item.totalGain), formatCount(item.splits),
                       percent(item.share)]
                : [item.feature, formatMeasure(item.gain), percent(item.share)]
        }
        // The text form ends each row with a bar of its share, the largest 20 cells long.
        let peak = importances.map(\.share).max() ?? 1
        let shareBars = [""] + importances.map { textBar($0.share, peak: peak) }
        let lines = TextGrid(rows: zip([headers] + rows, shareBars).map { $0 + [$1] }, rightAligned: { $0 > 0 },
                             padsLastColumn: false).lines
        var html = "<div class=\"sluice-importance\"><table><tr>" + headers.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr>"
        for row in rows.prefix(50) {
            html += "<tr>" + row.enumerated().map { column, cell in
                "<td style=\"text-align:\(column == 0 ? "left" : "right")\">\(escapeHTML(cell))</td>"
            }.joined() + "</tr>"
        }
        html += "</table>" + bars(Array(importances.prefix(20))) + "</div>"
        return MimeBundle(plainText: lines.joined(separator: "\n"), html: html)
    }

    private func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// Horizontal bars of each feature's share, labelled.
    private func bars(_ items: [FeatureImportance]) -> String {
        let rowHeight = 16, labelWidth = 180, barWidth = 240
        let height = rowHeight * max(items.count, 1) + 8
        let peak = max(items.map(\.share).max() ?? 1, 1e-12)
        var svg = SVGCharts.root(width: Double(labelWidth + barWidth + 60), height: Double(height))
        for (index, item) in items.enumerated() {
            let y = index * rowHeight + 4
            let width = Double(barWidth) * item.share / peak
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 11)\" text-anchor=\"end\">\(escapeHTML(SVGCharts.truncated(item.feature, 28)))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(SVGCharts.svgNumber(width))\" height=\"\(rowHeight - 4)\" fill=\"#4a7fb5\"/>"
            svg += "<text x=\"\(SVGCharts.svgNumber(Double(labelWidth) + width + 4))\" y=\"\(y + 11)\">\(percent(item.share))</text>"
        }
        return svg + "</svg>"
    }
}
