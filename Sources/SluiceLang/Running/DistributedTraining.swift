import Foundation
import SluiceCluster
import SluiceData
import SluiceML
import SluiceServe
import SluiceStorage

/// `train ALGO on "PATH" … { instances = n }`: training on data where it lies (files or S3 objects, a
/// glob of them), as a job of n ranks under Open MPI, each reading its shard; the model comes back to
/// the session. Without `instances` (or with 1) the data is loaded here and trained on as a table.
struct DistributedTraining {
    let evaluator: Evaluator

    func train(algorithm: AlgorithmName, source: Expression, target: Name?, recipe: Recipe, settings: [Setting],
               span: SourceSpan) throws(Diagnostic) -> TrainedModel {
        let jobs = ClusterJobs(evaluator: evaluator)
        let instances = try jobs.instances(settings)
        let parameters = settings.filter { $0.name.text != ClusterJobs.instancesSetting }
        guard instances > 1 else {
            guard case .table(let table) = try evaluator.loading.load(path: source, options: [], span: source.span) else {
                throw Diagnostic(.type, "`train` needs a table to learn from", span: source.span)
            }
            return try evaluator.training.trainModel(algorithm: algorithm, table: table, target: target, recipe: recipe,
                                                     settings: parameters, span: span, quiet: false)
        }
        guard case .string(let path) = try evaluator.evaluate(source) else {
            throw Diagnostic(.type, "`instances` needs data where it lies: `train \(algorithm.text) on \"PATH\"`", span: source.span,
                             label: "not a path")
        }
        if algorithm.algorithm.learnsTarget, target == nil {
            throw Diagnostic(.syntax, "`\(algorithm.text)` needs `predicting COLUMN`", span: span, label: "no target")
        }
        // Bad parameters are found here, before any rank starts.
        _ = try AlgorithmSettings.configuration(algorithm.algorithm, parameters, span: span, evaluate: evaluator.evaluate)
        var values: [String: TrainingJob.Setting] = [:]
        for setting in try AlgorithmSettings.parameterSettings(parameters, evaluate: evaluator.evaluate) {
            switch setting.value {
            case .number(let number): values[setting.name] = .number(number)
            case .text(let text): values[setting.name] = .text(text)
            case .table, .other:
                let written = parameters.first { $0.name.text == setting.name }!
                throw Diagnostic(.type, "`\(setting.name)` cannot go to a job of several ranks: only numbers and text do",
                                 span: written.value.span, label: "not a number or text")
            }
        }
        let location = try evaluator.location(path, span: source.span)
        try checkSource(location, path: path, target: target, span: source.span)
        let job = TrainingJob(algorithm: algorithm.algorithm, target: target?.text, recipe: recipe, settings: values,
                              source: location.description, sluiceVersion: sluiceVersion)
        let progress = evaluator.progress
        let id = TrainingProgress(quiet: false).id
        let result = try jobs.run(.training(job), instances: instances, what: "the training job", span: span,
                                  progress: { progress($0, id, $1) })
        guard case .model(let data) = result, let bundle = try? ModelStore.decodeBundle(data) else {
            throw Diagnostic(.runtime, "the training job of \(instances) ranks sent no model it can read", span: span, label: "while training")
        }
        return bundle.model
    }

    /// Finds here, before any rank starts, what every rank would fail on: no file matching, or a target
    /// the first file's header lacks.
    private func checkSource(_ location: StorageLocation, path: String, target: Name?, span: SourceSpan) throws(Diagnostic) {
        let files: [StorageLocation]
        do {
            files = Storage.isPattern(path) ? try Storage.expand(location) : (try Storage.exists(location) ? [location] : [])
        } catch let error as StorageError {
            throw Diagnostic(.runtime, "cannot read \"\(path)\": \(error.message)", span: span, label: "while listing", help: error.help)
        } catch {
            throw Diagnostic(.runtime, "cannot read \"\(path)\": \(error)", span: span, label: "while listing")
        }
        guard let first = files.first else {
            throw Diagnostic(.runtime, Storage.isPattern(path) ? "no file matches \"\(path)\"" : "no file at \"\(path)\"", span: span,
                             label: "nothing to train on")
        }
        if let target, let names = try? CSVReader.columnNames(location: first), !names.contains(target.text) {
            throw Diagnostic(.name, "\"\(first)\" has no column `\(target.text)`", span: target.span, label: "not a column",
                             help: didYouMean(target.text, among: names) ?? "its columns: " + names.joined(separator: ", "))
        }
    }
}
