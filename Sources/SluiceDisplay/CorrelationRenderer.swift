import Foundation
import SluiceData

/// Renders `correlation`: the matrix as a table (three decimals) and as a heat map, blue for negative,
/// red for positive, pale near zero.
public struct CorrelationRenderer: Sendable {
    public init() {}

    /// `matrix` as ``Table/correlation(_:)`` makes it: a `column` column, then one column per variable.
    /// The matrix as a table (its text the title alone), then its heat map, whose text form is the matrix.
    public func bundles(for matrix: Table, method: CorrelationMethod, rowCount: Int) -> [MimeBundle] {
        let names = matrix.columns.dropFirst().map(\.name)
        let values: [[Double?]] = (0..<matrix.rowCount).map { row in
            matrix.columns.dropFirst().map { column in
                guard case .float(let numbers, let missing) = column.values, !missing.isMissing(row) else { return nil }
                return numbers[row]
            }
        }
        let cell = { (value: Double?) in value.map { String(format: "%.3f", $0).replacingOccurrences(of: "-0.000", with: "0.000") } ?? "" }
        let title = "\(method == .pearson ? "Pearson" : "Spearman") correlation of \(formatCount(names.count)) numeric columns over \(formatCount(rowCount)) rows"
        var html = "<div class=\"sluice-correlation\"><p><strong>\(escapeHTML(title))</strong></p><table><tr><th></th>"
            + names.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr>"
        for (name, row) in zip(names, values) {
            html += "<tr><th style=\"text-align:left\">\(escapeHTML(name))</th>"
                + row.map { "<td style=\"text-align:right\">\(cell($0))</td>" }.joined() + "</tr>"
        }
        html += "</table></div>"
        let chart = Chart(title: "", x: ChartAxis(title: "", scale: .band(names)), y: ChartAxis(title: "", scale: .band(names)),
                          marks: .heatmap(rows: names, columns: names, values: values, diverging: -1...1))
        return [MimeBundle(plainText: title, html: html), chart.bundle]
    }
}
