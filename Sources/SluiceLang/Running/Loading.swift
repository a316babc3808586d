import SluiceData
import SluiceML
import SluiceStorage

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

    /// A CSV file or S3 object as a table; a glob (`*.csv`) loads every match, in name order, as one table.
    func load(path pathExpression: Expression, options: [Setting], span: SourceSpan) throws(Diagnostic) -> Value {
        guard case .string(let path) = try evaluator.evaluate(pathExpression) else {
            throw Diagnostic(.type, "`load` needs a path in quotes", span: pathExpression.span, label: "expected a string")
        }
        let csvOptions = try LoadOptions.csvOptions(from: options, evaluate: evaluator.evaluate)
        let location = try evaluator.location(path, span: pathExpression.span)
        let flag = evaluator.interruptFlag
        do {
            let locations = Storage.isPattern(path) ? try Storage.expand(location, shouldStop: { flag.isRequested }) : [location]
            guard !locations.isEmpty else {
                throw Diagnostic(.runtime, "no file matches \"\(path)\"", span: pathExpression.span, label: "nothing matches")
            }
            var tables: [Table] = []
            for part in locations {
                let result = try CSVReader.read(location: part, options: csvOptions, shouldStop: { flag.isRequested })
                if result.skippedCount > 0, let first = result.skippedExamples.first {
                    let records = result.skippedCount == 1 ? "1 malformed record" : "\(result.skippedCount) malformed records"
                    evaluator.warn("skipped \(records) in \"\(part)\"; the first, at line \(first.line), column \(first.column): \(first.message)")
                }
                tables.append(result.table)
            }
            return .table(tables.count == 1 ? tables[0] : try Table.concatenating(tables))
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch let error as StorageError where error.kind == .interrupted {
            throw Diagnostic(.interrupted, "interrupted while loading \"\(path)\"", span: span, label: "stopped here")
        } catch let error as StorageError {
            throw Diagnostic(.runtime, "cannot load \"\(path)\": \(error.message)", span: span, label: "while loading this object",
                             help: error.help ?? Self.suggestion(for: error))
        } catch let error as TableError {
            throw Diagnostic(.runtime, "cannot load \"\(path)\" as one table: \(error)", span: span, label: "the matches differ")
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

    /// For a missing key, the key beside it that is a likely typo.
    private static func suggestion(for error: StorageError) -> String? {
        guard error.kind == .noSuchKey, case .s3(let bucket, let key)? = try? StorageLocation(error.location),
              let near = closestMatch(to: key, among: Storage.keysBeside(bucket: bucket, key: key)) else { return nil }
        return "did you mean \"s3://\(bucket)/\(near)\"?"
    }
}
