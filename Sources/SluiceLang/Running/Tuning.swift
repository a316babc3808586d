import Foundation
import SluiceData
import SluiceDisplay
import SluiceML

/// `tune ALGO on TABLE …`: searches parameters with SluiceML's tuner, then refits the best.
struct Tuning {
    let evaluator: Evaluator

    /// Runs `tune`: scores each candidate's model on a hold-out (or with k-fold cross-validation)
    /// of the training table, then refits the best on the whole table.
    func tune(algorithm: Name, table: Table, target: Name?, recipe: Recipe, items: [TuneItem],
              span: SourceSpan) throws(Diagnostic) -> TuningResult {
        let options = try TuneOptions(items, algorithm: algorithm, span: span, evaluate: evaluator.evaluate)
        let task = try tuningTask(algorithm: algorithm, table: table, target: target, options: options, span: span)
        let metric = options.metricName?.text ?? MetricDirection.defaultMetric(for: task)
        guard let metricMaximizes = MetricDirection.maximizes(metric, task: task) else {
            throw Diagnostic(.name, "`\(metric)` is not a metric of \(task.name)", span: options.metricName?.span ?? span,
                             label: "not a metric here",
                             help: didYouMean(metric, among: MetricDirection.names(for: task))
                                 ?? "metrics: " + MetricDirection.names(for: task).joined(separator: ", "))
        }
        let maximize = options.maximize ?? metricMaximizes
        let parts = try validationParts(table, target: target, folds: options.folds, seed: options.seed, span: span)
        var tuner = Tuner(ranges: options.ranges.map { ($0.name.text, $0.range) }, strategy: options.strategy,
                          trials: options.trials, seed: options.seed, maximize: maximize)
        tuner.parallel = options.parallel
        tuner.stopsByMedian = options.stopsByMedian
        let start = try trialStarter(algorithm: algorithm, target: target, recipe: recipe, parts: parts, metric: metric,
                                     fixed: options.fixed, span: span)
        let flag = evaluator.interruptFlag
        let progressID = "tune-\(UUID().uuidString)"
        var bestSoFar: Double?
        var reported = 0
        let finished: [TuningTrial]
        do {
            finished = try tuner.run(
                start: start, shouldStop: { flag.isRequested },
                progress: { trial, planned in
                    var message = "trial \(trial.number) · \(metric) \(formatStatistic(trial.value))"
                    if let round = trial.stoppedAt {
                        message += " (stopped at round \(round))"
                    } else if bestSoFar == nil || (maximize ? trial.value > bestSoFar! : trial.value < bestSoFar!) {
                        bestSoFar = trial.value
                    }
                    if let bestSoFar { message += " · best \(formatStatistic(bestSoFar))" }
                    reported += 1
                    evaluator.progress(ProgressReport(done: reported, total: planned, message: message), progressID, false)
                })
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw evaluator.training.failure(error, span: span)
        }
        evaluator.progress(ProgressReport(done: finished.count, total: finished.count, message: "\(finished.count) trials · best \(bestSoFar.map(formatStatistic) ?? "none")"),
                 progressID, true)
        guard let best = tuner.best(of: finished) else {
            throw Diagnostic(.interrupted, "tuning interrupted before any trial finished", span: span, label: "stopped here")
        }
        // An interrupted search still refits its best (a second interrupt stops that); the request is
        // restored afterwards so the rest of the cell does not run.
        let interrupted = flag.isRequested
        flag.clear()
        defer { if interrupted { flag.request() } }
        let bestSettings = options.fixed + best.parameters.sorted { $0.key < $1.key }.map { literalSetting($0.key, $0.value, span: span) }
        let model = try evaluator.training.trainModel(algorithm: algorithm, table: table, target: target, recipe: recipe, settings: bestSettings,
                                   span: span, quiet: false)
        return TuningResult(model: model, trials: finished, best: best, metric: metric, maximize: maximize,
                            strategy: options.strategy,
                            validation: options.folds.map { "\($0)-fold cross-validation" } ?? "a 20% hold-out",
                            planned: tuner.candidates().count, searched: options.ranges.map(\.name.text))
    }

    /// The task the tuned models learn, known before any training so the metric can be checked.
    private func tuningTask(algorithm: Name, table: Table, target: Name?, options: TuneOptions,
                            span: SourceSpan) throws(Diagnostic) -> ModelTask {
        if algorithm.text == "kmeans" {
            if let target {
                throw Diagnostic(.syntax, "k-means learns without a target", span: target.span, label: "remove `predicting \(target.text)`")
            }
            return .clustering(k: 0)
        }
        guard let target else {
            throw Diagnostic(.syntax, "`\(algorithm.text)` needs `predicting COLUMN`", span: span, label: "no target",
                             help: "write `tune \(algorithm.text) on train_set predicting churn { … }`")
        }
        guard table.column(named: target.text) != nil else { throw evaluator.unknownColumn(target, in: table) }
        let objective: BoostingObjective? = algorithm.text == "xgboost"
            ? try TrainingSettings(options.fixed, evaluate: evaluator.evaluate).parameters.objective
            : try LinearSettings(options.fixed, evaluate: evaluator.evaluate).loss?.objective
        do {
            return try Training.task(predicting: target.text, in: table, objective: objective)
        } catch {
            throw Diagnostic(.type, "\(error)", span: target.span, label: "cannot learn this target")
        }
    }

