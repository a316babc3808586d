import Foundation
import SluiceData

/// k-fold cross-validation of one algorithm: a model trained on all folds but one and evaluated on
/// that one, for each fold; the folds are scikit-learn's defaults for `cross_val_score(…, cv=k)`, so
/// the same estimator there scores on the same rows.
public struct CrossValidation: Sendable, Equatable {
    /// One fold: how many rows trained and validated, and the evaluation on the validation rows.
    public struct Fold: Sendable, Equatable {
        public var trainingRows: Int
        public var evaluation: ModelEvaluation

        public init(trainingRows: Int, evaluation: ModelEvaluation) {
            self.trainingRows = trainingRows
            self.evaluation = evaluation
        }
    }

    public var algorithm: Algorithm
    public var target: String?
    /// The rows of the table folded.
    public var rows: Int
    public var folds: [Fold]

    public init(algorithm: Algorithm, target: String?, rows: Int, folds: [Fold]) {
        self.algorithm = algorithm
        self.target = target
        self.rows = rows
        self.folds = folds
    }

    /// The rows of each fold that validate, in table order, as scikit-learn assigns them without
    /// shuffling: `StratifiedKFold(k)` for a class target (each class dealt out over the folds in turn,
    /// classes in the order they first appear) and `KFold(k)` otherwise (consecutive blocks, the first
    /// `rows % k` a row longer). Shuffle first (`sample 100% seed s`) for data in a meaningful order.
    public static func foldRows(of table: Table, target: String?, classes: Bool, folds k: Int) throws(ModelError) -> [[Int]] {
        let rows = table.rowCount
        guard k >= 2 else { throw .invalidParameter("`folds` must be at least 2") }
        guard k <= rows else { throw .invalidParameter("`folds \(k)` needs at least \(k) rows; the table has \(formatCount(rows))") }
        var foldOfRow = [Int](repeating: 0, count: rows)
        if classes, let target, let column = table.column(named: target) {
            var code: [String: Int] = [:]
            let encoded = (0..<rows).map { row -> Int in
                let value = column.formattedValue(at: row) ?? ""
                if let known = code[value] { return known }
                code[value] = code.count
                return code.count - 1
            }
            var counts = [Int](repeating: 0, count: code.count)
            for value in encoded { counts[value] += 1 }
            guard let largest = counts.max(), k <= largest else {
                throw .invalidParameter("`folds \(k)` is more than the \(counts.max() ?? 0) rows of the largest class of `\(target)`")
            }
            // allocation[fold][class]: how many rows of the class the fold takes, from the sorted labels dealt in turn.
            let sorted = encoded.sorted()
            var allocation = Array(repeating: [Int](repeating: 0, count: code.count), count: k)
            for (position, value) in sorted.enumerated() { allocation[position % k][value] += 1 }
            var nextInClass = [Int](repeating: 0, count: code.count)
            let foldsOfClass = (0..<code.count).map { value in (0..<k).flatMap { fold in Array(repeating: fold, count: allocation[fold][value]) } }
            for row in 0..<rows {
                let value = encoded[row]
                foldOfRow[row] = foldsOfClass[value][nextInClass[value]]
                nextInClass[value] += 1
            }
        } else {
            var start = 0
            for fold in 0..<k {
                let size = rows / k + (fold < rows % k ? 1 : 0)
                for row in start..<(start + size) { foldOfRow[row] = fold }
                start += size
            }
        }
        var result = Array(repeating: [Int](), count: k)
        for row in 0..<rows { result[foldOfRow[row]].append(row) }
        return result
    }

    /// The metrics of the task, a row per fold: `fold` (from 1), `training_rows`, `rows` (validated), then
    /// each metric.
    public var table: Table {
        let names = folds[0].evaluation.metricNames
        var columns = [Column(name: "fold", values: .integer(folds.indices.map { Int64($0 + 1) }, missing: MissingMask())),
                       Column(name: "training_rows", values: .integer(folds.map { Int64($0.trainingRows) }, missing: MissingMask())),
                       Column(name: "rows", values: .integer(folds.map { Int64($0.evaluation.rows) }, missing: MissingMask()))]
        for name in names {
            columns.append(Column(name: name, values: .float(folds.map { $0.evaluation.metric(name) ?? .nan }, missing: MissingMask())))
        }
        return try! Table(columns: columns)
    }

    /// Each metric's mean and population standard deviation over the folds (as `numpy.std` of
    /// `cross_val_score`'s scores).
    public var summary: [(metric: String, mean: Double, std: Double)] {
        folds[0].evaluation.metricNames.map { name in
            let (mean, deviation) = Metrics.meanAndDeviation(folds.map { $0.evaluation.metric(name) ?? .nan })
            return (name, mean, deviation)
        }
    }
}
