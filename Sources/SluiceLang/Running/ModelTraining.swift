import SluiceData
import SluiceDisplay
import SluiceML

/// `train ALGO on TABLE …`: trains a model with live progress, stopping when interrupted.
struct ModelTraining {
    let evaluator: Evaluator

    /// Trains `algorithm` on a table; `quiet` hides its progress (tuning shows its own).
    func trainModel(algorithm: AlgorithmName, table: Table, target: Name?, recipe: Recipe, settings: [Setting], span: SourceSpan,
                    quiet: Bool) throws(Diagnostic) -> TrainedModel {
        try checkTarget(target, of: algorithm, in: table, span: span)
        let configuration = try AlgorithmSettings.configuration(algorithm.algorithm, settings, span: span, rows: table.rowCount,
                                                                evaluate: evaluator.evaluate)
        return try train(configuration, table: table, target: target, recipe: recipe, span: span, quiet: quiet)
    }

    /// Trains a configured algorithm on a table, with progress unless `quiet`.
    func train(_ configuration: AlgorithmConfiguration, table: Table, target: Name?, recipe: Recipe, span: SourceSpan,
               quiet: Bool) throws(Diagnostic) -> TrainedModel {
        let flag = evaluator.interruptFlag
        let progress = evaluator.progress
        var display = TrainingProgress(quiet: quiet)
        do {
            let model = try configuration.train(
                on: table, target: target?.text, recipe: recipe, sluiceVersion: sluiceVersion, collective: evaluator.collective,
                progress: { update in
                    guard let (report, finished) = Self.report(update), display.shouldReport(finished: finished) else { return }
                    progress(report, display.id, finished)
                },
                shouldStop: { flag.isRequested })
            if case .kmeans(let kmeans) = model.estimator, kmeans.clusterSizes.contains(0) {
                let (empty, k) = (kmeans.clusterSizes.filter { $0 == 0 }.count, kmeans.clusterSizes.count)
                evaluator.warn("\(empty) of the \(k) clusters have no rows: the data has fewer than \(k) distinct points "
                               + "(after the recipe); fewer clusters describe it")
            }
            if !quiet, case .linear(let linear) = model.estimator {
                // The last line says what happened: where it converged, or that it ran out of iterations or epochs.
                let done = linear.report.iterations
                let message = switch (linear.parameters.optimizer, linear.report.converged) {
                case (.lbfgs, true): "converged at iteration \(done)"
                case (.lbfgs, false): "stopped at the limit of \(done) iterations without converging"
                case (.adam, _), (.sgd, _): "trained \(done) epochs"
                }
                progress(ProgressReport(done: done, total: done, message: message), display.id, true)
            }
            return model
        } catch {
            throw failure(error, span: span)
        }
    }

    /// A model that learns a target needs `predicting COLUMN`, a column of the table; k-means takes none.
    func checkTarget(_ target: Name?, of algorithm: AlgorithmName, in table: Table, span: SourceSpan) throws(Diagnostic) {
        guard algorithm.algorithm.learnsTarget else {
            if let target {
                throw Diagnostic(.syntax, "k-means learns without a target", span: target.span, label: "remove `predicting \(target.text)`",
                                 help: "drop the column from the table if it should not shape the clusters: `select -[\(target.text)]`")
            }
            return
        }
        guard let target else {
            throw Diagnostic(.syntax, "`\(algorithm.text)` needs `predicting COLUMN`", span: span, label: "no target",
                             help: "write `train \(algorithm.text) on train_set predicting churn`")
        }
        guard table.column(named: target.text) != nil else { throw evaluator.unknownColumn(target, in: table) }
    }

    /// The progress line of a training update, and whether it is the last.
    private static func report(_ update: TrainingUpdate) -> (ProgressReport, finished: Bool)? {
        switch update {
        case .round(let round):
            var message = "round \(round.round + 1)"
            if round.record.training.isFinite { message += " · training loss \(formatStatistic(round.record.training))" }
            if let validation = round.record.validation {
                message += " · validation \(round.metric.rawValue) \(formatStatistic(validation))"
            }
            return (ProgressReport(done: round.round + 1, total: round.rounds, message: message), round.round + 1 == round.rounds)
        case .iteration(let done, let total):
            return (ProgressReport(done: done, total: total, message: "iteration \(done)"), false)
        case .initialisation(let done, let total):
            return (ProgressReport(done: done, total: total, message: "initialisation \(done) of \(total)"), done == total)
        }
    }

    /// The diagnostic for a training that stopped: interrupted, or failed.
    func failure(_ error: any Error, span: SourceSpan) -> Diagnostic {
        if case ModelError.interrupted? = error as? ModelError {
            return Diagnostic(.interrupted, "training interrupted", span: span, label: "stopped here; the session is intact")
        }
        return Diagnostic(.runtime, "cannot train: \(error)", span: span, label: "while training")
    }

    /// The recipe of a `using` clause (an empty one without it).
    func recipe(_ expression: Expression?) throws(Diagnostic) -> Recipe {
        guard let expression else { return Recipe() }
        let value = try evaluator.evaluate(expression)
        guard case .recipe(let recipe) = value else {
            throw Diagnostic(.type, "`using` needs a recipe, not \(valueDescription(value))", span: expression.span,
                             label: "not a recipe")
        }
        return recipe
    }
}
