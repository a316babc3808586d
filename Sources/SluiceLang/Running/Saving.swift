import Foundation
import SluiceData
import SluiceML
import SluiceStorage

/// `save … to "file"` and `save MODEL as "name"`: tables as CSV, xgboost models in XGBoost's JSON
/// format, models as versions in the store.
struct Saving {
    let evaluator: Evaluator

    /// Saves a new version of the model under the name `nameExpression` gives; returns the name and version.
    func saveModel(_ model: TrainedModel, as nameExpression: Expression) throws(Diagnostic) -> (String, Int) {
        let name = try evaluator.text(nameExpression, "the model's name in quotes")
        do {
            return (name, try evaluator.store.saveWithBaseline(model, as: name))
        } catch {
            throw Diagnostic(.runtime, error.description, span: nameExpression.span, label: "while saving")
        }
    }

    /// Writes a model in XGBoost's JSON format to the path or `s3://` URI that `pathExpression` gives,
    /// and returns it.
    func saveModel(_ model: TrainedModel, to pathExpression: Expression) throws(Diagnostic) -> String {
        guard case .string(let path) = try evaluator.evaluate(pathExpression) else {
            throw Diagnostic(.type, "the path to save to must be text in quotes", span: pathExpression.span, label: "expected a path")
        }
        guard case .boostedTrees(let trees) = model.estimator else {
            throw Diagnostic(.type, "only xgboost models can be written in XGBoost's format", span: pathExpression.span)
        }
        let location = try evaluator.location(path, span: pathExpression.span)
        do {
            try Storage.write(Array(XGBoostExport.json(for: trees).utf8), to: location)
        } catch {
            throw Diagnostic(.runtime, "cannot save to \"\(path)\": \(error.message)", span: pathExpression.span,
                             label: "while writing", help: error.help)
        }
        return path
    }

    /// Writes `table` as CSV to the path that `pathExpression` gives, and returns that path.
    @discardableResult
    func save(_ table: Table, to pathExpression: Expression) throws(Diagnostic) -> String {
        guard case .string(let path) = try evaluator.evaluate(pathExpression) else {
            throw Diagnostic(.type, "the path to save to must be text in quotes", span: pathExpression.span, label: "expected a path")
        }
        let location = try evaluator.location(path, span: pathExpression.span)
        let flag = evaluator.interruptFlag
        do {
            try CSVWriter.write(table, to: location, shouldStop: { flag.isRequested })
        } catch let error as StorageError where error.kind == .interrupted {
            throw Diagnostic(.interrupted, "interrupted while saving to \"\(path)\"; nothing was written there", span: pathExpression.span,
                             label: "stopped here")
        } catch let error as StorageError {
            throw Diagnostic(.runtime, "cannot save to \"\(path)\": \(error.message)", span: pathExpression.span, label: "while writing",
                             help: error.help)
        } catch {
            throw Diagnostic(.runtime, "cannot save to \"\(path)\": \(error)", span: pathExpression.span, label: "while writing")
        }
        return path
    }
}
