import SluiceData
import SluiceML

/// `load "path" { options }` and `load model "name" [version n]`.
struct Loading {
    let evaluator: Evaluator

    /// A model from the model store.
    func loadModel(name nameExpression: Expression, version versionExpression: Expression?, span: SourceSpan) throws(Diagnostic) -> Value {
        let name = try evaluator.text(nameExpression, "the model's name in quotes")
        var version: Int?
        if let versionExpression { version = try evaluator.wholeNumber(versionExpression, "`version` needs a whole number") }
        let store = evaluator.store
        do {
            return .model(try store.load(name, version: version).bundle.model)
        } catch {
            throw Diagnostic(.runtime, error.description, span: span, label: "not in the model store",
                             help: "`models` lists what the store at \(store.root) holds")
        }
    }

    /// A CSV file as a table.
    func load(path pathExpression: Expression, options: [Setting], span: SourceSpan) throws(Diagnostic) -> Value {
        guard case .string(let path) = try evaluator.evaluate(pathExpression) else {
            throw Diagnostic(.type, "`load` needs a path in quotes", span: pathExpression.span, label: "expected a string")
        }
        if let remote = LoadOptions.remotePathError(path, span: pathExpression.span) { throw remote }
        let csvOptions = try LoadOptions.csvOptions(from: options, evaluate: evaluator.evaluate)
        let fullPath = evaluator.absolutePath(path)
        let flag = evaluator.interruptFlag
        do {
            let result = try CSVReader.read(path: fullPath, options: csvOptions, shouldStop: { flag.isRequested })
            if result.skippedCount > 0, let first = result.skippedExamples.first {
                let records = result.skippedCount == 1 ? "1 malformed record" : "\(result.skippedCount) malformed records"
                evaluator.warn("skipped \(records) in \"\(path)\"; the first, at line \(first.line), column \(first.column): \(first.message)")
            }
            return .table(result.table)
        } catch let error as CSVError {
            let location = error.column > 0 ? " at line \(error.line), column \(error.column)" : ""
            throw Diagnostic(.runtime, "cannot load \"\(path)\"\(location): \(error.message)", span: span,
                             label: "while loading this file",
                             help: error.message.contains("does not exist") ? "paths are relative to \(evaluator.workingDirectory)" : nil)
        } catch is CancellationError {
            throw Diagnostic(.interrupted, "interrupted while loading \"\(path)\"", span: span, label: "stopped here")
        } catch {
            throw Diagnostic(.runtime, "cannot load \"\(path)\": \(error)", span: span)
        }
    }
}
