import SluiceData

/// What training reports after each round.
public struct TrainingProgress: Sendable {
    public var round: Int
    public var rounds: Int
    public var record: EvaluationRecord
    public var metric: EvaluationMetric
}

/// Gradient-boosted trees with XGBoost's `hist` semantics: features binned at
/// quantile cut points, trees grown depth by depth from gradient histograms,
/// XGBoost's weights and gains, learned directions for missing values.
public struct GradientBoostedTrees: Sendable {
    public var parameters: BoostingParameters
    /// How the workers of a distributed job sum their gradient histograms; one process alone has nothing to sum.
    public var collective: any Collective

    public init(parameters: BoostingParameters, collective: any Collective = LocalCollective()) {
        self.parameters = parameters
        self.collective = collective
    }

    /// Trains on `features` and `labels` (0/1 for binary:logistic, class
    /// indices for multi:softprob with `classCount` classes, values for
    /// regression). With `validation`, each round logs the watched metric
    /// on it, and `early_stopping_rounds` keeps the best round.
    ///
    /// - Throws: ``ModelError/interrupted`` when `shouldStop` returns true between rounds.
    public func fit(
        features: FeatureMatrix, labels: [Double], objective: BoostingObjective, classCount: Int = 2,
        validation: (features: FeatureMatrix, labels: [Double])? = nil,
        progress: (TrainingProgress) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) throws(ModelError) -> BoostedTreesModel {
        var run = try BoostingRun(parameters: parameters, features: features, labels: labels, objective: objective,
                                  classCount: classCount, validation: validation, collective: collective)
        try run.advance(to: parameters.rounds, progress: progress, shouldStop: shouldStop)
        return run.model()
    }
}
