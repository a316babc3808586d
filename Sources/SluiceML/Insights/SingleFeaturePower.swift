import SluiceData

/// How well one column alone predicts a target on held-out rows, the way a leak shows itself.
///
/// The column's values are put in buckets: numbers, booleans and datetimes by the training rows'
/// quantiles at 1/20, 2/20, …, 19/20 (repeated edges once; a value goes to the number of edges below
/// it), text and categories by their value, and missing values in a bucket of their own. Each bucket
/// predicts the training rows' mean target there (class shares for several classes; a bucket no
/// training row reached predicts the overall mean). The score is the hold-out ROC AUC (two classes),
/// the macro one-vs-rest AUC (more classes) or R² (numbers).
enum SingleFeaturePower {
    /// The quantiles that cut a numeric column into buckets.
    static let bucketCount = 20

    /// The held-out score of `column` predicting `labels` (the target's encoding, one per row).
    static func score(of column: Column, labels: [Double], task: ModelTask, train: [Int], holdout: [Int]) -> Double? {
        let buckets = bucketNumbers(column, train: train)
        let bucketTotal = (buckets.max() ?? 0) + 1
        switch task {
        case .binaryClassification, .regression:
            let predictions = meanPredictions(buckets: buckets, bucketTotal: bucketTotal, targets: labels, train: train, holdout: holdout)
            let actual = holdout.map { labels[$0] }
            if case .regression = task { return Metrics.r2(predictions: predictions, targets: actual) }
            let auc = Metrics.rocAUC(scores: predictions, labels: actual)
            return auc.isNaN ? nil : auc
        case .multiclassClassification(let classes):
            var aucs: [Double] = []
            for index in classes.indices {
                let indicator = labels.map { $0 == Double(index) ? 1.0 : 0 }
                let predictions = meanPredictions(buckets: buckets, bucketTotal: bucketTotal, targets: indicator, train: train, holdout: holdout)
                let auc = Metrics.rocAUC(scores: predictions, labels: holdout.map { indicator[$0] })
                if !auc.isNaN { aucs.append(auc) }
            }
            return aucs.isEmpty ? nil : aucs.reduce(0, +) / Double(aucs.count)
        case .clustering:
            return nil
        }
    }

    /// Each held-out row's prediction: the mean target of the training rows in its bucket.
    private static func meanPredictions(buckets: [Int], bucketTotal: Int, targets: [Double], train: [Int], holdout: [Int]) -> [Double] {
        var sums = [Double](repeating: 0, count: bucketTotal), counts = [Double](repeating: 0, count: bucketTotal)
        var overall = 0.0
        for row in train {
            sums[buckets[row]] += targets[row]
            counts[buckets[row]] += 1
            overall += targets[row]
        }
        overall /= Double(max(train.count, 1))
        return holdout.map { counts[buckets[$0]] > 0 ? sums[buckets[$0]] / counts[buckets[$0]] : overall }
    }

    /// Each row's bucket number, from 0.
    static func bucketNumbers(_ column: Column, train: [Int]) -> [Int] {
        let numbers: [Double]?
        switch column.values {
        case .integer(let values, _), .datetime(let values, _): numbers = values.map(Double.init)
        case .float(let values, _): numbers = values
        case .boolean(let values, _): numbers = values.map { $0 ? 1 : 0 }
        case .categorical, .text: numbers = nil
        }
        guard let numbers else {
            var index: [String: Int] = [:]
            return (0..<column.count).map { row in
                guard let text = column.formattedValue(at: row) else { return 0 }
                if let known = index[text] { return known }
                index[text] = index.count + 1
                return index.count
            }
        }
        let sorted = train.filter { !column.isMissing($0) }.map { numbers[$0] }.sorted()
        var edges: [Double] = []
        if !sorted.isEmpty {
            for step in 1..<bucketCount {
                let edge = quantile(sorted, Double(step) / Double(bucketCount))
                if edge != edges.last { edges.append(edge) }
            }
        }
        return numbers.indices.map { row in
            if column.isMissing(row) { return edges.count + 1 }
            var low = 0, high = edges.count
            while low < high {
                let middle = (low + high) / 2
                if edges[middle] < numbers[row] { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }
}
