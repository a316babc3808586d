/// One round of a training log: the training loss (the objective's metric)
/// and, with a validation table, the watched metric on it.
public struct EvaluationRecord: Sendable, Codable, Equatable {
    public var round: Int
    public var training: Double
    public var validation: Double?
}

/// A trained ensemble of boosted trees.
public struct BoostedTreesModel: Sendable, Codable, Equatable {
    public var objective: BoostingObjective
    public var parameters: BoostingParameters
    public var featureNames: [String]
    /// Outputs per row: 1, or the number of classes for `multi:softprob`.
    public var outputCount: Int
    /// The initial prediction in output space.
    public var baseScore: Double
    /// Trees round by round; each round has `outputCount` trees, one per output.
    public var trees: [RegressionTree]
    /// The metric of the log's validation column.
    public var metric: EvaluationMetric
    public var evaluationLog: [EvaluationRecord]
    /// With early stopping: the round kept (0-based); the trees after it are dropped.
    public var bestRound: Int?

    public var roundCount: Int { trees.count / outputCount }

    /// Raw margins, row-major, `outputCount` wide.
    public func predictMargins(_ features: FeatureMatrix, threads: Int = defaultThreadCount) -> [Double] {
        let function = ObjectiveFunction(objective: objective, outputs: outputCount)
        let base = function.baseMargin(forScore: baseScore)
        let rowCount = features.rowCount
        let margins = SharedBuffer<Double>(repeating: base, count: rowCount * outputCount)
        let blockSize = 4096
        let outputCount = self.outputCount
        let trees = self.trees
        parallelFor((rowCount + blockSize - 1) / blockSize, threads: threads) { block in
            let rows = (block * blockSize)..<min(rowCount, (block + 1) * blockSize)
            var row = [Float](repeating: 0, count: features.columns.count)
            for index in rows {
                for feature in row.indices { row[feature] = features.columns[feature][index] }
                for (number, tree) in trees.enumerated() {
                    let leaf = tree.leaf { row[$0] }
                    margins[index * outputCount + number % outputCount] += Double(tree.splitConditions[leaf])
                }
            }
        }
        return margins.array
    }

    /// Predictions in output space: probabilities (per class for multiclass) or values.
    public func predict(_ features: FeatureMatrix, threads: Int = defaultThreadCount) -> [Double] {
        ObjectiveFunction(objective: objective, outputs: outputCount).transform(predictMargins(features, threads: threads))
    }
}
