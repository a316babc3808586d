import SluiceData

/// `take n`: the first n rows.
struct TakeStep: TableStepSyntax {
    static let keyword = Keyword.take
    static let help = HelpTopic(.take, .tableSteps, usage: "TABLE | take n", text: "The first n rows.")

    var count: Expression

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> TakeStep {
        parser.advance()
        return TakeStep(count: try parser.parseUnary())
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        resolver.check(count)
        return .table(input)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        .table(table.head(try evaluator.wholeNumber(count, "`take` needs a whole number of rows")))
    }
}
