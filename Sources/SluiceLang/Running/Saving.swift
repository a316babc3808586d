import Foundation
import SluiceData
import SluiceDisplay
import SluiceML
import SluiceStorage

/// `save … to "file"` and `save MODEL as "name"`: tables as CSV, xgboost models in XGBoost's JSON
/// format, charts as SVG or a web page, models as versions in the store.
struct Saving {
    let evaluator: Evaluator

    /// Saves a new version of the model under the name `nameExpression` gives; returns the name and version.
    func saveModel(_ model: TrainedModel, as nameExpression: Expression) throws(Diagnostic) -> (String, Int) {
        let name = try evaluator.text(nameExpression, "the model's name in quotes")
        do {
            let version = try evaluator.store.saveWithBaseline(model, as: name)
            evaluator.recorder.link(run: model.runID, model: name, version: version, storeRoot: evaluator.store.root, warn: evaluator.warn)
            return (name, version)
        } catch {
            throw Diagnostic(.runtime, error.description, span: nameExpression.span, label: "while saving")
        }
    }

    /// Writes a model in XGBoost's JSON format to the path or `s3://` URI that `pathExpression` gives,
    /// and returns it.
    func saveModel(_ model: TrainedModel, to pathExpression: Expression) throws(Diagnostic) -> String {
        let path = try self.path(pathExpression)
        guard case .boostedTrees(let trees) = model.estimator else {
            throw Diagnostic(.type, "only xgboost models can be written in XGBoost's format", span: pathExpression.span)
        }
        try write(XGBoostExport.json(for: trees), to: path, span: pathExpression.span)
        return path
    }

    /// Writes a chart to the path that `pathExpression` gives: SVG for `.svg`, a web page for `.html`
    /// (interactive where Vega's scripts load, the SVG otherwise); returns the path.
    func save(_ chart: Chart, to pathExpression: Expression) throws(Diagnostic) -> String {
        let path = try self.path(pathExpression)
        let lowered = path.lowercased()
        guard lowered.hasSuffix(".svg") || lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") else {
            throw Diagnostic(.type, "a chart is saved as .svg or .html", span: pathExpression.span, label: "another kind of file",
                             help: "write `save p to \"chart.svg\"`, or \"chart.html\" for an interactive page")
        }
        try write(lowered.hasSuffix(".svg") ? chart.svg : chart.html, to: path, span: pathExpression.span)
        return path
    }

    private func path(_ expression: Expression) throws(Diagnostic) -> String {
        guard case .string(let path) = try evaluator.evaluate(expression) else {
            throw Diagnostic(.type, "the path to save to must be text in quotes", span: expression.span, label: "expected a path")
        }
        return path
    }

    /// Writes `text` whole (a temporary file renamed, or an upload completed) to a path or `s3://` URI.
    private func write(_ text: String, to path: String, span: SourceSpan) throws(Diagnostic) {
        let location = try evaluator.location(path, span: span)
        do {
            try Storage.write(Array(text.utf8), to: location)
        } catch {
            throw Diagnostic(.runtime, "cannot save to \"\(path)\": \(error.message)", span: span, label: "while writing", help: error.help)
        }
    }

    /// Writes `table` as CSV to the path that `pathExpression` gives, and returns that path.
    @discardableResult
    func save(_ table: Table, to pathExpression: Expression) throws(Diagnostic) -> String {
        let path = try self.path(pathExpression)
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
