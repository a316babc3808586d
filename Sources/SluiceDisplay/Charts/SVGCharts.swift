import SluiceData
import SluiceML

/// Small inline SVG charts: self-contained, valid XML, sized for a table cell.
enum SVGCharts {
    /// Vertical bars of a histogram, each with a tooltip giving its range and count.
    static func histogram(_ histogram: Histogram, width: Int = 160, height: Int = 36,
                          label: (Double) -> String = formatStatistic) -> String {
        let peak = max(histogram.counts.max() ?? 1, 1)
        let barWidth = Double(width) / Double(max(histogram.counts.count, 1))
        var svg = root(width: Double(width), height: Double(height))
        for (index, count) in histogram.counts.enumerated() {
            let barHeight = Double(height - 2) * Double(count) / Double(peak)
            let from = histogram.lowerBound + histogram.binWidth * Double(index)
            let to = from + histogram.binWidth
            svg += "<rect x=\"\(svgNumber(Double(index) * barWidth + 0.5))\" y=\"\(svgNumber(Double(height) - barHeight))\" "
                + "width=\"\(svgNumber(max(barWidth - 1, 0.5)))\" height=\"\(svgNumber(barHeight))\" fill=\"#4a7fb5\">"
                + "<title>\(escapeHTML("\(label(from)) – \(label(to)): \(formatCount(count))"))</title></rect>"
        }
        return svg + "</svg>"
    }

    /// Horizontal bars for the most frequent values, labelled with value and count.
    static func topValues(_ values: [ValueCount], total: Int, width: Int = 300) -> String {
        let rowHeight = 14
        let height = rowHeight * max(values.count, 1)
        let peak = max(values.map(\.count).max() ?? 1, 1)
        var svg = root(width: Double(width), height: Double(height), fontSize: 10)
        for (index, item) in values.enumerated() {
            let y = index * rowHeight
            let barWidth = Double(width) * 0.35 * Double(item.count) / Double(peak)
            svg += "<rect x=\"0\" y=\"\(y + 2)\" width=\"\(svgNumber(barWidth))\" height=\"\(rowHeight - 4)\" fill=\"#e39a3b\"/>"
            let share = total > 0 ? " (\(Int((Double(item.count) / Double(total) * 100).rounded()))%)" : ""
            svg += "<text x=\"\(svgNumber(barWidth + 4))\" y=\"\(y + rowHeight - 3)\">\(escapeHTML(truncated(item.value, 18))) \(formatCount(item.count))\(share)</text>"
        }
        return svg + "</svg>"
    }

    /// An SVG document's opening tag. Text, and lines drawn in `currentColor`, take the notebook theme's
    /// text colour (JupyterLab's `--jp-ui-font-color1`; near-black where it is not set), so that a chart
    /// reads in light and dark themes.
    static func root(width: Double, height: Double, fontSize: Int = 11) -> String {
        let (w, h) = (svgNumber(width), svgNumber(height))
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" role=\"img\" "
            + "style=\"color: var(--jp-ui-font-color1, #1f1f1f); font-family: var(--jp-ui-font-family, sans-serif)\" "
            + "font-size=\"\(fontSize)\" fill=\"currentColor\">"
    }

    static func truncated(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    /// A coordinate with at most two decimals.
    static func svgNumber(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
