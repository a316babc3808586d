import Foundation
import SluiceData

/// The marks of a chart in SVG, placed by the axes of ``ChartSVG``.
struct ChartMarksSVG {
    let svg: ChartSVG
    /// Where this layer's series start in the palette.
    let colorOffset: Int

    /// Points beyond this many are drawn without a tooltip each, to keep the drawing light.
    static let pointsWithTooltips = 500

    private var chart: Chart { svg.chart }
    /// Where bars stand: zero, or the axis' foot when it starts above zero.
    private var base: Double { svg.y(max(0, svg.yDomain.lowerBound)) }
    private func color(_ index: Int) -> String { ChartPalette.color(colorOffset + index) }
    private func n(_ value: Double) -> String { svg.n(value) }

    func draw(_ marks: Chart.Marks) -> String {
        switch marks {
        case .points(let series): return points(series)
        case .lines(let series, let step): return lines(series, step: step)
        case .bars(let bars): return self.bars(bars)
        case .histogram(let bins): return histogram(bins)
        case .boxes(let boxes): return self.boxes(boxes)
        case .heatmap(let rows, let columns, let values, let diverging):
            return heatmap(rows: rows, columns: columns, values: values, diverging: diverging)
        }
    }

    private func points(_ series: [ChartSeries]) -> String {
        let total = series.reduce(0) { $0 + $1.points.count }
        var out = ""
        for (index, line) in series.enumerated() {
            out += "<g fill=\"\(color(index))\" fill-opacity=\"0.7\">"
            for point in line.points {
                let dot = "<circle cx=\"\(n(svg.x(point.x)))\" cy=\"\(n(svg.y(point.y)))\" r=\"2.5\""
                out += total <= Self.pointsWithTooltips
                    ? dot + "><title>\(escapeHTML(tooltip(point, series: line.name)))</title></circle>" : dot + "/>"
            }
            out += "</g>"
        }
        return out
    }

    private func lines(_ series: [ChartSeries], step: Bool) -> String {
        var out = ""
        for (index, line) in series.enumerated() where !line.points.isEmpty {
            var path = "M\(n(svg.x(line.points[0].x))),\(n(svg.y(line.points[0].y)))"
            for point in line.points.dropFirst() {
                path += step ? "H\(n(svg.x(point.x)))V\(n(svg.y(point.y)))" : "L\(n(svg.x(point.x))),\(n(svg.y(point.y)))"
            }
            out += line.isReference
                ? "<path d=\"\(path)\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.45\" stroke-dasharray=\"4 3\"/>"
                : "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color(index))\" stroke-width=\"2\"/>"
        }
        return out
    }

    private func bars(_ bars: [ChartBar]) -> String {
        var out = "<g fill=\"\(color(0))\">"
        for (index, bar) in bars.enumerated() {
            let tooltip = (bar.emphasized ? " fill=\"\(ChartBar.emphasisColor)\"" : "")
                + "><title>\(escapeHTML("\(bar.category): \(formatStatistic(bar.value))"))</title></rect>"
            if chart.barsLieDown {
                // The first category at the top, as the y axis' ticks run.
                let band = Double(bars.count - index)
                let top = svg.y(band - 0.1), bottom = svg.y(band - 0.9)
                let zero = svg.x(max(0, svg.xDomain.lowerBound)), end = svg.x(bar.value)
                out += "<rect x=\"\(n(min(zero, end)))\" y=\"\(n(top))\" width=\"\(n(abs(end - zero)))\" height=\"\(n(bottom - top))\"" + tooltip
            } else {
                let from = svg.x(Double(index) + 0.1), to = svg.x(Double(index) + 0.9)
                let top = svg.y(bar.value)
                out += "<rect x=\"\(n(from))\" y=\"\(n(min(top, base)))\" width=\"\(n(to - from))\" height=\"\(n(abs(base - top)))\"" + tooltip
            }
        }
        return out + "</g>"
    }

