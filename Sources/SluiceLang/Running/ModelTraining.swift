import SluiceDisplay
import SluiceData
import SluiceML

/// `train ALGO on TABLE …`: trains a model with live progress, stopping when interrupted.
struct ModelTraining {
    let evaluator: Evaluator

    /// Trains `algorithm` on a table; `quiet` hides its progress (tuning shows its own).
    func trainModel(algorithm: Name, table: Table, target: Name?, recipe: Recipe, settings: [Setting], span: SourceSpan,
                    quiet: Bool) throws(Diagnostic) -> TrainedModel {
        if algorithm.text == "kmeans" {
            return try trainKMeans(table, target: target, recipe: recipe, settings: settings, span: span, quiet: quiet)
        }
        guard let target else {
            throw Diagnostic(.syntax, "`\(algorithm.text)` needs `predicting COLUMN`", span: span, label: "no target",
                             help: "write `train \(algorithm.text) on train_set predicting churn`")
        }
        guard table.column(named: target.text) != nil else { throw evaluator.unknownColumn(target, in: table) }
        if algorithm.text == "linear_learner" {
            return try trainLinear(table, target: target, recipe: recipe, settings: settings, span: span, quiet: quiet)
        }
        let configuration = try TrainingSettings(settings, evaluate: evaluator.evaluate)
        let flag = evaluator.interruptFlag
        var display = TrainingProgress(quiet: quiet)
        do {
            let model = try Training.boostedTrees(
                on: table, target: target.text, recipe: recipe, parameters: configuration.parameters,
                validation: configuration.validation, sluiceVersion: sluiceVersion,
                progress: { update in
                    let finished = update.round + 1 == update.rounds
                    guard display.shouldReport(finished: finished) else { return }
                    var message = "round \(update.round + 1)"
                    if update.record.training.isFinite { message += " · training loss \(formatStatistic(update.record.training))" }
                    if let validation = update.record.validation {
                        message += " · validation \(update.metric.rawValue) \(formatStatistic(validation))"
                    }
                    evaluator.progress(ProgressReport(done: update.round + 1, total: update.rounds, message: message), display.id, finished)
                },
                shouldStop: { flag.isRequested })
            return model
        } catch {
            throw failure(error, span: span)
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

    private func trainLinear(_ table: Table, target: Name, recipe: Recipe, settings: [Setting],
                             span: SourceSpan, quiet: Bool) throws(Diagnostic) -> TrainedModel {
        let configuration = try LinearSettings(settings, evaluate: evaluator.evaluate)
        let flag = evaluator.interruptFlag
        var display = TrainingProgress(quiet: quiet)
        do {
            let model = try Training.linearLearner(
                on: table, target: target.text, recipe: recipe, parameters: configuration.parameters, loss: configuration.loss,
                sluiceVersion: sluiceVersion,
                progress: { done, total in
                    guard display.shouldReport(finished: false) else { return }
                    evaluator.progress(ProgressReport(done: done, total: total, message: "iteration \(done)"), display.id, false)
                },
                shouldStop: { flag.isRequested })
            if !quiet, case .linear(let linear) = model.estimator {
                let total = linear.parameters.optimizer == .lbfgs ? linear.parameters.maxIterations : linear.parameters.epochs
                let state = linear.report.converged ? "converged" : "stopped"
                evaluator.progress(ProgressReport(done: total, total: total, message: "\(state) after \(linear.report.iterations)"), display.id, true)
            }
            return model
        } catch {
            throw failure(error, span: span)
        }
    }

    private func trainKMeans(_ table: Table, target: Name?, recipe: Recipe, settings: [Setting],
                             span: SourceSpan, quiet: Bool) throws(Diagnostic) -> TrainedModel {
        if let target {
            throw Diagnostic(.syntax, "k-means learns without a target", span: target.span, label: "remove `predicting \(target.text)`",
                             help: "drop the column from the table if it should not shape the clusters: `select -[\(target.text)]`")
        }
        let configuration = try KMeansSettings(settings, span: span, rows: table.rowCount, evaluate: evaluator.evaluate)
        let flag = evaluator.interruptFlag
        var display = TrainingProgress(quiet: quiet)
        do {
            let model = try Training.kmeans(
                on: table, recipe: recipe, parameters: configuration.parameters, sluiceVersion: sluiceVersion,
                progress: { done, total in
                    guard display.shouldReport(finished: done == total) else { return }
                    evaluator.progress(ProgressReport(done: done, total: total, message: "initialisation \(done) of \(total)"),
                             display.id, done == total)
                },
                shouldStop: { flag.isRequested })
            return model
        } catch {
            throw failure(error, span: span)
        }
    }
}
