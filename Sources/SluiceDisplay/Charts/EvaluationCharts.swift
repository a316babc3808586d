/// The charts of an evaluation, drawn by the chart layer: curves against chance, the confusion matrix,
/// and a regression's predictions against the truth and its residuals.
enum EvaluationCharts {
    /// Curves over [0, 1] × [0, 1] (ROC, precision–recall), a colour each, with the chance diagonal when asked.
    static func curves(_ curves: [(name: String, points: [(Double, Double)])], title: String, x: String, y: String, chance: Bool) -> Chart {
        let unit = ChartAxis.Scale.linear(0...1)
        return Chart(title: title, x: ChartAxis(title: x, scale: unit), y: ChartAxis(title: y, scale: unit),
                     marks: .lines(curves.map { ChartSeries(name: $0.name, points: $0.points.map { ChartPoint($0.0, $0.1) }) }, step: false),
                     overlays: chance ? [.lines([ChartSeries(name: "chance", points: [ChartPoint(0, 0), ChartPoint(1, 1)], isReference: true)],
                                                step: false)] : [])
    }

    /// Counts of each actual class (down) by predicted class (across).
    static func confusion(_ matrix: [[Int]], labels: [String]) -> Chart {
        Chart(title: "Confusion matrix", x: ChartAxis(title: "predicted", scale: .band(labels)), y: ChartAxis(title: "actual", scale: .band(labels)),
              marks: .heatmap(rows: labels, columns: labels, values: matrix.map { $0.map { Double($0) } }))
    }

    /// Predicted against actual values, a colour per model (named; one unnamed model alone), with the line
    /// where they would be equal.
    static func actualAgainstPredicted(_ models: [(name: String, pairs: [(actual: Double, predicted: Double)])]) -> Chart {
        let all = models.flatMap { $0.pairs.flatMap { [$0.actual, $0.predicted] } }
        let range = (all.min() ?? 0)...(all.max() ?? 1)
        return Chart(title: "Predicted against actual", x: ChartAxis(title: "actual", scale: .linear(range)), y: ChartAxis(title: "predicted", scale: .linear(range)),
                     marks: .points(models.map { model in ChartSeries(name: model.name, points: model.pairs.map { ChartPoint($0.actual, $0.predicted) }) }),
                     overlays: [.lines([ChartSeries(name: "predicted = actual", points: [ChartPoint(range.lowerBound, range.lowerBound),
                                                                                        ChartPoint(range.upperBound, range.upperBound)],
                                                    isReference: true)], step: false)])
    }

    /// How many rows each cluster holds.
    static func sizes(_ sizes: [Int]) -> Chart {
        let names = sizes.indices.map { "cluster \($0)" }
        return Chart(title: "Cluster sizes", x: ChartAxis(title: "", scale: .band(names)),
                     y: ChartAxis(title: "rows", scale: .linear(0...Double(max(sizes.max() ?? 1, 1))), wholeNumbers: true),
                     marks: .bars(zip(names, sizes).map { ChartBar(category: $0, value: Double($1)) }))
    }

    /// Residuals (actual − predicted) against the predictions, with zero.
    static func residuals(_ pairs: [(actual: Double, predicted: Double)]) -> Chart {
        let points = pairs.map { ChartPoint($0.predicted, $0.actual - $0.predicted) }
        let xs = points.map(\.x), ys = points.map(\.y) + [0]
        let xRange = (xs.min() ?? 0)...(xs.max() ?? 1)
        return Chart(title: "Residuals", x: ChartAxis(title: "predicted", scale: .linear(xRange)),
                     y: ChartAxis(title: "residual (actual − predicted)", scale: .linear((ys.min() ?? -1)...(ys.max() ?? 1))),
                     marks: .points([ChartSeries(name: "", points: points)]),
                     overlays: [.lines([ChartSeries(name: "zero", points: [ChartPoint(xRange.lowerBound, 0), ChartPoint(xRange.upperBound, 0)],
                                                    isReference: true)], step: false)])
    }
}
