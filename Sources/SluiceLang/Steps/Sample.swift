import SluiceData

/// `sample n [seed s]` (n rows, or a percentage): rows drawn without replacement, in their order.
struct SampleStep: TableStepSyntax {
    static let keyword = Keyword.sample
    static let help = HelpTopic(.sample, .tableSteps, usage: "TABLE | sample n [seed s]  /  TABLE | sample 10% [seed s]",
        text: "Rows drawn without replacement, kept in their original order.")

    var count: Expression
    var seed: Expression?

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> SampleStep {
        parser.advance()
        let count = try parser.parseUnary()
        return SampleStep(count: count, seed: try parser.parseOptionalClause(.seed))
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        resolver.check(count)
        resolver.check(seed)
        return .table(input)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        let seed = try seed.map { try evaluator.wholeNumber($0, "`seed` needs a whole number") } ?? 0
        let rows: Int
        if case .percent = count.kind {
            rows = Int((try evaluator.fraction(count, "`sample` needs a percentage") * Double(table.rowCount)).rounded())
        } else {
            rows = try evaluator.wholeNumber(count, "`sample` needs a whole number of rows or a percentage")
        }
        return .table(table.sample(rows, seed: UInt64(seed)))
    }
}
