/// Steps after `|` (each checks itself: Steps/) and row expressions.
extension Resolver {
    /// Checks `step` applied to `input` and tells what comes out.
    mutating func check(_ step: PipeStep, on input: StaticValue) -> StaticValue {
        switch (step.form, input) {
        case (.recipe(let recipeStep), .recipe(let names)):
            recipeStep.check(&self)
            return .recipe(names + recipeStep.columns)
        case (.recipe(let recipeStep), _):
            recipeStep.check(&self)
            return .other
        case (.table(let tableStep), .table(let schema)):
            return tableStep.check(&self, on: schema)
        case (.table(let tableStep), _):
            _ = tableStep.check(&self, on: nil)
            return .other
        }
    }

    /// A row expression: a plain name is a column of the table when it has one, else a bound value;
    /// a backquoted name is always a column.
    mutating func checkRow(_ expression: Expression, in schema: Schema?) {
        switch expression.kind {
        case .name(let name):
            if schema?.has(name) == true || isBound(name) { return }
            guard let schema, !schema.open else { return }
            report(.name, "unknown column `\(name)`", expression.span, label: schema.notAColumnLabel,
                   help: didYouMean(name, among: schema.columns + scalarNames) ?? "bind it first, or check the column's name")
        case .column(let name):
            if let schema { checkColumn(Name(text: name, span: expression.span), in: schema) }
        case .unary(_, let operand), .isNull(let operand, _):
            checkRow(operand, in: schema)
        case .binary(let op, let left, let right):
            checkRow(left, in: schema)
            if op == .equal || op == .notEqual, let schema, let text = unquotedText(right, in: schema) {
                report(.name, "unknown column `\(text.first)`", right.span, label: schema.notAColumnLabel,
                       help: "to compare with the text \(text.whole), write it in quotes: `\"\(text.whole)\"`")
            } else {
                checkRow(right, in: schema)
            }
        case .call(let name, _) where valueFunctions[name.text] != nil:
            report(Self.valueFunctionInRow(name, span: expression.span))
        case .call(_, let arguments):
            arguments.forEach { checkRow($0, in: schema) }
        case .inList(let operand, let items, _):
            checkRow(operand, in: schema)
            items.forEach { checkRow($0, in: schema) }
        case .list(let items):
            items.forEach { checkRow($0, in: schema) }
        default:
            check(expression)
        }
    }

    /// The text a value compared with was meant to be, when it is written without quotes: words that are
    /// neither columns nor bound, alone or joined by `-` (`Month-to-month`).
    private func unquotedText(_ expression: Expression, in schema: Schema) -> (first: String, whole: String)? {
        func words(_ expression: Expression) -> [String]? {
            switch expression.kind {
            case .name(let word): schema.has(word) || isBound(word) ? nil : [word]
            case .binary(.subtract, let left, let right): words(left).flatMap { left in words(right).map { left + $0 } }
            default: nil
            }
        }
        guard !schema.open, let found = words(expression) else { return nil }
        // A lone word close to a column is a misspelt column.
        if found.count == 1, closestMatch(to: found[0], among: schema.columns) != nil { return nil }
        return (found[0], found.joined(separator: "-"))
    }

    /// The error for a function of a whole value (`input`) used in a row expression.
    static func valueFunctionInRow(_ name: Name, span: SourceSpan) -> Diagnostic {
        Diagnostic(.type, "`\(name.text)` gives one value, not one per row", span: span, label: "not a row function",
                   help: "bind it first: `let answer = \(name.text)(\"…\")`")
    }
}
