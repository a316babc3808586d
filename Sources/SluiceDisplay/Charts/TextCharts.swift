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
