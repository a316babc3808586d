import Foundation

/// Draws a ``Chart`` as SVG whose text, axes and grid take the notebook theme's text colour
/// (JupyterLab's `--jp-ui-font-color1`, near-black elsewhere) through `currentColor`, so one drawing
/// reads in light and dark themes; the marks use colours that read on both grounds.
struct ChartSVG {
    let chart: Chart
    static let plotWidth = 420.0
    /// How tall the plot area is: 240, or 16 for each bar lying down when there are more than 15.
    static func plotHeight(_ chart: Chart) -> Double {
        if chart.barsLieDown, case .band(let categories) = chart.y.scale { return max(240, 16 * Double(categories.count)) }
        return 240
    }

    private let plotHeight: Double

    private let left: Double, top: Double, bottom: Double, width: Double, height: Double
    private let xTicks: [(Double, String)], yTicks: [(Double, String)]
    /// The values the x axis spans.
    let xDomain: ClosedRange<Double>
    /// The values the y axis spans.
    let yDomain: ClosedRange<Double>
    private let rotatesLabels: Bool
    private let legend: [(name: String, color: String)]

    init(_ chart: Chart) {
        self.chart = chart
        plotHeight = Self.plotHeight(chart)
        legend = chart.legend
        (xDomain, xTicks) = Self.ticks(chart.x)
        (yDomain, yTicks) = Self.ticks(chart.y, downwards: true)
        let yLabelWidth = Double(yTicks.map(\.1.count).max() ?? 1) * 6.5
        left = 28 + yLabelWidth
        top = chart.title.isEmpty ? 12 : 32
        let bandWidth = Self.plotWidth / Double(max(xTicks.count, 1))
        let longestX = Double(xTicks.map(\.1.count).max() ?? 0) * 6.5
        rotatesLabels = { if case .band = chart.x.scale { return longestX > bandWidth - 4 } else { return false } }()
        bottom = 40 + (rotatesLabels ? min(longestX, 110) * 0.64 : 0) + (chart.note == nil ? 0 : 16)
        let legendWidth = legend.isEmpty ? 0 : 30 + Double(legend.map(\.name.count).max() ?? 0) * 6.5
        width = left + Self.plotWidth + 16 + legendWidth
        height = top + plotHeight + bottom
    }

    /// The domain an axis shows and its ticks (value, label): round numbers for a linear scale,
    /// calendar units for time, every category (centred in its band) for a band, the first at the top
    /// when the axis is vertical (`downwards`).
    static func ticks(_ axis: ChartAxis, downwards: Bool = false) -> (ClosedRange<Double>, [(Double, String)]) {
        switch axis.scale {
        case .linear(let range):
            let (domain, ticks, step) = ChartTicks.linear(range, wholeNumbers: axis.wholeNumbers)
            return (domain, ticks.map { ($0, ChartTicks.label($0, step: step)) })
        case .time(let range):
            let domain = range.upperBound > range.lowerBound ? range : (range.lowerBound - 43_200e6)...(range.upperBound + 43_200e6)
            return (domain, ChartTicks.time(domain))
        case .band(let categories):
            let count = Double(categories.count)
            return (0...max(count, 1), categories.enumerated().map { (downwards ? count - Double($0.offset) - 0.5 : Double($0.offset) + 0.5, $0.element) })
        }
    }

    func x(_ value: Double) -> Double {
        left + Self.plotWidth * (value - xDomain.lowerBound) / max(xDomain.upperBound - xDomain.lowerBound, 1e-300)
    }

    func y(_ value: Double) -> Double {
        top + plotHeight * (1 - (value - yDomain.lowerBound) / max(yDomain.upperBound - yDomain.lowerBound, 1e-300))
    }