    /// The (train, validate) parts trials are scored on: a stratified 20% hold-out, or k folds.
    private func validationParts(_ table: Table, target: Name?, folds: Int?, seed: UInt64,
                                 span: SourceSpan) throws(Diagnostic) -> [(train: Table, validate: Table)] {
        let stratify = target.flatMap { table.column(named: $0.text) }.flatMap { $0.kind.isNumeric ? nil : $0.name }
        do {
            if let folds { return try foldParts(table, folds: folds, stratify: stratify, seed: seed) }
            let (train, validate) = try table.split(fraction: 0.8, stratify: stratify, seed: seed)
            return [(train, validate)]
        } catch {
            throw Diagnostic(.runtime, "\(error)", span: span, label: "while splitting")
        }
    }

    /// How the tuner sets up one candidate: boosted trees share their prepared parts between trials and
    /// train round by round; the linear learner and k-means train and score each part at once.
    private func trialStarter(algorithm: Name, target: Name?, recipe: Recipe, parts: [(train: Table, validate: Table)],
                              metric: String, fixed: [Setting],
                              span: SourceSpan) throws(Diagnostic) -> ([String: TuningValue], Int) throws -> any TrialRun {
        let flag = evaluator.interruptFlag
        let version = sluiceVersion
        func settings(_ parameters: [String: TuningValue]) -> [Setting] {
            fixed + parameters.sorted { $0.key < $1.key }.map { literalSetting($0.key, $0.value, span: span) }
        }
        switch algorithm.text {
        case "xgboost":
            let trials = BoostingTrials(parts: parts, target: target!.text, recipe: recipe, metric: metric)
            return { parameters, threads in
                var configuration = try TrainingSettings(settings(parameters), evaluate: evaluator.evaluate)
                if configuration.parameters.threads == nil { configuration.parameters.threads = threads }
                return try trials.start(configuration.parameters, shouldStop: { flag.isRequested })
            }
        case "linear_learner":
            return { parameters, threads in
                var configuration = try LinearSettings(settings(parameters), evaluate: evaluator.evaluate)
                if configuration.parameters.threads == nil { configuration.parameters.threads = threads }
                let (chosen, loss) = (configuration.parameters, configuration.loss)
                return ComputedTrialRun {
                    try parts.map { train, validate in
                        let model = try Training.linearLearner(on: train, target: target!.text, recipe: recipe, parameters: chosen,
                                                               loss: loss, sluiceVersion: version, shouldStop: { flag.isRequested })
                        return try model.evaluate(on: validate).metric(metric)!
                    }
                }
            }
        default:
            return { parameters, threads in
                var configuration = try KMeansSettings(settings(parameters), span: span, rows: parts[0].train.rowCount,
                                                       evaluate: evaluator.evaluate)
                if configuration.parameters.threads == nil { configuration.parameters.threads = threads }
                let chosen = configuration.parameters
                return ComputedTrialRun {
                    try parts.map { train, validate in
                        let model = try Training.kmeans(on: train, recipe: recipe, parameters: chosen, sluiceVersion: version,
                                                        shouldStop: { flag.isRequested })
                        return try model.evaluate(on: validate).metric(metric)!
                    }
                }
            }
        }
    }

    private func literalSetting(_ name: String, _ value: TuningValue, span: SourceSpan) -> Setting {
        let kind: Expression.Kind = switch value {
        case .number(let x): .number(x)
        case .text(let s): .string(s)
        }
        return Setting(name: Name(text: name, span: span), value: Expression(kind: kind, span: span))
    }

    /// k (train, validate) pairs: each row validates once; stratified keeps class shares per fold.
    private func foldParts(_ table: Table, folds: Int, stratify: String?, seed: UInt64) throws -> [(train: Table, validate: Table)] {
        var generator = SeededGenerator(seed: seed)
        var foldOfRow = [Int](repeating: 0, count: table.rowCount)
        let groups: [[Int]]
        if let stratify, let column = table.column(named: stratify) {
            var byValue: [String: [Int]] = [:]
            for row in 0..<table.rowCount { byValue[column.formattedValue(at: row) ?? "\u{0}", default: []].append(row) }
            groups = byValue.keys.sorted().map { byValue[$0]! }
        } else {
            groups = [Array(0..<table.rowCount)]
        }
        var offset = 0
        for group in groups {
            for (position, index) in generator.permutation(of: group.count).enumerated() {
                foldOfRow[group[index]] = (position + offset) % folds
            }
            offset += group.count
        }
        return (0..<folds).map { fold in
            (table.gathering((0..<table.rowCount).filter { foldOfRow[$0] != fold }),
             table.gathering((0..<table.rowCount).filter { foldOfRow[$0] == fold }))
        }
    }
}
