import SluiceData

/// A model's quality on a table, by task: the metrics, and what the plots need.
public enum ModelEvaluation: Sendable, Equatable {
    case binary(BinaryEvaluation)
    case multiclass(MulticlassEvaluation)
    case regression(RegressionEvaluation)
    case clustering(ClusteringEvaluation)
}

public struct BinaryEvaluation: Sendable, Equatable {
    public var negative: String
    public var positive: String
    public var threshold: Double
    public var rows: Int
    public var accuracy, precision, recall, f1, auc, logLoss, averagePrecision: Double
    /// `confusion[actual][predicted]`, negative first.
    public var confusion: [[Int]]
    public var roc: ROCCurve
    public var precisionRecall: PrecisionRecallCurve
}

public struct MulticlassEvaluation: Sendable, Equatable {
    public var classes: [String]
    public var rows: Int
    public var accuracy: Double
    public var logLoss: Double
    public var report: ClassReport
    public var confusion: [[Int]]
}

public struct RegressionEvaluation: Sendable, Equatable {
    public var rows: Int
    public var rmse, mae, r2: Double
    /// At most 2,000 (actual, predicted) pairs, evenly spaced through the table, for plots.
    public var sampleActual: [Double]
    public var samplePredicted: [Double]
}

public struct ClusteringEvaluation: Sendable, Equatable {
    public var rows: Int
    public var sizes: [Int]
    /// The sum of squared distances to the assigned centers.
    public var inertia: Double
    /// The mean silhouette of at most 2,000 rows, evenly spaced through the table.
    public var silhouette: Double
}

extension TrainedModel {
    /// Evaluates the model on `table`, which must hold the target (except for clustering).
    /// `threshold` decides binary labels.
    public func evaluate(on table: Table, threshold: Double = 0.5) throws -> ModelEvaluation {
        let predicted = try predict(table, threshold: threshold)
        func numbers(_ name: String) -> [Double] { predicted.column(named: name)!.presentNumbers()! }
        let sample = Swift.stride(from: 0, to: table.rowCount, by: max(1, table.rowCount / 2000)).map { $0 }
        switch task {
        case .clustering:
            let distances = numbers("distance_to_cluster")
            let clusters = numbers("closest_cluster").map { Int($0) }
            let k = (clusters.max() ?? 0) + 1
            let features = try FeatureMatrix(table: try recipe.apply(to: table), names: featureNames)
            let points = sample.map { row in features.columns.map { Double($0[row]) } }
            return .clustering(ClusteringEvaluation(
                rows: table.rowCount, sizes: (0..<k).map { cluster in clusters.filter { $0 == cluster }.count },
                inertia: distances.reduce(0) { $0 + $1 * $1 },
                silhouette: Metrics.silhouette(points: points, clusters: sample.map { clusters[$0] })))
        case .regression:
            guard let target, let column = table.column(named: target), let actual = column.presentNumbers(),
                  actual.count == table.rowCount else {
                throw ModelError.invalidTarget("evaluating needs the target `\(target ?? "")` with a value in every row")
            }
            let scores = numbers("score")
            return .regression(RegressionEvaluation(
                rows: table.rowCount, rmse: Metrics.rmse(predictions: scores, targets: actual),
                mae: Metrics.mae(predictions: scores, targets: actual), r2: Metrics.r2(predictions: scores, targets: actual),
                sampleActual: sample.map { actual[$0] }, samplePredicted: sample.map { scores[$0] }))
        case .binaryClassification(let negative, let positive):
            let actual = try classIndices(table, classes: [negative, positive])
            let scores = numbers("score")
            let labels = actual.map(Double.init)
            let predictedClasses = scores.map { $0 >= threshold ? 1 : 0 }
            let report = Metrics.classReport(predicted: predictedClasses, actual: actual, classes: 2)
            return .binary(BinaryEvaluation(
                negative: negative, positive: positive, threshold: threshold, rows: table.rowCount,
                accuracy: Metrics.accuracy(predicted: predictedClasses, actual: actual),
                precision: report.precision[1], recall: report.recall[1], f1: report.f1[1],
                auc: Metrics.rocAUC(scores: scores, labels: labels), logLoss: Metrics.logLoss(probabilities: scores, labels: labels),
                averagePrecision: Metrics.averagePrecision(scores: scores, labels: labels),
                confusion: Metrics.confusionMatrix(predicted: predictedClasses, actual: actual, classes: 2),
                roc: Metrics.rocCurve(scores: scores, labels: labels),
                precisionRecall: Metrics.precisionRecallCurve(scores: scores, labels: labels)))
        case .multiclassClassification(let classes):
            let actual = try classIndices(table, classes: classes)
            let probabilityColumns = classes.map { numbers("probability_\($0)") }
            var probabilities: [Double] = []
            probabilities.reserveCapacity(table.rowCount * classes.count)
            for row in 0..<table.rowCount { for column in probabilityColumns { probabilities.append(column[row]) } }
            let predictedClasses = (0..<table.rowCount).map { row in
                probabilityColumns.indices.max { probabilityColumns[$0][row] < probabilityColumns[$1][row] }!
            }
            return .multiclass(MulticlassEvaluation(
                classes: classes, rows: table.rowCount, accuracy: Metrics.accuracy(predicted: predictedClasses, actual: actual),
                logLoss: Metrics.multiclassLogLoss(probabilities: probabilities, labels: actual.map(Double.init), classes: classes.count),
                report: Metrics.classReport(predicted: predictedClasses, actual: actual, classes: classes.count),
                confusion: Metrics.confusionMatrix(predicted: predictedClasses, actual: actual, classes: classes.count)))
        }
    }

    /// Each row's target as an index into `classes`; a missing or unknown value is an error.
    private func classIndices(_ table: Table, classes: [String]) throws -> [Int] {
        guard let target, let column = table.column(named: target) else {
            throw ModelError.invalidTarget("evaluating needs the target column `\(target ?? "")`")
        }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element, $0.offset) })
        return try (0..<table.rowCount).map { row in
            guard let text = column.formattedValue(at: row), let value = index[text] ?? column.presentNumbers().flatMap({ _ in index[formatFloat(Double(text) ?? .nan)] }) else {
                throw ModelError.invalidTarget("row \(row + 1): `\(target)` is \(column.formattedValue(at: row).map { "\"\($0)\"" } ?? "missing"), not one of the model's classes (\(classes.joined(separator: ", ")))")
            }
            return value
        }
    }
}
