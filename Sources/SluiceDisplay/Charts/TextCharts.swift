import SluiceData

/// Charts drawn with Unicode block characters, for terminals: the REPL's form of the notebook's SVG plots.

private let blocks = Array("▁▂▃▄▅▆▇█")
/// Eighths of a cell, for horizontal bars.
private let eighths = Array(" ▏▎▍▌▋▊▉█")

/// A histogram as a line of block characters (▁▂▃▄▅▆▇█), merging bins down to `width`.
public func sparkline(_ histogram: Histogram, width: Int = 12) -> String {
    var counts = histogram.counts
    if counts.count > width {
        let group = (counts.count + width - 1) / width
        counts = stride(from: 0, to: counts.count, by: group).map { counts[$0..<min($0 + group, counts.count)].reduce(0, +) }
    }
    let peak = max(counts.max() ?? 1, 1)
    return String(counts.map { count in
        count == 0 ? " " : blocks[min(blocks.count - 1, (count * blocks.count - 1) / peak)]
    })
}

/// A series as a line of block characters, its lowest value ▁ and its highest █; at most `width`
/// characters (a longer series is sampled evenly, keeping its last value).
public func sparkline(values: [Double], width: Int = 60) -> String {
    guard let low = values.min(), let high = values.max() else { return "" }
    let shown = values.count <= width ? values
        : (0..<width).map { values[($0 * (values.count - 1)) / (width - 1)] }
    return String(shown.map { value in
        high > low ? blocks[min(blocks.count - 1, Int((value - low) / (high - low) * Double(blocks.count - 1) + 0.5))] : blocks[3]
    })
}

/// A horizontal bar `value / peak` of `width` cells, in eighths of a cell.
public func textBar(_ value: Double, peak: Double, width: Int = 20) -> String {
    guard peak > 0, value > 0 else { return "" }
    let units = Int((min(value / peak, 1) * Double(width * 8)).rounded())
    return String(repeating: "█", count: units / 8) + (units % 8 > 0 ? String(eighths[units % 8]) : "")
}

/// A curve y(x) over [0, 1] × [0, 1] as columns of blocks, `width` columns and `height` rows, with the
/// y axis labelled at 1 and 0: an area chart such as an ROC curve. Each column shows the curve's
/// largest y at or before the column's x (the curve's steps).
public func textAreaChart(_ points: [(x: Double, y: Double)], width: Int = 40, height: Int = 6) -> [String] {
    let sorted = points.sorted { $0.x < $1.x }
    let heights: [Double] = (0..<width).map { column in
        let x = (Double(column) + 0.5) / Double(width)
        return sorted.last { $0.x <= x }?.y ?? 0
    }
    return (0..<height).map { row in
        let level = Double(height - row - 1)
        let cells = heights.map { value -> Character in
            let filled = value * Double(height) - level
            if filled >= 1 { return "█" }
            if filled <= 0 { return " " }
            return blocks[max(0, min(blocks.count - 1, Int((filled * 8).rounded()) - 1))]
        }
        let axis = row == 0 ? "1 ┤" : (row == height - 1 ? "0 ┤" : "  │")
        return axis + String(cells)
    }
}

/// Points as a grid of `width` × `height` cells, each marked by how many points fall in it
/// (· one, • a few, ● many), with the y range on the axis and the x range under it.
public func textScatter(_ points: [(x: Double, y: Double)], width: Int = 40, height: Int = 10) -> [String] {
    let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
    guard let minX = finite.map(\.x).min(), let maxX = finite.map(\.x).max(),
          let minY = finite.map(\.y).min(), let maxY = finite.map(\.y).max() else { return [] }
    var counts = [[Int]](repeating: [Int](repeating: 0, count: width), count: height)
    for point in finite {
        let column = maxX > minX ? min(width - 1, Int((point.x - minX) / (maxX - minX) * Double(width))) : width / 2
        let row = maxY > minY ? min(height - 1, Int((point.y - minY) / (maxY - minY) * Double(height))) : height / 2
        counts[height - 1 - row][column] += 1
    }
    let peak = counts.flatMap { $0 }.max() ?? 1
    let top = formatStatistic(maxY), bottom = formatStatistic(minY)
    let labelWidth = max(top.count, bottom.count)
    func label(_ text: String) -> String { String(repeating: " ", count: labelWidth - text.count) + text }
    var lines = counts.enumerated().map { row, cells in
        let axis = row == 0 ? label(top) + " ┤" : (row == height - 1 ? label(bottom) + " ┤" : String(repeating: " ", count: labelWidth) + " │")
        return axis + String(cells.map { $0 == 0 ? " " : ($0 * 3 <= peak ? "·" : ($0 * 3 <= 2 * peak ? "•" : "●")) })
    }
    let left = formatStatistic(minX), right = formatStatistic(maxX)
    lines.append(String(repeating: " ", count: labelWidth + 2) + left
                 + String(repeating: " ", count: max(1, width - left.count - right.count)) + right)
    return lines
}
