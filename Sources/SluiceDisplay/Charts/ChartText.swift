import Foundation

/// A ``Chart`` in text for terminals: dots on a grid for scatter and line charts, bars of block
/// characters for bars and histograms, one line a box for box plots, a grid of numbers for heat maps.
enum ChartText {
    static let gridWidth = 60, gridHeight = 15
    /// The glyphs of series on a grid, in the palette's order.
    static let glyphs: [Character] = ["•", "+", "x", "o", "*", "#", "@", "%", "=", "~"]

    static func render(_ chart: Chart) -> String {
        var lines = chart.title.isEmpty ? [] : [chart.title]
        switch chart.marks {
        case .points(let series), .lines(let series, _):
            lines += grid(series, chart: chart)
        case .bars(let bars):
            lines += barLines(bars.map { ($0.category, $0.value) }, title: chart.barsLieDown ? chart.x.title : chart.y.title)
        case .histogram(let series):
            for bins in series {
                if !bins.name.isEmpty { lines.append(bins.name) }
                // At most 20 lines: neighbouring bins merged.
                let group = (bins.counts.count + 19) / 20
                let rows = stride(from: 0, to: bins.counts.count, by: group).map { first in
                    let last = min(first + group, bins.counts.count)
                    let low = bins.low + Double(first) * bins.width, high = bins.low + Double(last) * bins.width
                    return (label(low, chart.x) + " – " + label(high, chart.x), Double(bins.counts[first..<last].reduce(0, +)))
                }
                lines += barLines(rows, title: chart.y.title)
            }
        case .boxes(let boxes):
            lines += boxLines(boxes, chart: chart)
        case .heatmap(let rows, let columns, let values, let diverging):
            let corner = chart.x.title.isEmpty && chart.y.title.isEmpty ? "" : chart.y.title + " \\ " + chart.x.title
            // Values on a diverging scale (correlations) to three decimals; counts and measures as they are.
            let cell = { (value: Double) in diverging == nil ? formatStatistic(value) : String(format: "%.3f", value).replacingOccurrences(of: "-0.000", with: "0.000") }
            let header = [corner] + columns
            let body = rows.enumerated().map { row, name in [name] + values[row].map { $0.map(cell) ?? "" } }
            lines += TextGrid(rows: [header] + body, rightAligned: { $0 > 0 }, padsLastColumn: true).lines
        }
        if let note = chart.note { lines.append(note) }
        return lines.joined(separator: "\n")
    }

    private static func label(_ value: Double, _ axis: ChartAxis) -> String {
        if case .time = axis.scale { return formatInstant(value) }
        return formatStatistic(value)
    }

    /// Each series' points as its glyph on a grid, y's range on the left, x's below, a legend.
    private static func grid(_ series: [ChartSeries], chart: Chart) -> [String] {
        // A point without a finite position (an undefined metric) has no place on the grid.
        let series = series.map { ChartSeries(name: $0.name, points: $0.points.filter { $0.x.isFinite && $0.y.isFinite }, isReference: $0.isReference) }
        let all = series.flatMap(\.points)
        guard let xLow = all.map(\.x).min(), let xHigh = all.map(\.x).max(),
              let yLow = all.map(\.y).min(), let yHigh = all.map(\.y).max() else { return ["(no points)"] }
        var cells = Array(repeating: Array(repeating: Character(" "), count: gridWidth), count: gridHeight)
        for (index, line) in series.enumerated() {
            for point in line.points {
                let column = xHigh > xLow ? Int((point.x - xLow) / (xHigh - xLow) * Double(gridWidth - 1) + 0.5) : gridWidth / 2
                let row = yHigh > yLow ? Int((yHigh - point.y) / (yHigh - yLow) * Double(gridHeight - 1) + 0.5) : gridHeight / 2
                cells[row][column] = glyphs[index % glyphs.count]
            }
        }
        let top = label(yHigh, chart.y), bottom = label(yLow, chart.y)
        let margin = max(top.count, bottom.count)
        var lines = cells.enumerated().map { row, characters -> String in
            let tick = row == 0 ? top : (row == gridHeight - 1 ? bottom : "")
            return String(repeating: " ", count: margin - tick.count) + tick + " │" + String(characters)
        }
        lines.append(String(repeating: " ", count: margin + 1) + "└" + String(repeating: "─", count: gridWidth))
        let left = label(xLow, chart.x), right = label(xHigh, chart.x)
        let gap = max(1, gridWidth - left.count - right.count)
        lines.append(String(repeating: " ", count: margin + 2) + left + String(repeating: " ", count: gap) + right)
        lines.append(String(repeating: " ", count: margin + 2) + "x: \(chart.x.title) · y: \(chart.y.title)")
        if series.count > 1 {
            lines.append(series.enumerated().map { "\(glyphs[$0.offset % glyphs.count]) \($0.element.name)" }.joined(separator: "  "))
        }
        return lines
    }

    private static func barLines(_ rows: [(String, Double)], title: String) -> [String] {
        let peak = rows.map { abs($0.1) }.max() ?? 0
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { name, value in
            name.padding(toLength: width, withPad: " ", startingAt: 0) + " │" + textBar(abs(value), peak: peak, width: 40) + " " + formatStatistic(value)
        } + [String(repeating: " ", count: width) + "  " + title]
    }

    /// Each box on one line over the range of all of them: ├─ whisker, [ quartiles ], | the median.
    private static func boxLines(_ boxes: [ChartBox], chart: Chart) -> [String] {
        guard let low = boxes.map(\.extent.lowerBound).min(), let high = boxes.map(\.extent.upperBound).max() else { return [] }
        let span = 40, width = boxes.map(\.category.count).max() ?? 0
        func column(_ value: Double) -> Int { high > low ? Int((value - low) / (high - low) * Double(span - 1) + 0.5) : span / 2 }
        var lines = boxes.map { box -> String in
            var characters = Array(repeating: Character(" "), count: span)
            for outlier in box.outliers { characters[column(outlier)] = "·" }
            for index in column(box.lowerWhisker)...column(box.upperWhisker) { characters[index] = "─" }
            for index in column(box.firstQuartile)...column(box.thirdQuartile) { characters[index] = "█" }
            characters[column(box.lowerWhisker)] = "├"
            characters[column(box.upperWhisker)] = "┤"
            characters[column(box.median)] = "│"
            return box.category.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(characters)
                + "  median \(formatStatistic(box.median))"
        }
        lines.append(String(repeating: " ", count: width + 2) + formatStatistic(low) + " … " + formatStatistic(high) + "  " + chart.y.title)
        return lines
    }
}