    var svg: String {
        var svg = SVGCharts.root(width: width, height: height)
        svg += "<title>\(escapeHTML(chart.title))</title>"
        if !chart.title.isEmpty {
            svg += "<text x=\"\(n(left))\" y=\"20\" font-size=\"13\" font-weight=\"600\">\(escapeHTML(chart.title))</text>"
        }
        svg += grid()
        for (marks, offset) in zip(chart.layers, chart.colorOffsets) { svg += ChartMarksSVG(svg: self, colorOffset: offset).draw(marks) }
        svg += axes() + legendSVG()
        if let note = chart.note {
            svg += "<text x=\"\(n(left))\" y=\"\(n(height - 6))\" font-size=\"10\" fill-opacity=\"0.7\">\(escapeHTML(note))</text>"
        }
        return svg + "</svg>"
    }

    private func grid() -> String {
        var svg = "<g stroke=\"currentColor\" stroke-opacity=\"0.12\">"
        if case .band = chart.y.scale {} else {
            for (value, _) in yTicks { svg += "<line x1=\"\(n(left))\" x2=\"\(n(left + Self.plotWidth))\" y1=\"\(n(y(value)))\" y2=\"\(n(y(value)))\"/>" }
        }
        if case .band = chart.x.scale {} else {
            for (value, _) in xTicks { svg += "<line x1=\"\(n(x(value)))\" x2=\"\(n(x(value)))\" y1=\"\(n(top))\" y2=\"\(n(top + plotHeight))\"/>" }
        }
        return svg + "</g>"
    }

    private func axes() -> String {
        let base = top + plotHeight
        var svg = "<g stroke=\"currentColor\" stroke-opacity=\"0.6\">"
        svg += "<line x1=\"\(n(left))\" x2=\"\(n(left + Self.plotWidth))\" y1=\"\(n(base))\" y2=\"\(n(base))\"/>"
        svg += "<line x1=\"\(n(left))\" x2=\"\(n(left))\" y1=\"\(n(top))\" y2=\"\(n(base))\"/>"
        for (value, _) in xTicks { svg += "<line x1=\"\(n(x(value)))\" x2=\"\(n(x(value)))\" y1=\"\(n(base))\" y2=\"\(n(base + 4))\"/>" }
        for (value, _) in yTicks { svg += "<line x1=\"\(n(left - 4))\" x2=\"\(n(left))\" y1=\"\(n(y(value)))\" y2=\"\(n(y(value)))\"/>" }
        svg += "</g>"
        for (value, label) in xTicks {
            if rotatesLabels {
                svg += "<text transform=\"translate(\(n(x(value) + 3)) \(n(base + 10))) rotate(-40)\" text-anchor=\"end\">\(escapeHTML(SVGCharts.truncated(label, 18)))</text>"
            } else {
                svg += "<text x=\"\(n(x(value)))\" y=\"\(n(base + 16))\" text-anchor=\"middle\">\(escapeHTML(label))</text>"
            }
        }
        for (value, label) in yTicks {
            svg += "<text x=\"\(n(left - 7))\" y=\"\(n(y(value) + 4))\" text-anchor=\"end\">\(escapeHTML(label))</text>"
        }
        let xTitleY = height - (chart.note == nil ? 8 : 24)
        svg += "<text x=\"\(n(left + Self.plotWidth / 2))\" y=\"\(n(xTitleY))\" text-anchor=\"middle\" font-weight=\"600\">\(escapeHTML(chart.x.title))</text>"
        svg += "<text transform=\"translate(12 \(n(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" font-weight=\"600\">\(escapeHTML(chart.y.title))</text>"
        return svg
    }

    private func legendSVG() -> String {
        guard !legend.isEmpty else { return "" }
        let originX = left + Self.plotWidth + 16
        var svg = ""
        for (index, entry) in legend.enumerated() {
            let rowY = top + 8 + Double(index) * 16
            svg += "<rect x=\"\(n(originX))\" y=\"\(n(rowY - 8))\" width=\"10\" height=\"10\" fill=\"\(entry.color)\"/>"
            svg += "<text x=\"\(n(originX + 16))\" y=\"\(n(rowY + 1))\">\(escapeHTML(SVGCharts.truncated(entry.name, 24)))</text>"
        }
        return svg
    }

    func n(_ value: Double) -> String { SVGCharts.svgNumber(value) }
}
