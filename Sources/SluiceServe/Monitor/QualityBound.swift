import Foundation
import SluiceML

/// Whether a window's fall in the model's metric can be told from sampling noise. Were the model as good on the
/// window's population as its held-out value b, the metric on n rows would still fall below b − z·SE(n) with
/// probability 1% (z = 2.326, one-sided, the normal approximation); so a window past the threshold is a violation
/// only when its fall is at least z·SE(n), and otherwise has too few rows to judge. SE is
/// Hanley and McNeil's (1982) for `auc` (from the window's positives and negatives), the binomial's for `accuracy`,
/// precision (its predicted positives) and recall (its positives), RMSE/√(2n) for `rmse` and 0.756·MAE/√n for `mae`
/// (normal errors). Other metrics have no bound here: every window of them is judged.
public struct QualityBound: Sendable {
    /// The one-sided normal quantile of 1%.
    static let z = 2.326

    public var metric: String
    public var baseline: Double

    /// The metric's standard error on a window whose evaluation is `evaluation`, nil when there is no bound.
    func standardError(_ evaluation: ModelEvaluation) -> Double? {
        let b = baseline
        switch (evaluation, metric) {
        case (.binary(let e), "auc"):
            let positives = Double(e.confusion[1].reduce(0, +)), negatives = Double(e.confusion[0].reduce(0, +))
            return Self.aucError(auc: b, positives: positives, negatives: negatives)
        case (.binary(let e), "accuracy"): return Self.binomialError(b, e.rows)
        case (.binary(let e), "recall"): return Self.binomialError(b, e.confusion[1].reduce(0, +))
        case (.binary(let e), "precision"): return Self.binomialError(b, e.confusion[0][1] + e.confusion[1][1])
        case (.multiclass(let e), "accuracy"): return Self.binomialError(b, e.rows)
        case (.regression(let e), "rmse"): return e.rows > 0 ? b / (2 * Double(e.rows)).squareRoot() : .infinity
        case (.regression(let e), "mae"): return e.rows > 0 ? 0.756 * b / Double(e.rows).squareRoot() : .infinity
        default: return nil
        }
    }

    /// Whether a fall of `fall` from the baseline on a window with this evaluation is more than noise.
    public func tellsFromNoise(_ evaluation: ModelEvaluation, fall: Double) -> Bool {
        guard let error = standardError(evaluation) else { return true }
        return Self.z * error <= fall
    }

    /// Rows a window like this one needs for a fall of `fall` to be more than noise (its share of positives kept, for
    /// `auc`); nil without a bound, or when no number of rows would do.
    public func rowsNeeded(like evaluation: ModelEvaluation, fall: Double) -> Int? {
        guard standardError(evaluation) != nil, fall > 0 else { return nil }
        let rows = max(1, Self.rows(of: evaluation))
        func judged(_ n: Int) -> Bool {
            let scale = Double(n) / Double(rows)
            let b = baseline
            let error: Double? = switch (evaluation, metric) {
            case (.binary(let e), "auc"):
                Self.aucError(auc: b, positives: max(1, Double(e.confusion[1].reduce(0, +)) * scale),
                              negatives: max(1, Double(e.confusion[0].reduce(0, +)) * scale))
            case (.binary(let e), "recall"): Self.binomialError(b, Int((Double(e.confusion[1].reduce(0, +)) * scale).rounded(.up)))
            case (.binary(let e), "precision"): Self.binomialError(b, Int((Double(e.confusion[0][1] + e.confusion[1][1]) * scale).rounded(.up)))
            case (.regression, "rmse"): b / (2 * Double(n)).squareRoot()
            case (.regression, "mae"): 0.756 * b / Double(n).squareRoot()
            default: Self.binomialError(b, n)
            }
            return error.map { Self.z * $0 <= fall } ?? true
        }
        var high = 1
        while !judged(high) {
            high *= 2
            if high > 1 << 40 { return nil }
        }
        var low = high / 2
        while low + 1 < high {
            let middle = (low + high) / 2
            if judged(middle) { high = middle } else { low = middle }
        }
        return high
    }

    private static func rows(of evaluation: ModelEvaluation) -> Int {
        switch evaluation {
        case .binary(let e): e.rows
        case .multiclass(let e): e.rows
        case .regression(let e): e.rows
        default: 0
        }
    }

    /// √(p(1 − p)/n).
    static func binomialError(_ p: Double, _ n: Int) -> Double {
        n > 0 ? (max(0, p * (1 - p)) / Double(n)).squareRoot() : .infinity
    }

    /// Hanley and McNeil's standard error of an AUC of `auc` on these counts of positives and negatives.
    static func aucError(auc a: Double, positives: Double, negatives: Double) -> Double {
        guard positives >= 1, negatives >= 1 else { return .infinity }
        let q1 = a / (2 - a), q2 = 2 * a * a / (1 + a)
        let variance = (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a)) / (positives * negatives)
        return max(0, variance).squareRoot()
    }
}
