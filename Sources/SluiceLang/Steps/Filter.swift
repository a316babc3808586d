import SluiceData

/// `filter condition`: the rows where it is true (a missing result counts as false).
struct FilterStep: TableStepSyntax {
    static let keyword = Keyword.filter
    static let help = HelpTopic(.filter, .tableSteps, usage: "TABLE | filter COND",
        text: "The rows where the condition is true; a missing result counts as false. See `help expressions`.")
    static let completion = StepCompletion.rowExpression

    var condition: Expression

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> FilterStep {
        parser.advance()
        return FilterStep(condition: try parser.parseOr())
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        resolver.checkRow(condition, in: input)
        return .table(input)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        let vector = try ColumnEvaluator(table: table, bindings: evaluator.bindings).evaluate(condition)
        switch vector {
        case .booleans(let keep, let nulls):
            return .table(table.filtered(keep.indices.map { keep[$0] && !nulls[$0] }))
        case .scalar(.boolean(let keep)):
            return .table(keep ? table : table.head(0))
        default:
            throw Diagnostic(.type, "`filter` needs a condition (true or false for each row), not \(vector.typeName)",
                             span: condition.span, label: "not a condition", help: "compare something: `tenure > 12`")
        }
    }
}
