/// Points of a ROC curve, from (0, 0) with one point per distinct score, highest first (scikit-learn's
/// `roc_curve` with `drop_intermediate=False`, less its leading infinite threshold).
public struct ROCCurve: Sendable, Equatable, Codable {
    public var falsePositiveRates: [Double]
    public var truePositiveRates: [Double]
    /// The score at or above which rows count as positive, for each point after the first.
    public var thresholds: [Double]
}

/// Points of a precision–recall curve, one per distinct score in ascending order, then (recall 0, precision 1)
/// (scikit-learn's `precision_recall_curve`).
public struct PrecisionRecallCurve: Sendable, Equatable, Codable {
    public var precisions: [Double]
    public var recalls: [Double]
    public var thresholds: [Double]
}

/// Precision, recall, F1 and support of each class.
public struct ClassReport: Sendable, Equatable, Codable {
    public var precision: [Double]
    public var recall: [Double]
    public var f1: [Double]
    public var support: [Int]

    /// The unweighted mean over classes.
    public func macro(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    /// The mean weighted by each class's support.
    public func weighted(_ values: [Double]) -> Double {
        let total = support.reduce(0, +)
        return zip(values, support).reduce(0) { $0 + $1.0 * Double($1.1) } / Double(max(total, 1))
    }
}

extension Metrics {
    /// True-positive and false-positive counts at each distinct score, highest score first.
    private static func cumulativeCounts(scores: [Double], labels: [Double]) -> (thresholds: [Double], tps: [Double], fps: [Double]) {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var thresholds: [Double] = [], tps: [Double] = [], fps: [Double] = []
        var tp = 0.0, fp = 0.0
        for (position, row) in order.enumerated() {
            if labels[row] == 1 { tp += 1 } else { fp += 1 }
            let last = position == order.count - 1 || scores[order[position + 1]] != scores[row]
            if last {
                thresholds.append(scores[row])
                tps.append(tp)
                fps.append(fp)
            }
        }
        return (thresholds, tps, fps)
    }

    public static func rocCurve(scores: [Double], labels: [Double]) -> ROCCurve {
        let (thresholds, tps, fps) = cumulativeCounts(scores: scores, labels: labels)
        let positives = tps.last ?? 0, negatives = fps.last ?? 0
        return ROCCurve(falsePositiveRates: [0] + fps.map { negatives > 0 ? $0 / negatives : 0 },
                        truePositiveRates: [0] + tps.map { positives > 0 ? $0 / positives : 0 },
                        thresholds: thresholds)
    }

    public static func precisionRecallCurve(scores: [Double], labels: [Double]) -> PrecisionRecallCurve {
        let (thresholds, tps, fps) = cumulativeCounts(scores: scores, labels: labels)
        let positives = tps.last ?? 0
        let precisions = zip(tps, fps).map { $0 + $1 > 0 ? $0 / ($0 + $1) : 0 }
        let recalls = tps.map { positives > 0 ? $0 / positives : 0 }
        return PrecisionRecallCurve(precisions: precisions.reversed() + [1], recalls: recalls.reversed() + [0],
                                    thresholds: thresholds.reversed())
    }

    /// Σ (Rₙ − Rₙ₊₁) Pₙ over the precision–recall curve, as scikit-learn defines average precision.
    public static func averagePrecision(scores: [Double], labels: [Double]) -> Double {
        let curve = precisionRecallCurve(scores: scores, labels: labels)
        var total = 0.0
        for index in 0..<(curve.recalls.count - 1) {
            total += (curve.recalls[index] - curve.recalls[index + 1]) * curve.precisions[index]
        }
        return total
    }

    /// `matrix[actual][predicted]` counts.
    public static func confusionMatrix(predicted: [Int], actual: [Int], classes: Int) -> [[Int]] {
        var matrix = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        for (p, a) in zip(predicted, actual) { matrix[a][p] += 1 }
        return matrix
    }

    public static func accuracy(predicted: [Int], actual: [Int]) -> Double {
        Double(zip(predicted, actual).filter { $0 == $1 }.count) / Double(actual.count)
    }

    /// Per-class precision, recall and F1; 0 where a ratio is undefined (scikit-learn's `zero_division=0`).
    public static func classReport(predicted: [Int], actual: [Int], classes: Int) -> ClassReport {
        let matrix = confusionMatrix(predicted: predicted, actual: actual, classes: classes)
        var report = ClassReport(precision: [], recall: [], f1: [], support: [])
        for k in 0..<classes {
            let truePositives = Double(matrix[k][k])
            let predictedCount = Double((0..<classes).reduce(0) { $0 + matrix[$1][k] })
            let actualCount = matrix[k].reduce(0, +)
            let precision = predictedCount > 0 ? truePositives / predictedCount : 0
            let recall = actualCount > 0 ? truePositives / Double(actualCount) : 0
            report.precision.append(precision)
            report.recall.append(recall)
            report.f1.append(precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0)
            report.support.append(actualCount)
        }
        return report
    }

    /// 1 − Σ(y − ŷ)² / Σ(y − ȳ)².
    public static func r2(predictions: [Double], targets: [Double]) -> Double {
        let mean = targets.reduce(0, +) / Double(targets.count)
        let residual = zip(predictions, targets).reduce(0) { $0 + ($1.1 - $1.0) * ($1.1 - $1.0) }
        let total = targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return 1 - residual / total
    }

    /// The mean silhouette: for each row, (b − a) / max(a, b) with a its mean distance to its
    /// own cluster and b its least mean distance to another cluster (0 in a cluster of one).
    /// Exact, so quadratic in the rows: callers sample large tables.
    public static func silhouette(points: [[Double]], clusters: [Int]) -> Double {
        let clusterCount = (clusters.max() ?? 0) + 1
        let sizes = (0..<clusterCount).map { k in clusters.filter { $0 == k }.count }
        var total = 0.0
        for (i, point) in points.enumerated() {
            var sums = [Double](repeating: 0, count: clusterCount)
            for (j, other) in points.enumerated() where j != i {
                sums[clusters[j]] += zip(point, other).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            }
            let own = clusters[i]
            guard sizes[own] > 1 else { continue }
            let a = sums[own] / Double(sizes[own] - 1)
            let b = (0..<clusterCount).filter { $0 != own && sizes[$0] > 0 }.map { sums[$0] / Double(sizes[$0]) }.min() ?? 0
            total += (b - a) / max(a, b)
        }
        return total / Double(points.count)
    }
}
