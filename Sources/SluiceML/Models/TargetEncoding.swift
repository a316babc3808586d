import SluiceData

/// The numeric labels of a target column and the task they imply.
struct TargetEncoding {
    var task: ModelTask
    var labels: [Double]

    /// Two distinct values → binary (the larger, in sorted order, is
    /// positive); a categorical, text or boolean with more → multiclass;
    /// numbers with more than two values → regression. `objective` overrides.
    ///
    /// With a collective of several workers, `column` is this worker's shard and the values counted are
    /// every worker's (for numbers, enough of them to tell two from more).
    init(column: Column, objective: BoostingObjective?, collective: any Collective = LocalCollective()) throws(ModelError) {
        guard column.missingCount == 0 else {
            throw .invalidTarget("the target `\(column.name)` is missing in \(column.missingCount) rows; filter them out first (filter \(column.name) is not null)")
        }
        let texts = (0..<column.count).map { column.formattedValue(at: $0)! }
        let numbers = column.presentNumbers()
        let pool = PooledStatistics(collective: collective)
        let distinct: [String]
        if let numbers {
            let local = Array(Set(numbers)).sorted()
            // Three values are enough to tell a regression target from a binary one.
            let shared = collective.size > 1 ? pool.union(Set(local.prefix(3).map { String($0.bitPattern) })).compactMap { UInt64($0) }
                .map(Double.init(bitPattern:)).sorted() : local
            distinct = shared.map(formatFloat)
        } else {
            distinct = pool.union(Set(texts))
        }
        let wanted = objective ?? (distinct.count == 2 ? .binaryLogistic : (numbers == nil ? .multiSoftprob : .squaredError))
        switch wanted {
        case .squaredError:
            guard let numbers else { throw .invalidTarget("regression needs a numeric target; `\(column.name)` is \(column.kind.rawValue)") }
            task = .regression
            labels = numbers
        case .binaryLogistic:
            guard distinct.count == 2 else {
                throw .invalidTarget("binary:logistic needs a target with two values; `\(column.name)` has \(distinct.count)")
            }
            task = .binaryClassification(negative: distinct[0], positive: distinct[1])
            labels = texts.map { $0 == distinct[1] ? 1 : 0 }
            if let numbers { labels = numbers.map { formatFloat($0) == distinct[1] ? 1 : 0 } }
        case .multiSoftprob:
            guard distinct.count >= 2 else { throw .invalidTarget("`\(column.name)` has only one value") }
            task = .multiclassClassification(classes: distinct)
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($0.element, Double($0.offset)) })
            labels = numbers.map { $0.map { index[formatFloat($0)]! } } ?? texts.map { index[$0]! }
        }
    }

    /// The labels of `column` for a model already trained for `task`: class indices in the task's
    /// order (the positive class is 1), or values for regression. A class the task lacks is an error.
    init(column: Column, task: ModelTask) throws(ModelError) {
        guard column.missingCount == 0 else {
            throw .invalidTarget("the target `\(column.name)` is missing in \(column.missingCount) rows; filter them out first (filter \(column.name) is not null)")
        }
        self.task = task
        let classes: [String]
        switch task {
        case .regression, .clustering:
            guard let numbers = column.presentNumbers() else {
                throw .invalidTarget("regression needs a numeric target; `\(column.name)` is \(column.kind.rawValue)")
            }
            labels = numbers
            return
        case .binaryClassification(let negative, let positive): classes = [negative, positive]
        case .multiclassClassification(let names): classes = names
        }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element, Double($0.offset)) })
        let numbers = column.presentNumbers()
        var labels: [Double] = []
        labels.reserveCapacity(column.count)
        for row in 0..<column.count {
            let text = numbers.map { formatFloat($0[row]) } ?? column.formattedValue(at: row)!
            guard let label = index[text] else {
                throw .invalidTarget("row \(row + 1): `\(column.name)` is \"\(text)\", not one of the training classes (\(classes.joined(separator: ", ")))")
            }
            labels.append(label)
        }
        self.labels = labels
    }
}
