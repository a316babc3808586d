import SluiceData

/// The built-in algorithms, named as SageMaker names them. Each knows its parameters (names, defaults and
/// checks), whether it learns a target, how to train, and how to set up a tuning trial; the language,
/// completion, help and tuning read it.
public enum Algorithm: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case xgboost
    case kmeans
    case linearLearner = "linear_learner"

    /// The name a program writes.
    public var name: String { rawValue }

    public var description: String { rawValue }

    /// The names of its `{ }` parameters, in the order its help lists them.
    public var parameterNames: [String] {
        switch self {
        case .xgboost: BoostingParameters.names
        case .linearLearner: LinearParameters.names
        case .kmeans: KMeansParameters.names
        }
    }

    /// Whether it learns to predict a target column (k-means does not).
    public var learnsTarget: Bool { self != .kmeans }

    /// Whether it trains in boosting rounds, which Hyperband and the median stopping rule share out.
    public var trainsInRounds: Bool { self == .xgboost }

    /// Its parameters read from `settings` and checked, for training on `rows` rows.
    public func configuration(_ settings: [ParameterSetting], rows: Int = .max) throws(ParameterError) -> AlgorithmConfiguration {
        switch self {
        case .xgboost: try BoostingParameters.configured(by: settings)
        case .linearLearner: try LinearParameters.configured(by: settings)
        case .kmeans: try KMeansParameters.configured(by: settings, rows: rows)
        }
    }

    /// The task a model of this algorithm learns on `table`: clustering, or what the target's values imply
    /// (binary, multiclass, regression) unless `settings` force an objective.
    public func task(predicting target: String?, in table: Table, settings: [ParameterSetting]) throws -> ModelTask {
        guard learnsTarget, let target else { return .clustering(k: 0) }
        return try Training.task(predicting: target, in: table, objective: try configuration(settings).objective)
    }
}

/// How a model reports progress while it trains.
public enum TrainingUpdate: Sendable {
    /// Boosting finished a round.
    case round(TrainingProgress)
    /// The linear learner finished an iteration (or epoch) of at most `total`.
    case iteration(done: Int, total: Int)
    /// k-means finished an initialisation of `total`.
    case initialisation(done: Int, total: Int)
}

extension AlgorithmConfiguration {
    /// Trains a model predicting `target` (nil for clustering) on `table` after `recipe`.
    public func train(on table: Table, target: String?, recipe: Recipe, sluiceVersion: String, collective: any Collective = LocalCollective(),
                      layout: RowLayout = .replicated, progress: @escaping (TrainingUpdate) -> Void = { _ in }, shouldStop: @escaping () -> Bool = { false }) throws -> TrainedModel {
        switch self {
        case .boostedTrees(let parameters, let validation):
            return try Training.boostedTrees(on: table, target: target ?? "", recipe: recipe, parameters: parameters, validation: validation,
                                             sluiceVersion: sluiceVersion, collective: collective, layout: layout, progress: { progress(.round($0)) }, shouldStop: shouldStop)
        case .linear(let parameters, let loss):
            return try Training.linearLearner(on: table, target: target ?? "", recipe: recipe, parameters: parameters, loss: loss,
                                              sluiceVersion: sluiceVersion, collective: collective, layout: layout, progress: { progress(.iteration(done: $0, total: $1)) },
                                              shouldStop: shouldStop)
        case .kmeans(let parameters):
            return try Training.kmeans(on: table, recipe: recipe, parameters: parameters, sluiceVersion: sluiceVersion,
                                       collective: collective, layout: layout, progress: { progress(.initialisation(done: $0, total: $1)) }, shouldStop: shouldStop)
        }
    }
}