    private func histogram(_ series: [ChartBins]) -> String {
        var out = ""
        let opacity = series.count > 1 ? "0.55" : "0.9"
        for (index, bins) in series.enumerated() {
            out += "<g fill=\"\(color(index))\" fill-opacity=\"\(opacity)\">"
            for (bin, count) in bins.counts.enumerated() where count > 0 {
                let low = bins.low + Double(bin) * bins.width
                let from = svg.x(low), to = svg.x(low + bins.width), top = svg.y(Double(count))
                let range = "\(label(low, axis: chart.x)) – \(label(low + bins.width, axis: chart.x))"
                out += "<rect x=\"\(n(from + 0.5))\" y=\"\(n(top))\" width=\"\(n(max(to - from - 1, 0.5)))\" height=\"\(n(base - top))\">"
                    + "<title>\(escapeHTML((bins.name.isEmpty ? "" : bins.name + ", ") + range + ": " + formatCount(count)))</title></rect>"
            }
            out += "</g>"
        }
        return out
    }

    private func boxes(_ boxes: [ChartBox]) -> String {
        var out = "<g stroke=\"currentColor\" stroke-opacity=\"0.85\">"
        for (index, box) in boxes.enumerated() {
            let center = svg.x(Double(index) + 0.5), half = (svg.x(Double(index) + 0.8) - svg.x(Double(index) + 0.2)) / 2
            let summary = "\(box.category): median \(formatStatistic(box.median)), quartiles \(formatStatistic(box.firstQuartile))–\(formatStatistic(box.thirdQuartile)), \(formatCount(box.count)) values"
            out += "<line x1=\"\(n(center))\" x2=\"\(n(center))\" y1=\"\(n(svg.y(box.lowerWhisker)))\" y2=\"\(n(svg.y(box.firstQuartile)))\"/>"
            out += "<line x1=\"\(n(center))\" x2=\"\(n(center))\" y1=\"\(n(svg.y(box.thirdQuartile)))\" y2=\"\(n(svg.y(box.upperWhisker)))\"/>"
            for whisker in [box.lowerWhisker, box.upperWhisker] {
                out += "<line x1=\"\(n(center - half / 2))\" x2=\"\(n(center + half / 2))\" y1=\"\(n(svg.y(whisker)))\" y2=\"\(n(svg.y(whisker)))\"/>"
            }
            let boxTop = svg.y(box.thirdQuartile), boxBottom = svg.y(box.firstQuartile)
            out += "<rect x=\"\(n(center - half))\" y=\"\(n(boxTop))\" width=\"\(n(2 * half))\" height=\"\(n(max(boxBottom - boxTop, 0.5)))\" fill=\"\(color(0))\" fill-opacity=\"0.35\"><title>\(escapeHTML(summary))</title></rect>"
            out += "<line x1=\"\(n(center - half))\" x2=\"\(n(center + half))\" y1=\"\(n(svg.y(box.median)))\" y2=\"\(n(svg.y(box.median)))\" stroke=\"\(color(1))\" stroke-opacity=\"1\" stroke-width=\"2\"/>"
            for outlier in box.outliers {
                out += "<circle cx=\"\(n(center))\" cy=\"\(n(svg.y(outlier)))\" r=\"2\" fill=\"none\"/>"
            }
        }
        return out + "</g>"
    }

