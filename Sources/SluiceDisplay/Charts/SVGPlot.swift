import Foundation

/// Plots for evaluations as self-contained SVG: axes with ticks and labels,
/// a legend, sized to read at notebook width.
enum SVGPlot {
    struct Series {
        var points: [(Double, Double)]
        var color: String
        var label: String
    }

    static let width = 360.0, height = 280.0
    static let left = 66.0, right = 26.0, top = 14.0, bottom = 40.0

    private static func header() -> String {
        SVGCharts.root(width: width, height: height)
    }

    private static func x(_ value: Double, _ range: ClosedRange<Double>) -> Double {
        left + (width - left - right) * (value - range.lowerBound) / max(range.upperBound - range.lowerBound, 1e-12)
    }

    private static func y(_ value: Double, _ range: ClosedRange<Double>) -> Double {
        height - bottom - (height - top - bottom) * (value - range.lowerBound) / max(range.upperBound - range.lowerBound, 1e-12)
    }

    private static func n(_ value: Double) -> String { SVGCharts.svgNumber(value) }

    /// Axes, ticks, tick labels and axis titles.
    private static func axes(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, xLabel: String, yLabel: String) -> String {
        var svg = "<line x1=\"\(n(left))\" y1=\"\(n(height - bottom))\" x2=\"\(n(width - right))\" y2=\"\(n(height - bottom))\" stroke=\"currentColor\" stroke-opacity=\"0.6\"/>"
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(height - bottom))\" stroke=\"currentColor\" stroke-opacity=\"0.6\"/>"
        for step in 0...4 {
            let fraction = Double(step) / 4
            let xv = xRange.lowerBound + fraction * (xRange.upperBound - xRange.lowerBound)
            let yv = yRange.lowerBound + fraction * (yRange.upperBound - yRange.lowerBound)
            svg += "<line x1=\"\(n(x(xv, xRange)))\" y1=\"\(n(height - bottom))\" x2=\"\(n(x(xv, xRange)))\" y2=\"\(n(height - bottom + 4))\" stroke=\"currentColor\" stroke-opacity=\"0.6\"/>"
            svg += "<text x=\"\(n(x(xv, xRange)))\" y=\"\(n(height - bottom + 15))\" text-anchor=\"middle\">\(escapeHTML(formatStatistic(xv)))</text>"
            svg += "<line x1=\"\(n(left - 4))\" y1=\"\(n(y(yv, yRange)))\" x2=\"\(n(left))\" y2=\"\(n(y(yv, yRange)))\" stroke=\"currentColor\" stroke-opacity=\"0.6\"/>"
            svg += "<text x=\"\(n(left - 6))\" y=\"\(n(y(yv, yRange) + 4))\" text-anchor=\"end\">\(escapeHTML(formatStatistic(yv)))</text>"
        }
        svg += "<text x=\"\(n((left + width - right) / 2))\" y=\"\(n(height - 6))\" text-anchor=\"middle\">\(escapeHTML(xLabel))</text>"
        svg += "<text transform=\"translate(11 \(n((top + height - bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(escapeHTML(yLabel))</text>"
        return svg
    }

    /// A legend in the top-right corner, or the bottom-right one (where a ROC curve never goes).
    private static func legend(_ entries: [(String, String)], atBottom: Bool = false) -> String {
        var svg = ""
        let firstY = atBottom ? height - bottom - 8 - Double(entries.count - 1) * 14 : top + 10
        for (index, entry) in entries.enumerated() {
            let lineY = firstY + Double(index) * 14
            svg += "<line x1=\"\(n(width - right - 150))\" y1=\"\(n(lineY - 4))\" x2=\"\(n(width - right - 134))\" y2=\"\(n(lineY - 4))\" stroke=\"\(entry.1)\" stroke-width=\"2\"/>"
            svg += "<text x=\"\(n(width - right - 130))\" y=\"\(n(lineY))\">\(escapeHTML(entry.0))</text>"
        }
        return svg
    }

    /// Curves on [0, 1] × [0, 1] (ROC, PR), optionally with the chance diagonal.
    static func curves(_ series: [Series], xLabel: String, yLabel: String, diagonal: Bool) -> String {
        let unit = 0.0...1.0
        var svg = header() + axes(xRange: unit, yRange: unit, xLabel: xLabel, yLabel: yLabel)
        if diagonal {
            svg += "<line x1=\"\(n(x(0, unit)))\" y1=\"\(n(y(0, unit)))\" x2=\"\(n(x(1, unit)))\" y2=\"\(n(y(1, unit)))\" stroke=\"currentColor\" stroke-opacity=\"0.45\" stroke-dasharray=\"4 3\"/>"
        }
        for line in series {
            let points = line.points.map { "\(n(x($0.0, unit))),\(n(y($0.1, unit)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\" points=\"\(points)\"/>"
        }
        var entries = series.map { ($0.label, $0.color) }
        if diagonal { entries.append(("chance", "#888888")) }
        return svg + legend(entries, atBottom: diagonal) + "</svg>"
    }

    /// Points with a reference line: y = x (`identity`) or y = 0.
    static func scatter(_ points: [(Double, Double)], xLabel: String, yLabel: String, identity: Bool) -> String {
        let xs = points.map(\.0), ys = points.map(\.1)
        var xRange = (xs.min() ?? 0)...(xs.max() ?? 1)
        var yRange = (ys.min() ?? 0)...(ys.max() ?? 1)
        if identity {
            let range = min(xRange.lowerBound, yRange.lowerBound)...max(xRange.upperBound, yRange.upperBound)
            xRange = range
            yRange = range
        }
        var svg = header() + axes(xRange: xRange, yRange: yRange, xLabel: xLabel, yLabel: yLabel)
        for point in points {
            svg += "<circle cx=\"\(n(x(point.0, xRange)))\" cy=\"\(n(y(point.1, yRange)))\" r=\"1.8\" fill=\"#4a7fb5\" fill-opacity=\"0.5\"/>"
        }
        if identity {
            svg += "<line x1=\"\(n(x(xRange.lowerBound, xRange)))\" y1=\"\(n(y(xRange.lowerBound, yRange)))\" x2=\"\(n(x(xRange.upperBound, xRange)))\" y2=\"\(n(y(xRange.upperBound, yRange)))\" stroke=\"#e39a3b\" stroke-width=\"1.5\"/>"
        } else if yRange.contains(0) {
            svg += "<line x1=\"\(n(left))\" y1=\"\(n(y(0, yRange)))\" x2=\"\(n(width - right))\" y2=\"\(n(y(0, yRange)))\" stroke=\"#e39a3b\" stroke-width=\"1.5\"/>"
        }
        return svg + "</svg>"
    }

    /// A confusion matrix as a heat map: actual classes down, predicted across, with counts.
    static func heatmap(_ matrix: [[Int]], labels: [String]) -> String {
        let size = Double(matrix.count)
        let cell = min(48.0, 220.0 / size)
        let originX = 110.0, originY = 30.0
        let canvasWidth = originX + cell * size + 20, canvasHeight = originY + cell * size + 40
        let peak = Double(max(matrix.flatMap { $0 }.max() ?? 1, 1))
        var svg = SVGCharts.root(width: canvasWidth.rounded(.down), height: canvasHeight.rounded(.down))
        svg += "<text x=\"\(n(originX + cell * size / 2))\" y=\"14\" text-anchor=\"middle\">predicted</text>"
        svg += "<text x=\"8\" y=\"\(n(originY - 8))\">actual</text>"
        for (row, counts) in matrix.enumerated() {
            svg += "<text x=\"\(n(originX - 6))\" y=\"\(n(originY + cell * (Double(row) + 0.5) + 4))\" text-anchor=\"end\">\(escapeHTML(SVGCharts.truncated(labels[row], 14)))</text>"
            for (column, count) in counts.enumerated() {
                let intensity = Double(count) / peak
                let shade = Int(245 - intensity * 170)
                svg += "<rect x=\"\(n(originX + cell * Double(column)))\" y=\"\(n(originY + cell * Double(row)))\" width=\"\(n(cell - 1))\" height=\"\(n(cell - 1))\" fill=\"rgb(\(shade),\(shade + 5),255)\"><title>actual \(escapeHTML(labels[row])), predicted \(escapeHTML(labels[column])): \(count)</title></rect>"
                svg += "<text x=\"\(n(originX + cell * (Double(column) + 0.5)))\" y=\"\(n(originY + cell * (Double(row) + 0.5) + 4))\" text-anchor=\"middle\" fill=\"\(intensity > 0.6 ? "#fff" : "#222")\">\(formatCount(count))</text>"
            }
        }
        for (column, label) in labels.enumerated() {
            svg += "<text x=\"\(n(originX + cell * (Double(column) + 0.5)))\" y=\"\(n(originY + cell * size + 14))\" text-anchor=\"middle\">\(escapeHTML(SVGCharts.truncated(label, 10)))</text>"
        }
        return svg + "</svg>"
    }
}
