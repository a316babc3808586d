/// Computes a tuning metric straight from a model's predictions on validation
/// rows, with the same definitions `evaluate` uses, so that a trial can be
/// scored after any boosting round without building a model and a table.
struct PredictionScorer: Sendable {
    let metric: String
    let task: ModelTask
    /// Binary predictions at or above this are the positive class.
    let threshold = 0.5

    /// The metric for `predictions` (the positive class's probability for binary tasks, class probabilities
    /// row by row for multiclass, values for regression) against `labels` (class indices or values).
    func score(_ predictions: [Double], labels: [Double]) -> Double {
        switch task {
        case .binaryClassification:
            let actual = labels.map { Int($0) }
            let predicted = predictions.map { $0 >= threshold ? 1 : 0 }
            switch metric {
            case "auc": return Metrics.rocAUC(scores: predictions, labels: labels)
            case "logloss": return Metrics.logLoss(probabilities: predictions, labels: labels)
            case "average_precision": return Metrics.averagePrecision(scores: predictions, labels: labels)
            case "accuracy": return Metrics.accuracy(predicted: predicted, actual: actual)
            default:
                let report = Metrics.classReport(predicted: predicted, actual: actual, classes: 2)
                return metric == "precision" ? report.precision[1] : metric == "recall" ? report.recall[1] : report.f1[1]
            }
        case .multiclassClassification(let classes):
            let actual = labels.map { Int($0) }
            if metric == "mlogloss" || metric == "logloss" {
                return Metrics.multiclassLogLoss(probabilities: predictions, labels: labels, classes: classes.count)
            }
            let predicted = actual.indices.map { row in
                (0..<classes.count).max { predictions[row * classes.count + $0] < predictions[row * classes.count + $1] }!
            }
            if metric == "accuracy" { return Metrics.accuracy(predicted: predicted, actual: actual) }
            let report = Metrics.classReport(predicted: predicted, actual: actual, classes: classes.count)
            return report.macro(report.f1)
        case .regression:
            switch metric {
            case "mae": return Metrics.mae(predictions: predictions, targets: labels)
            case "r2": return Metrics.r2(predictions: predictions, targets: labels)
            default: return Metrics.rmse(predictions: predictions, targets: labels)
            }
        case .clustering:
            preconditionFailure("boosted trees do not cluster")
        }
    }
}
