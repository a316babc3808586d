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
    /// Whether every worker holds all the rows or its own shard.
    public var layout: RowLayout

    public init(parameters: BoostingParameters, collective: any Collective = LocalCollective(), layout: RowLayout = .replicated) {
        self.parameters = parameters
        self.collective = collective
        self.layout = layout
    }

    /// Trains on `features` and `labels` (0/1 for binary:logistic, class
    /// indices for multi:softprob with `classCount` classes, values for
    /// regression). With `validation`, each round logs the watched metric
    /// on it, and `early_stopping_rounds` keeps the best round.
    ///
    /// With a collective of several workers, each holding all the rows (`mpirun -np N sluice run`), the
    /// cuts and the base score come from all of them and each worker grows the trees from its own block
    /// of rows ( ``Collective/block(of:)``): the model is the one a single process grows, bit for bit.
    /// With ``RowLayout/sharded`` each worker's `features` and `labels` are its shard; the cuts come from
    /// every shard's sample (the whole table's cuts when it is within the sample limit).
    ///
    /// - Throws: ``ModelError/interrupted`` when `shouldStop` returns true between rounds.
    public func fit(
        features: FeatureMatrix, labels: [Double], objective: BoostingObjective, classCount: Int = 2,
        validation: (features: FeatureMatrix, labels: [Double])? = nil,
        progress: (TrainingProgress) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) throws(ModelError) -> BoostedTreesModel {
        var run: BoostingRun
        if collective.size > 1, layout == .sharded {
            // Cuts from every shard's sample; the base score from every shard's labels.
            let threads = parameters.threads ?? defaultThreadCount
            let function = ObjectiveFunction(objective: objective, outputs: objective == .multiSoftprob ? classCount : 1)
            let cuts = QuantileCuts(features: features, maxBins: parameters.maxBin, threads: threads, collective: collective)
            let share = collective.shardPosition(count: features.rowCount)
            let totals = PooledStatistics(collective: collective).sums([labels.reduce(0, +), Double(labels.count)])
            run = try BoostingRun(parameters: parameters, features: features, labels: labels, objective: objective,
                                  classCount: classCount, validation: validation,
                                  binned: BinnedFeatures(features, cuts: cuts, threads: threads), collective: collective, share: share,
                                  baseScore: function.baseScore(mean: totals[0] / max(totals[1], 1), given: parameters.baseScore))
        } else if collective.size > 1 {
            try parameters.validate()
            let threads = parameters.threads ?? defaultThreadCount
            let block = collective.block(of: features.rowCount)
            let mine = features.rows(block)
            let function = ObjectiveFunction(objective: objective, outputs: objective == .multiSoftprob ? classCount : 1)
            let cuts = QuantileCuts(features: features, maxBins: parameters.maxBin, threads: threads)
            run = try BoostingRun(parameters: parameters, features: mine, labels: Array(labels[block]), objective: objective,
                                  classCount: classCount, validation: validation,
                                  binned: BinnedFeatures(mine, cuts: cuts, threads: threads), collective: collective,
                                  share: RowShare(offset: block.lowerBound, total: features.rowCount),
                                  baseScore: function.baseScore(labels: labels, given: parameters.baseScore))
        } else {
            run = try BoostingRun(parameters: parameters, features: features, labels: labels, objective: objective,
                                  classCount: classCount, validation: validation, collective: collective)
        }
        try run.advance(to: parameters.rounds, progress: progress, shouldStop: shouldStop)
        return run.model()
    }
}