    private func heatmap(rows: [String], columns: [String], values: [[Double?]], diverging: ClosedRange<Double>?) -> String {
        let present = values.flatMap { $0 }.compactMap { $0 }
        let low = diverging?.lowerBound ?? present.min() ?? 0, high = diverging?.upperBound ?? present.max() ?? 1
        var out = ""
        for (row, cells) in values.enumerated() {
            for (column, value) in cells.enumerated() {
                // Rows read downwards: the first row at the top.
                let x0 = svg.x(Double(column)), x1 = svg.x(Double(column) + 1)
                let y0 = svg.y(Double(rows.count - row)), y1 = svg.y(Double(rows.count - row - 1))
                guard let value else { continue }
                let t = high > low ? (value - low) / (high - low) : 0.5
                let color = diverging == nil ? ChartColorScale.viridis(t) : ChartColorScale.blueRed(t)
                out += "<rect x=\"\(n(x0))\" y=\"\(n(y0))\" width=\"\(n(x1 - x0 - 1))\" height=\"\(n(y1 - y0 - 1))\" fill=\"\(color.hex)\">"
                    + "<title>\(escapeHTML("\(rows[row]), \(columns[column]): \(formatStatistic(value))"))</title></rect>"
                if x1 - x0 >= 28, y1 - y0 >= 14 {
                    out += "<text x=\"\(n((x0 + x1) / 2))\" y=\"\(n((y0 + y1) / 2 + 4))\" text-anchor=\"middle\" fill=\"\(color.isDark ? "#ffffff" : "#000000")\">\(escapeHTML(compact(value, decimals: diverging != nil)))</text>"
                }
            }
        }
        return out
    }

    private func tooltip(_ point: ChartPoint, series: String) -> String {
        (series.isEmpty ? "" : series + ": ") + "\(chart.x.title) \(label(point.x, axis: chart.x)), \(chart.y.title) \(label(point.y, axis: chart.y))"
    }

    private func label(_ value: Double, axis: ChartAxis) -> String {
        if case .time = axis.scale { return formatInstant(value) }
        return formatStatistic(value)
    }

    /// A cell's value: whole numbers as counts, others (and every value of a diverging scale, such as
    /// correlations) to two decimals.
    private func compact(_ value: Double, decimals: Bool) -> String {
        guard decimals || value != value.rounded() || abs(value) >= 1e15 else { return formatCount(Int(value)) }
        return String(format: "%.2f", value).replacingOccurrences(of: "-0.00", with: "0.00")
    }
}

/// Colours of a continuous scale.
enum ChartColorScale {
    struct Color {
        var red: Double, green: Double, blue: Double
        var hex: String { String(format: "#%02x%02x%02x", Int(red * 255), Int(green * 255), Int(blue * 255)) }
        /// Whether white text reads better on it than black (relative luminance below 0.4).
        var isDark: Bool { 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.4 }
    }

    /// matplotlib's viridis at `t` in [0, 1]: dark purple to yellow, even in lightness, readable in both themes.
    static func viridis(_ t: Double) -> Color {
        interpolate(t, [
            (0.267, 0.005, 0.329), (0.283, 0.141, 0.458), (0.254, 0.265, 0.530), (0.207, 0.372, 0.553),
            (0.164, 0.471, 0.558), (0.128, 0.567, 0.551), (0.135, 0.659, 0.518), (0.267, 0.749, 0.441),
            (0.478, 0.821, 0.318), (0.741, 0.873, 0.150), (0.993, 0.906, 0.144),
        ])
    }

    /// ColorBrewer's RdBu reversed (matplotlib's `RdBu_r`) at `t` in [0, 1]: blue, white in the middle, red.
    static func blueRed(_ t: Double) -> Color {
        interpolate(t, [
            (0.129, 0.400, 0.675), (0.263, 0.576, 0.765), (0.573, 0.773, 0.871), (0.820, 0.898, 0.941),
            (0.969, 0.969, 0.969), (0.992, 0.859, 0.780), (0.957, 0.647, 0.510), (0.839, 0.376, 0.302),
            (0.698, 0.094, 0.169),
        ])
    }

    private static func interpolate(_ t: Double, _ stops: [(Double, Double, Double)]) -> Color {
        let position = min(max(t, 0), 1) * Double(stops.count - 1)
        let index = min(Int(position), stops.count - 2), fraction = position - Double(index)
        let (a, b) = (stops[index], stops[index + 1])
        return Color(red: a.0 + (b.0 - a.0) * fraction, green: a.1 + (b.1 - a.1) * fraction, blue: a.2 + (b.2 - a.2) * fraction)
    }
}
