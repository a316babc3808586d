import SluiceData

/// Importance as a chart: each feature's share as a bar lying down, the largest at the top.
enum ImportanceCharts {
    /// The bars shown at most; a note says how many more there were.
    static let barLimit = 20

    /// `shares` (fractions, largest first) as percentages to one decimal.
    static func shares(_ shares: [(name: String, share: Double)], title: String, axis: String) -> Chart {
        let top = Array(shares.prefix(barLimit))
        let peak = max(top.map(\.share).max() ?? 0, 1e-12) * 100
        return Chart(title: title, x: ChartAxis(title: axis, scale: .linear(0...peak)), y: ChartAxis(title: "", scale: .band(top.map(\.name))),
                     marks: .bars(top.map { ChartBar(category: $0.name, value: (1000 * $0.share).rounded() / 10) }),
                     note: shares.count > top.count ? "the \(barLimit) largest of \(formatCount(shares.count))" : nil)
    }
}
