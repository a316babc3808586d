import Foundation
import SluiceData
import SluiceML

/// Runs `crossvalidate`: the algorithm trained on all folds but one and evaluated on that one, fold by
/// fold, with a progress line per fold.
struct CrossValidating {
    let evaluator: Evaluator
    /// The folds when `folds k` is not given, as scikit-learn's `cross_val_score`.
    static let defaultFolds = 5

    func run(algorithm: AlgorithmName, table: Table, data: Expression, target: Name?, recipe: Recipe, settings: [Setting],
             folds: Expression?, span: SourceSpan) throws(Diagnostic) -> CrossValidation {
        let started = Date()
        try evaluator.training.checkTarget(target, of: algorithm, in: table, span: span)
        let k = try folds.map { (expression) throws(Diagnostic) in try evaluator.wholeNumber(expression, "`folds` must be a whole number") }
            ?? Self.defaultFolds
        let configuration = try AlgorithmSettings.configuration(algorithm.algorithm, settings, span: span, rows: table.rowCount,
                                                                evaluate: evaluator.evaluate)
        let foldRows: [[Int]]
        do {
            let task = try algorithm.algorithm.task(predicting: target?.text, in: table,
                                                    settings: try AlgorithmSettings.parameterSettings(settings, evaluate: evaluator.evaluate))
            let classes = switch task {
            case .binaryClassification, .multiclassClassification: true
            case .regression, .clustering: false
            }
            foldRows = try CrossValidation.foldRows(of: table, target: target?.text, classes: classes, folds: k)
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw Diagnostic(.runtime, "\(error)", span: folds?.span ?? target?.span ?? span, label: "cannot fold")
        }
        let progressID = "crossvalidate-\(UUID().uuidString)"
        var done: [CrossValidation.Fold] = []
        for (index, validating) in foldRows.enumerated() {
            evaluator.progress(ProgressReport(done: index, total: k, message: "fold \(index + 1) of \(k)"), progressID, false)
            var training = [Bool](repeating: true, count: table.rowCount)
            for row in validating { training[row] = false }
            let part = table.filtered(training)
            let model = try evaluator.training.train(configuration, table: part, target: target, recipe: recipe, span: span, quiet: true)
            do {
                done.append(CrossValidation.Fold(trainingRows: part.rowCount, evaluation: try model.evaluate(on: table.gathering(validating))))
            } catch {
                throw Diagnostic(.runtime, "cannot evaluate fold \(index + 1): \(error)", span: span, label: "while cross-validating")
            }
        }
        evaluator.progress(ProgressReport(done: k, total: k, message: "\(k) folds"), progressID, true)
        let validation = CrossValidation(algorithm: algorithm.algorithm, target: target?.text, rows: table.rowCount, folds: done)
        evaluator.recording.crossValidated(validation, configuration: configuration, settings: settings, started: started, recipe: recipe,
                                           table: table, data: data)
        return validation
    }
}
