import SluiceData

/// What tuning boosted trees shares between trials: each validation part's
/// features prepared once (the recipe fitted on its training rows, the
/// target encoded) and binned once per `max_bin`, so a trial only grows trees.
/// Used from the tuner's own thread; the runs it starts may advance on others.
public final class BoostingTrials {
    private struct Part {
        let features: FeatureMatrix
        let labels: [Double]
        let validationFeatures: FeatureMatrix
        let validationLabels: [Double]
        var binned: [Int: BinnedFeatures] = [:]
    }

    private let parts: [(train: Table, validate: Table)]
    private let target: String
    private let recipe: Recipe
    private let metric: String?
    private var prepared: [BoostingObjective?: (task: ModelTask, parts: [Part])] = [:]

    /// Trials train on each part's `train` table and are scored on its `validate` table with `metric`
    /// (the task's default when nil).
    public init(parts: [(train: Table, validate: Table)], target: String, recipe: Recipe, metric: String?) {
        self.parts = parts
        self.target = target
        self.recipe = recipe
        self.metric = metric
    }

    /// The task the target implies (or `objective` forces), from the first part's training rows.
    public func task(objective: BoostingObjective?) throws -> ModelTask {
        try prepare(objective).task
    }

    /// A run of boosted trees with `parameters` on every part, not yet trained.
    /// `shouldStop` is asked between rounds; when it answers true, advancing throws ``ModelError/interrupted``.
    public func start(_ parameters: BoostingParameters, shouldStop: @escaping @Sendable () -> Bool) throws -> any TrialRun {
        try parameters.validate()
        let (task, preparedParts) = try prepare(parameters.objective)
        let objective = Training.objectiveFor(task)
        let classCount = if case .multiclassClassification(let classes) = task { classes.count } else { 2 }
        var runs: [BoostingRun] = []
        for index in preparedParts.indices {
            let threads = parameters.threads ?? defaultThreadCount
            if prepared[parameters.objective]!.parts[index].binned[parameters.maxBin] == nil {
                prepared[parameters.objective]!.parts[index].binned[parameters.maxBin] =
                    BinnedFeatures(preparedParts[index].features, maxBins: parameters.maxBin, threads: threads)
            }
            let part = prepared[parameters.objective]!.parts[index]
            runs.append(try BoostingRun(parameters: parameters, features: part.features, labels: part.labels, objective: objective,
                                        classCount: classCount, validation: (part.validationFeatures, part.validationLabels),
                                        binned: part.binned[parameters.maxBin], keepsEvaluationLog: false))
        }
        return BoostingTrialRun(runs: runs, scorer: PredictionScorer(metric: metric ?? MetricDirection.defaultMetric(for: task), task: task),
                                shouldStop: shouldStop)
    }

    private func prepare(_ objective: BoostingObjective?) throws -> (task: ModelTask, parts: [Part]) {
        if let done = prepared[objective] { return done }
        var task: ModelTask?
        var built: [Part] = []
        for (train, validate) in parts {
            guard let column = train.column(named: target), let validationColumn = validate.column(named: target) else {
                throw ModelError.missingFeature(target)
            }
            let encoding = try TargetEncoding(column: column, objective: objective)
            let partTask = task ?? encoding.task
            task = partTask
            let (fitted, features) = try Training.prepareFeatures(try train.dropping([target]), recipe: recipe)
            let validationFeatures = try FeatureMatrix(table: try fitted.apply(to: try validate.dropping([target])), names: features.names)
            built.append(Part(features: features, labels: try TargetEncoding(column: column, task: partTask).labels,
                              validationFeatures: validationFeatures,
                              validationLabels: try TargetEncoding(column: validationColumn, task: partTask).labels))
        }
        guard let task else { throw ModelError.emptyTrainingSet }
        prepared[objective] = (task, built)
        return (task, built)
    }
}

/// Boosted trees on every validation part, advanced round by round together and scored after each advance.
///
/// `@unchecked Sendable`: the tuner advances a run from one task at a time.
final class BoostingTrialRun: TrialRun, @unchecked Sendable {
    private var runs: [BoostingRun]
    private let scorer: PredictionScorer
    private let shouldStop: @Sendable () -> Bool

    init(runs: [BoostingRun], scorer: PredictionScorer, shouldStop: @escaping @Sendable () -> Bool) {
        self.runs = runs
        self.scorer = scorer
        self.shouldStop = shouldStop
    }

    var fullResource: Int { runs[0].parameters.rounds }

    func advance(to resource: Int) throws -> [Double] {
        var values: [Double] = []
        for index in runs.indices {
            try runs[index].advance(to: resource, shouldStop: shouldStop)
            values.append(scorer.score(runs[index].validationPredictions, labels: runs[index].validation!.labels))
        }
        return values
    }
}
