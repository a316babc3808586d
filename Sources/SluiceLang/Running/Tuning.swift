import Foundation
import SluiceData
import SluiceDisplay
import SluiceML

/// `tune ALGO on TABLE …`: searches parameters with SluiceML's tuner, then refits the best.
struct Tuning {
    let evaluator: Evaluator

    /// Runs `tune`: scores each candidate's model on a hold-out (or with k-fold cross-validation)
    /// of the training table, then refits the best on the whole table.
    func tune(algorithm: AlgorithmName, table: Table, data: Expression, target: Name?, recipe: Recipe, items: [TuneItem],
              span: SourceSpan) throws(Diagnostic) -> TuningResult {
        let started = Date()
        let options = try TuneOptions(items, algorithm: algorithm, span: span, evaluate: evaluator.evaluate)
        try evaluator.training.checkTarget(target, of: algorithm, in: table, span: span)
        let fixed = try AlgorithmSettings.parameterSettings(options.fixed, evaluate: evaluator.evaluate)
        func diagnostic(_ error: ParameterError) -> Diagnostic {
            AlgorithmSettings.diagnostic(error, algorithm: algorithm.algorithm, settings: options.fixed, span: span)
        }
        let task: ModelTask
        do {
            task = try algorithm.algorithm.task(predicting: target?.text, in: table, settings: fixed)
        } catch let error as ParameterError {
            throw diagnostic(error)
        } catch {
            throw Diagnostic(.type, "\(error)", span: target?.span ?? span, label: "cannot learn this target")
        }
        let metric = options.metricName?.text ?? MetricDirection.defaultMetric(for: task)
        guard let metricMaximizes = MetricDirection.maximizes(metric, task: task) else {
            throw Diagnostic(.name, "`\(metric)` is not a metric of \(task.name)", span: options.metricName?.span ?? span,
                             label: "not a metric here",
                             help: didYouMean(metric, among: MetricDirection.names(for: task))
                                 ?? "metrics: " + MetricDirection.names(for: task).joined(separator: ", "))
        }
        let maximize = options.maximize ?? metricMaximizes
        if let folds = options.folds, folds > table.rowCount {
            throw Diagnostic(.runtime, "`folds \(folds)` needs at least \(folds) rows; the table has \(formatCount(table.rowCount))",
                             span: span, label: "too few rows to fold")
        }
        let parts: [ValidationPart]
        do {
            parts = try ValidationPart.parts(of: table, target: target?.text, folds: options.folds, seed: options.seed)
        } catch {
            throw Diagnostic(.runtime, "\(error)", span: span, label: "while splitting")
        }
        var tuner = Tuner(ranges: options.ranges.map { ($0.name.text, $0.range) }, strategy: options.strategy,
                          trials: options.trials, seed: options.seed, maximize: maximize)
        tuner.parallel = options.parallel
        tuner.stopsByMedian = options.stopsByMedian
        let setup = TrialSetup(algorithm: algorithm.algorithm, parts: parts, target: target?.text, recipe: recipe, metric: metric,
                               fixed: fixed, sluiceVersion: sluiceVersion)
        let flag = evaluator.interruptFlag
        let progressID = "tune-\(UUID().uuidString)"
        var bestSoFar: Double?
        var reported = 0
        var planned = tuner.candidates().count
        let finished: [TuningTrial]
        do {
            finished = try tuner.run(
                start: setup.starter(shouldStop: { flag.isRequested }), shouldStop: { flag.isRequested },
                progress: { trial, plannedNow in
                    planned = plannedNow
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
        } catch let error as ParameterError {
            throw diagnostic(error)
        } catch {
            throw evaluator.training.failure(error, span: span)
        }
        // The last line says how the search ended: all its trials, or interrupted part of the way.
        let outcome = flag.isRequested ? "interrupted after \(finished.count) of \(planned) trials" : "\(finished.count) trials"
        evaluator.progress(ProgressReport(done: finished.count, total: flag.isRequested ? planned : finished.count,
                                          message: "\(outcome) · best \(bestSoFar.map(formatStatistic) ?? "none")"),
                           progressID, true)
        guard let best = tuner.best(of: finished) else {
            throw Diagnostic(.interrupted, "tuning interrupted before any trial finished", span: span, label: "stopped here")
        }
        // An interrupted search still refits its best (a second interrupt stops that); the request is
        // restored afterwards so the rest of the cell does not run.
        let interrupted = flag.isRequested
        flag.clear()
        defer { if interrupted { flag.request() } }
        let configuration: AlgorithmConfiguration
        do {
            configuration = try algorithm.algorithm.configuration(setup.settings(best.parameters), rows: table.rowCount)
        } catch {
            throw diagnostic(error)
        }
        var model = try evaluator.training.train(configuration, table: table, target: target, recipe: recipe, span: span, quiet: false)
        let validation = options.folds.map { "\($0)-fold cross-validation" } ?? "a 20% hold-out"
        model.heldOut = HeldOutScore(metric: metric, value: best.value, spread: options.folds == nil ? nil : best.standardDeviation,
                                     method: options.folds.map { "the search's \($0)-fold cross-validation" } ?? "the search's 20% hold-out")
        let result = TuningResult(model: model, trials: finished, best: best, metric: metric, maximize: maximize,
                                  strategy: options.strategy, validation: validation,
                                  planned: tuner.candidates().count, searched: options.ranges.map(\.name.text))
        return evaluator.recording.tuned(result, setup: setup, started: started, recipe: recipe, data: data, folds: options.folds != nil)
    }
}
