import SluiceData

/// `derive a = expr, b = expr`: computed columns, added or replaced, left to right.
struct DeriveStep: TableStepSyntax {
    static let keyword = Keyword.derive
    static let help = HelpTopic(.derive, .tableSteps, usage: "TABLE | derive c = EXPR [, d = EXPR]",
        text: "Adds or replaces computed columns, left to right. See `help expressions`.")
    static let completion = StepCompletion.rowExpression

    /// `name = expression`
    struct Derivation: Sendable, Equatable {
        var name: Name
        var value: Expression
    }

    var derivations: [Derivation]

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> DeriveStep {
        parser.advance()
        return DeriveStep(derivations: try parser.parseCommaSeparated { parser throws(Diagnostic) in
            let name = try parser.parseColumnName("a name for the new column")
            try parser.expect(.assign, "`=` after `\(name.text)`")
            return Derivation(name: name, value: try parser.parseOr())
        })
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        var current = input
        for derivation in derivations {
            resolver.checkRow(derivation.value, in: current)
            if current?.has(derivation.name.text) == false { current?.columns.append(derivation.name.text) }
            current?.kinds[derivation.name.text] = nil
        }
        return .table(current)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        var current = table
        for derivation in derivations {
            let vector = try ColumnEvaluator(table: current, bindings: evaluator.bindings).evaluate(derivation.value)
            guard let column = vector.column(named: derivation.name.text, rowCount: current.rowCount) else {
                throw Diagnostic(.type, "`\(derivation.name.text)` must be numbers, text or booleans", span: derivation.value.span)
            }
            current = try current.setting(column)
        }
        return .table(current)
    }
}
