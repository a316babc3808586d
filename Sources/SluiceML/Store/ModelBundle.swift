import Foundation
import SluiceData

/// Everything needed to use, explain and watch a trained model: the model
/// (recipe, estimator, input schema, lineage and the training table's
/// profile, the baseline that monitoring compares traffic with) and its
/// training metrics.
public struct ModelBundle: Sendable, Codable, Equatable {
    /// The bundle format, for readers of older bundles.
    public var formatVersion = 1
    public var model: TrainedModel
    /// Final metrics from training, by name (`training loss`, `validation auc`, …).
    public var trainingMetrics: [String: Double]

    public init(model: TrainedModel) {
        self.model = model
        trainingMetrics = [:]
        if case .kmeans(let clusters) = model.estimator { trainingMetrics["inertia"] = clusters.inertia }
        if case .linear(let linear) = model.estimator { trainingMetrics["objective"] = linear.report.objective }
        if case .boostedTrees(let trees) = model.estimator {
            let last = trees.bestRound.map { trees.evaluationLog[$0] } ?? trees.evaluationLog.last
            if let last {
                if last.training.isFinite { trainingMetrics["training loss"] = last.training }
                if let validation = last.validation { trainingMetrics["validation \(trees.metric.rawValue)"] = validation }
            }
        }
    }
}
