import Foundation

/// The metrics boosting logs per round and early stopping watches, named as XGBoost names them.
public enum EvaluationMetric: String, Sendable, Codable, CaseIterable {
    case logloss, auc, error, rmse, mae, mlogloss, merror

    /// Whether larger is better.
    public var maximizes: Bool { self == .auc }

    /// The metric of `predictions` (output space: probabilities, values, or
    /// per-class probabilities `classes` wide) against `labels`.
    func evaluate(predictions: [Double], labels: [Double], classes: Int) -> Double {
        switch self {
        case .logloss: Metrics.logLoss(probabilities: predictions, labels: labels)
        case .auc: Metrics.rocAUC(scores: predictions, labels: labels)
        case .error: Metrics.errorRate(probabilities: predictions, labels: labels)
        case .rmse: Metrics.rmse(predictions: predictions, targets: labels)
        case .mae: Metrics.mae(predictions: predictions, targets: labels)
        case .mlogloss: Metrics.multiclassLogLoss(probabilities: predictions, labels: labels, classes: classes)
        case .merror: Metrics.multiclassError(probabilities: predictions, labels: labels, classes: classes)
        }
    }
}

/// Evaluation metrics, with the definitions scikit-learn and XGBoost use.
public enum Metrics {
    /// Mean binary cross-entropy; probabilities are clipped to [ε, 1 − ε] with ε the
    /// machine epsilon, as scikit-learn does.
    public static func logLoss(probabilities: [Double], labels: [Double]) -> Double {
        var total = 0.0
        for (p, y) in zip(probabilities, labels) {
            let clipped = min(max(p, Double.ulpOfOne), 1 - Double.ulpOfOne)
            total -= y * log(clipped) + (1 - y) * log(1 - clipped)
        }
        return total / Double(labels.count)
    }

    /// The mean of scores over folds or parts and their population standard deviation (as `numpy.std` of
    /// scikit-learn's `cross_val_score` scores).
    public static func meanAndDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot())
    }

    /// The area under the ROC curve, exact with ties (each tied pair counts one half):
    /// the Mann–Whitney statistic over average ranks. NaN without both classes.
    public static func rocAUC(scores: [Double], labels: [Double]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumPositive = 0.0
        var positives = 0.0
        var index = 0
        while index < order.count {
            var end = index
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[index]] { end += 1 }
            let averageRank = Double(index + end) / 2 + 1
            for position in index...end where labels[order[position]] == 1 {
                rankSumPositive += averageRank
                positives += 1
            }
            index = end + 1
        }
        let negatives = Double(labels.count) - positives
        guard positives > 0, negatives > 0 else { return .nan }
        return (rankSumPositive - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// The share of rows whose probability is on the wrong side of 0.5.
    public static func errorRate(probabilities: [Double], labels: [Double]) -> Double {
        let wrong = zip(probabilities, labels).filter { ($0 > 0.5 ? 1.0 : 0.0) != $1 }.count
        return Double(wrong) / Double(labels.count)
    }

    public static func rmse(predictions: [Double], targets: [Double]) -> Double {
        (zip(predictions, targets).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(targets.count)).squareRoot()
    }

    public static func mae(predictions: [Double], targets: [Double]) -> Double {
        zip(predictions, targets).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(targets.count)
    }

    /// Mean cross-entropy over classes; `probabilities` is row-major, `classes` wide.
    public static func multiclassLogLoss(probabilities: [Double], labels: [Double], classes: Int) -> Double {
        var total = 0.0
        for (row, label) in labels.enumerated() {
            total -= log(min(max(probabilities[row * classes + Int(label)], Double.ulpOfOne), 1 - Double.ulpOfOne))
        }
        return total / Double(labels.count)
    }

    public static func multiclassError(probabilities: [Double], labels: [Double], classes: Int) -> Double {
        var wrong = 0
        for (row, label) in labels.enumerated() {
            let slice = probabilities[(row * classes)..<((row + 1) * classes)]
            if slice.indices.max(by: { slice[$0] < slice[$1] })! - row * classes != Int(label) { wrong += 1 }
        }
        return Double(wrong) / Double(labels.count)
    }
}
