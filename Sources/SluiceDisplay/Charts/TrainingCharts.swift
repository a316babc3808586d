import SluiceML

/// The training curves of boosted trees: the training loss by round and, when a validation set was
/// watched, the validation metric by round, each on its own axes (their units differ).
enum TrainingCharts {
    static func curves(_ log: [EvaluationRecord], metric: String, loss: String) -> [Chart] {
        let rounds = ChartAxis(title: "round", scale: .linear(Double(log.first?.round ?? 1)...Double(log.last?.round ?? 1)), wholeNumbers: true)
        func chart(_ name: String, _ values: [(Int, Double)]) -> Chart {
            let ys = values.map(\.1)
            return Chart(title: name, x: rounds, y: ChartAxis(title: name, scale: .linear((ys.min() ?? 0)...(ys.max() ?? 1))),
                         marks: .lines([ChartSeries(name: "", points: values.map { ChartPoint(Double($0.0), $0.1) })], step: false))
        }
        var charts = [chart("training \(loss)", log.map { ($0.round, $0.training) })]
        let validation = log.compactMap { record in record.validation.map { (record.round, $0) } }
        if !validation.isEmpty { charts.append(chart("validation \(metric)", validation)) }
        return charts
    }
}
