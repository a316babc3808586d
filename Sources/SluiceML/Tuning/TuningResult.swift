/// What tuning found: every trial, and the best parameters refitted on the whole training table.
public struct TuningResult: Sendable, Equatable {
    /// The best parameters' model, trained on the whole training table.
    public var model: TrainedModel
    public var trials: [TuningTrial]
    public var best: TuningTrial
    public var metric: String
    public var maximize: Bool
    public var strategy: SearchStrategy
    /// How trials were scored: `a 20% hold-out` or `5-fold cross-validation`.
    public var validation: String
    /// Trials planned; fewer ran when interrupted.
    public var planned: Int
    /// Parameters searched, in order.
    public var searched: [String]

    public init(model: TrainedModel, trials: [TuningTrial], best: TuningTrial, metric: String, maximize: Bool,
                strategy: SearchStrategy, validation: String, planned: Int, searched: [String]) {
        self.model = model
        self.trials = trials
        self.best = best
        self.metric = metric
        self.maximize = maximize
        self.strategy = strategy
        self.validation = validation
        self.planned = planned
        self.searched = searched
    }
}
