import Foundation
import SluiceData
import SluiceDisplay
import SluiceML
import SluiceTracking

/// What `train`, `tune`, `crossvalidate` and `evaluate` record of their runs: the statement, its data,
/// every parameter and the metrics. The session's ``RunRecorder`` writes them to the store's run log; a
/// job's ranks other than 0 record nothing (rank 0 speaks for the job).
struct RunRecording {
    let evaluator: Evaluator

    private var recorder: RunRecorder { evaluator.recorder }
    private var records: Bool { evaluator.collective.rank == 0 }

    /// A trained model's run; returns the model with its run id.
    func trained(_ model: TrainedModel, started: Date, settings: [Setting], recipe: Recipe, data: Expression) -> TrainedModel {
        guard records else { return model }
        return recorder.timed {
            var run = recorder.run(.train, started: started)
            describe(&run, model: model, recipe: recipe, data: data)
            run.given = settings.map(\.name.text).filter { run.parameters[$0] != nil }
            run.metrics = model.trainingMetrics
            write([run], model: model)
            var linked = model
            linked.runID = run.id
            return linked
        }
    }

    /// A tuning's run and a child run for each trial; returns the result with its model's run id.
    func tuned(_ result: TuningResult, setup: TrialSetup, started: Date, recipe: Recipe, data: Expression, folds: Bool) -> TuningResult {
        guard records else { return result }
        return recorder.timed {
            let given = setup.fixed.map(\.name).filter { setup.algorithm.parameterNames.contains($0) } + result.searched
            var trials: [RunRecord] = []
            for trial in result.trials {
                var child = recorder.run(.trial, started: started)
                child.seconds = trial.seconds
                child.parameters = (try? setup.algorithm.configuration(setup.settings(trial.parameters)).parameterTexts)
                    ?? trial.parameters.mapValues(\.description)
                child.given = given
                child.metrics = Self.searchMetrics(result.metric, trial.partValues, folds: folds)
                if let round = trial.stoppedAt { child.metrics["stopped_at_round"] = Double(round) }
                trials.append(child)
            }
            // The tuning's id is taken after its trials': listed latest first, it comes before them.
            var run = recorder.run(.tune, started: started)
            describe(&run, model: result.model, recipe: recipe, data: data)
            run.given = given
            // The search's score of the chosen parameters, and what the model refitted with them measured while it trained.
            run.metrics = result.model.trainingMetrics.merging(Self.searchMetrics(result.metric, result.best.partValues, folds: folds)) { $1 }
            for index in trials.indices {
                trials[index].parent = run.id
                trials[index].algorithm = run.algorithm
                trials[index].target = run.target
                trials[index].recipe = run.recipe
                trials[index].data = run.data
            }
            write(trials + [run], model: result.model)
            var linked = result
            linked.model.runID = run.id
            return linked
        }
    }

    /// A cross-validation's run: each metric's mean over the folds and its standard deviation (`auc`, `auc_std`).
    func crossValidated(_ validation: CrossValidation, configuration: AlgorithmConfiguration, settings: [Setting], started: Date,
                        recipe: Recipe, table: Table, data: Expression) {
        guard records else { return }
        return recorder.timed {
            var run = recorder.run(.crossvalidate, started: started)
            run.algorithm = validation.algorithm.name
            run.target = validation.target
            run.parameters = configuration.parameterTexts
            run.parameters["folds"] = String(validation.folds.count)
            run.given = settings.map(\.name.text).filter { run.parameters[$0] != nil } + ["folds"]
            run.recipe = RecipeRenderer().pipeline(recipe)
            run.data = runData(data, fingerprint: Training.fingerprint(table), rows: table.rowCount, columns: table.columnCount)
            for (metric, mean, deviation) in validation.summary {
                run.metrics[metric] = mean
                run.metrics[metric + "_std"] = deviation
            }
            write([run])
        }
    }

    /// An evaluation's runs: one per model, with its metrics on the table.
    func evaluated(_ comparison: ModelComparison, models: [TrainedModel], started: Date, table: Table, data: Expression) {
        guard records else { return }
        return recorder.timed {
            let data = runData(data, fingerprint: Training.fingerprint(table), rows: table.rowCount, columns: table.columnCount)
            let runs = zip(comparison.entries, models).map { entry, model in
                var run = recorder.run(.evaluate, started: started)
                run.algorithm = model.algorithm.name
                run.models = [entry.name]
                run.target = model.target
                run.parent = model.runID
                run.data = data
                for name in entry.evaluation.metricNames {
                    if let value = entry.evaluation.metric(name), value.isFinite { run.metrics[name] = value }
                }
                return run
            }
            write(runs)
        }
    }

    /// Where the value of `expression` came from when it is a table: the file or URI a `load` (or a
    /// bound name's `load`) read, through any steps after it.
    func source(of expression: Expression) -> String? {
        switch expression.kind {
        case .load(let path, _): location(path)
        case .string: location(expression)
        case .name(let bound): recorder.source(of: bound)
        case .pipe(let source, _, _): self.source(of: source)
        default: nil
        }
    }

    /// The full location (an absolute path or a URI) that a path written in quotes names (a path computed
    /// otherwise is not computed again: it may ask for input).
    private func location(_ path: Expression) -> String? {
        guard case .string(let text) = path.kind else { return nil }
        return try? evaluator.location(text, span: path.span).description
    }

    private func describe(_ run: inout RunRecord, model: TrainedModel, recipe: Recipe, data: Expression) {
        run.algorithm = model.algorithm.name
        run.target = model.target
        run.parameters = model.parameterTexts
        run.recipe = RecipeRenderer().pipeline(recipe)
        run.data = runData(data, fingerprint: model.lineage.dataFingerprint, rows: model.lineage.trainingRows,
                           columns: model.inputSchema.count + (model.target == nil ? 0 : 1))
    }

    private func runData(_ expression: Expression, fingerprint: String, rows: Int, columns: Int) -> RunData {
        let name: String? = if case .name(let bound) = expression.kind { bound } else { nil }
        return RunData(source: source(of: expression), table: name, fingerprint: fingerprint, rows: rows, columns: columns)
    }

    /// A search's score on its validation parts: the mean as the metric, the deviation over folds as `_std`.
    private static func searchMetrics(_ metric: String, _ values: [Double], folds: Bool) -> [String: Double] {
        let (mean, deviation) = Metrics.meanAndDeviation(values)
        return folds ? [metric: mean, metric + "_std": deviation] : [metric: mean]
    }

    /// Writes `runs`; the last one's model, when given, goes to MLflow with it: its training metrics round by
    /// round, and its XGBoost JSON for boosted trees.
    private func write(_ runs: [RunRecord], model: TrainedModel? = nil) {
        let owner = runs.last?.id
        recorder.record(runs, attachments: { run in
            guard let model, run.id == owner else { return RunAttachments() }
            var artifacts: [(path: String, bytes: [UInt8])] = []
            if case .boostedTrees(let trees) = model.estimator { artifacts.append(("model/xgboost.json", Array(XGBoostExport.json(for: trees).utf8))) }
            return RunAttachments(history: model.trainingHistory, artifacts: artifacts)
        }, storeRoot: evaluator.store.root, warn: evaluator.warn)
    }
}
