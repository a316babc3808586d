/// How much each feature matters to a model.
public struct FeatureImportance: Sendable, Equatable {
    public var feature: String
    /// Boosted trees: the average loss change of the splits on the feature (XGBoost's "gain").
    /// Linear models: |weight| × the feature's standard deviation (summed over outputs).
    public var gain: Double
    /// Boosted trees: the summed loss change ("total_gain"); linear models: as `gain`.
    public var totalGain: Double
    /// Boosted trees: how many splits use the feature; linear models: 0.
    public var splits: Int
    /// The feature's share of the summed total gain.
    public var share: Double
}

extension TrainedModel {
    /// Each feature's importance, most important (by total gain) first. Features a tree never splits on are left out.
    public func importance() throws -> [FeatureImportance] {
        var totals = [Double](repeating: 0, count: featureNames.count)
        var counts = [Int](repeating: 0, count: featureNames.count)
        switch estimator {
        case .boostedTrees(let model):
            for tree in model.trees {
                for node in 0..<tree.nodeCount where !tree.isLeaf(node) {
                    totals[Int(tree.splitFeatures[node])] += Double(tree.lossChanges[node])
                    counts[Int(tree.splitFeatures[node])] += 1
                }
            }
        case .linear(let model):
            for weights in model.weights {
                for (feature, weight) in weights.enumerated() { totals[feature] += abs(weight) * model.featureDeviations[feature] }
            }
        case .kmeans:
            throw ModelError.invalidParameter("importance is for models that predict a target; k-means has none")
        }
        let sum = totals.reduce(0, +)
        let isTrees: Bool = if case .boostedTrees = estimator { true } else { false }
        return featureNames.indices
            .filter { !isTrees || counts[$0] > 0 }
            .map { index in
                FeatureImportance(feature: featureNames[index],
                                  gain: isTrees ? totals[index] / Double(counts[index]) : totals[index],
                                  totalGain: totals[index], splits: counts[index], share: sum > 0 ? totals[index] / sum : 0)
            }
            .sorted { $0.totalGain != $1.totalGain ? $0.totalGain > $1.totalGain : $0.feature < $1.feature }
    }
}
