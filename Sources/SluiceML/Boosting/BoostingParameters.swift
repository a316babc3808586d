/// What boosted trees learn, and how; named and defaulted as XGBoost's
/// parameters (and SageMaker's built-in algorithm).
public enum BoostingObjective: String, Sendable, Codable, CaseIterable {
    case binaryLogistic = "binary:logistic"
    case squaredError = "reg:squarederror"
    case multiSoftprob = "multi:softprob"
}

/// How trees grow.
public enum GrowPolicy: String, Sendable, Codable, CaseIterable {
    /// Level by level, to `max_depth`.
    case depthwise
    /// Always the leaf whose split gains most, to `max_leaves` (and `max_depth` unless 0).
    case lossguide
}

/// The parameters of gradient-boosted trees.
public struct BoostingParameters: Sendable, Codable, Equatable {
    public var rounds = 100
    public var eta = 0.3
    public var maxDepth = 6
    public var growPolicy = GrowPolicy.depthwise
    /// With `lossguide`: at most this many leaves per tree (0: no limit).
    public var maxLeaves = 0
    public var minChildWeight = 1.0
    public var gamma = 0.0
    public var lambda = 1.0
    public var alpha = 0.0
    public var maxDeltaStep = 0.0
    public var subsample = 1.0
    public var colsampleByTree = 1.0
    /// Bins per feature, at most 256 (one byte per value; a feature with missing values uses at most 255).
    public var maxBin = 256
    /// The initial prediction in output space (a probability for `binary:logistic`); estimated from the labels when nil.
    public var baseScore: Double?
    public var seed: UInt64 = 0
    /// Inferred from the target when nil.
    public var objective: BoostingObjective?
    /// Stop when the validation metric has not improved for this many rounds.
    public var earlyStoppingRounds: Int?
    /// The metric logged and watched: logloss, auc, error, rmse, mae, mlogloss, merror (the objective's default when nil).
    public var evalMetric: String?
    /// Cores to use (all when nil).
    public var threads: Int?

    public init() {}

    /// Checks every value's range, naming the parameter that is out of it.
    public func validate() throws(ModelError) {
        func require(_ condition: Bool, _ message: String) throws(ModelError) {
            if !condition { throw .invalidParameter(message) }
        }
        try require(rounds >= 1, "`rounds` must be at least 1")
        try require(eta > 0 && eta <= 1, "`eta` must be in (0, 1]")
        try require(maxDepth >= 0 && maxDepth <= 30, "`max_depth` must be between 0 and 30")
        try require(maxDepth >= 1 || growPolicy == .lossguide, "`max_depth` = 0 (no limit) needs `grow_policy = \"lossguide\"`")
        try require(maxLeaves >= 0, "`max_leaves` must be at least 0")
        try require(maxDepth >= 1 || maxLeaves >= 1, "with no `max_depth`, set `max_leaves`")
        try require(minChildWeight >= 0, "`min_child_weight` must be at least 0")
        try require(gamma >= 0, "`gamma` must be at least 0")
        try require(lambda >= 0, "`lambda` must be at least 0")
        try require(alpha >= 0, "`alpha` must be at least 0")
        try require(maxDeltaStep >= 0, "`max_delta_step` must be at least 0")
        try require(subsample > 0 && subsample <= 1, "`subsample` must be in (0, 1]")
        try require(colsampleByTree > 0 && colsampleByTree <= 1, "`colsample_bytree` must be in (0, 1]")
        try require(maxBin >= 2 && maxBin <= 256, "`max_bin` must be between 2 and 256")
        try require(earlyStoppingRounds.map { $0 >= 1 } ?? true, "`early_stopping_rounds` must be at least 1")
        if let evalMetric { try require(EvaluationMetric(rawValue: evalMetric) != nil, "unknown `eval_metric` \"\(evalMetric)\"") }
        if let baseScore, objective == .binaryLogistic {
            try require(baseScore > 0 && baseScore < 1, "`base_score` must be in (0, 1) for binary:logistic")
        }
    }
}
