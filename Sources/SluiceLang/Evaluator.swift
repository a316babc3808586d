import SluiceData

/// Computes the values of expressions and binds names.
struct Evaluator {
    private(set) var bindings: [String: Value]
    let workingDirectory: String
    let interruptFlag: InterruptFlag
    /// Shows a warning (a statement that succeeded with something worth knowing).
    let warn: (String) -> Void

    init(bindings: [String: Value], workingDirectory: String, interruptFlag: InterruptFlag, warn: @escaping (String) -> Void) {
        self.bindings = bindings
        self.workingDirectory = workingDirectory
        self.interruptFlag = interruptFlag
        self.warn = warn
    }

    mutating func bind(_ names: [Name], to expression: Expression) throws(Diagnostic) {
        let value = try evaluate(expression)
        guard names.count > 1 else {
            bindings[names[0].text] = value
            return
        }
        guard case .list(let items) = value, items.count == names.count else {
            throw Diagnostic(.type, "`let` binds \(names.count) names but the value is \(valueDescription(value))",
                             span: expression.span, label: "expected \(names.count) values")
        }
        for (name, item) in zip(names, items) { bindings[name.text] = item }
    }

    func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
        switch expression.kind {
        case .number(let value): return .number(value)
        case .percent(let value): return .number(value / 100)
        case .string(let text): return .string(text)
        case .boolean(let value): return .boolean(value)
        case .null: return .null
        case .name(let name):
            // The resolver has checked every name before the run.
            return bindings[name]!
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item)) }
            return .list(values)
        case .record(let settings):
            var fields: [String: Value] = [:]
            for setting in settings {
                guard fields[setting.name.text] == nil else {
                    throw Diagnostic(.syntax, "`\(setting.name.text)` is given twice", span: setting.name.span,
                                     label: "already set in this record")
                }
                fields[setting.name.text] = try evaluate(setting.value)
            }
            return .record(fields)
        case .load(let path, let options):
            return try load(path: path, options: options, span: expression.span)
        case .unary(let op, let operand):
            return try Arithmetic.apply(op, try evaluate(operand), span: expression.span)
        case .binary(let op, let left, let right):
            return try Arithmetic.apply(op, try evaluate(left), try evaluate(right), span: expression.span)
        case .pipe(let source, let step, let stepSpan):
            let input = try evaluate(source)
            guard case .table(let table) = input else {
                throw Diagnostic(.type, "a pipeline step needs a table, but the value before `|` is \(valueDescription(input))",
                                 span: source.span, label: "not a table")
            }
            return .table(try apply(step, to: table, span: stepSpan))
        }
    }

    private func apply(_ step: PipeStep, to table: Table, span: SourceSpan) throws(Diagnostic) -> Table {
        switch step {
        case .take(let countExpression):
            let count = try evaluate(countExpression)
            guard case .number(let n) = count, n >= 0, n == n.rounded(), n < Double(Int.max) else {
                throw Diagnostic(.type, "`take` needs a whole number of rows, not \(valueDescription(count))",
                                 span: countExpression.span, label: "expected a count such as 5")
            }
            return table.head(Int(n))
        case .select(let names, let drop):
            for name in names where table.column(named: name.text) == nil {
                throw Diagnostic(.name, "unknown column `\(name.text)`", span: name.span, label: "not a column of the table",
                                 help: didYouMean(name.text, among: table.columnNames))
            }
            let listed = names.map(\.text)
            let kept = drop ? table.columns.filter { !listed.contains($0.name) } : listed.map { table.column(named: $0)! }
            do {
                return try Table(columns: kept)
            } catch {
                throw Diagnostic(.name, error.description, span: span, label: "each column may be selected once")
            }
        }
    }

    private func load(path pathExpression: Expression, options: [Setting], span: SourceSpan) throws(Diagnostic) -> Value {
        guard case .string(let path) = try evaluate(pathExpression) else {
            throw Diagnostic(.type, "`load` needs a path in quotes", span: pathExpression.span, label: "expected a string")
        }
        let csvOptions = try LoadOptions.csvOptions(from: options, evaluate: evaluate)
        let fullPath = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        let flag = interruptFlag
        do {
            let result = try CSVReader.read(path: fullPath, options: csvOptions, shouldStop: { flag.isRequested })
            if result.skippedCount > 0, let first = result.skippedExamples.first {
                let records = result.skippedCount == 1 ? "1 malformed record" : "\(result.skippedCount) malformed records"
                warn("skipped \(records) in \"\(path)\"; the first, at line \(first.line), column \(first.column): \(first.message)")
            }
            return .table(result.table)
        } catch let error as CSVError {
            let location = error.column > 0 ? " at line \(error.line), column \(error.column)" : ""
            throw Diagnostic(.runtime, "cannot load \"\(path)\"\(location): \(error.message)", span: span,
                             label: "while loading this file",
                             help: error.message.contains("does not exist") ? "paths are relative to \(workingDirectory)" : nil)
        } catch is CancellationError {
            throw Diagnostic(.interrupted, "interrupted while loading \"\(path)\"", span: span, label: "stopped here")
        } catch {
            throw Diagnostic(.runtime, "cannot load \"\(path)\": \(error)", span: span)
        }
    }
}

/// A short description of a value for messages: `a table`, `the number 3`.
func valueDescription(_ value: Value) -> String {
    switch value {
    case .table: "a table"
    case .list(let items): "a list of \(items.count)"
    case .null: "null"
    default: "the \(value.typeName) \(value.literalText)"
    }
}
