/// What a model measured of itself while it trained, by the names runs record: `training_logloss` and
/// `validation_auc` for boosted trees (the round kept), `training_objective` for the linear learner,
/// `training_inertia` for k-means.
extension TrainedModel {
    public var trainingMetrics: [String: Double] {
        var metrics: [String: Double] = [:]
        for (name, values) in trainingHistory {
            if let last = values.last { metrics[name] = last }
        }
        switch estimator {
        case .boostedTrees: break
        case .linear(let linear): metrics["training_objective"] = linear.report.objective
        case .kmeans(let clusters): metrics["training_inertia"] = clusters.inertia
        }
        return metrics
    }

    /// The boosted trees' metric after each round up to the one kept, on the training rows and on the
    /// validation table when there was one (empty for other models).
    public var trainingHistory: [(name: String, values: [Double])] {
        guard case .boostedTrees(let trees) = estimator else { return [] }
        let kept = trees.evaluationLog.prefix(trees.bestRound.map { $0 + 1 } ?? trees.evaluationLog.count)
        var history: [(name: String, values: [Double])] = []
        let training = kept.map(\.training)
        if !training.isEmpty, training.allSatisfy(\.isFinite) { history.append(("training_" + trees.metric.rawValue, training)) }
        let validation = kept.compactMap(\.validation)
        if !validation.isEmpty, validation.count == kept.count { history.append(("validation_" + trees.metric.rawValue, validation)) }
        return history
    }
}
