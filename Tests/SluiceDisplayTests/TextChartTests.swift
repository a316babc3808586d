import Foundation
import Testing
@testable import SluiceDisplay
@testable import SluiceServe

@Suite("Text charts")
struct TextChartTests {
    @Test("bars are drawn in eighths of a cell, the peak filling the width")
    func bars() {
        #expect(textBar(1, peak: 2, width: 4) == "██")
        #expect(textBar(0.35, peak: 1, width: 10) == "███▌")   // 28 eighths
        #expect(textBar(0.3, peak: 1, width: 10) == "███")     // 24 eighths
        #expect(textBar(5, peak: 5) == String(repeating: "█", count: 20))
        #expect(textBar(0, peak: 5) == "")
    }

    @Test("a point without a finite value has no place on a line chart's grid, and the rest still draw")
    func undefinedPoints() {
        let series = ChartSeries(name: "auc", points: [ChartPoint(0, 0.8), ChartPoint(1, .nan), ChartPoint(2, 0.6)])
        let chart = Chart(title: "auc over time", x: ChartAxis(title: "window", scale: .linear(0...2)),
                          y: ChartAxis(title: "auc", scale: .linear(0.5...0.9)), marks: .lines([series], step: false))
        let text = ChartText.render(chart)
        #expect(text.filter { $0 == "•" }.count == 2)
        #expect(ChartText.render(Chart(title: "none", x: chart.x, y: chart.y, marks: .lines([ChartSeries(name: "auc", points: [ChartPoint(0, .nan)])], step: false)))
            .contains("(no points)"))
    }

    @Test("a model-quality window whose metric is undefined (one class) reads as such, in the table and off the chart")
    func undefinedWindow() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let report = ModelQualityReport(
            endpoint: "churn", metric: "auc", maximizes: true, baseline: 0.83, threshold: 0.05, windowSeconds: 3600,
            windows: [.init(start: start, rows: 900, value: 0.84, judged: true, rowsNeeded: nil, violated: false),
                      .init(start: start.addingTimeInterval(3600), rows: 12, value: .nan, judged: true, rowsNeeded: nil, violated: false)],
            unlabelled: 0, unmatched: 0, violations: [], folder: "/tmp/report")
        let bundles = QualityRenderer().bundles(for: report)
        #expect(bundles[0].plainText.contains("undefined on these rows (one class)"))
        #expect(bundles[1].plainText.filter { $0 == "•" }.count == 1)
    }
}
