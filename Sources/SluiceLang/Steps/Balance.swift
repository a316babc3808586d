import SluiceData

/// `balance col undersample|oversample [seed s]`: as many rows of each class as of every other.
struct BalanceStep: TableStepSyntax {
    static let keyword = Keyword.balance
    static let help = HelpTopic(.balance, .tableSteps, usage: "TABLE | balance col undersample|oversample [seed s]",
                                text: "Equal class counts: undersample draws each class down to the smallest class's count (without replacement); oversample keeps every row and draws each class up to the largest's (with replacement). Rows keep their order; missing values are one class; the same seed draws the same rows (default 0).")
    static let completion = StepCompletion.columns

    var column: Name
    var oversample: Bool
    var seed: Expression?

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> BalanceStep {
        parser.advance()
        let column = try parser.parseColumnName("the column of the classes")
        guard case .word(let word) = parser.current.kind, word == "undersample" || word == "oversample" else {
            throw Diagnostic(.syntax, "expected `undersample` or `oversample`", span: parser.current.span, label: "found \(parser.current.display)",
                             help: "write `balance churn undersample seed 1`")
        }
        parser.advance()
        return BalanceStep(column: column, oversample: word == "oversample", seed: try parser.parseOptionalClause(.seed))
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        resolver.check(seed)
        if let input { resolver.checkColumn(column, in: input) }
        return .table(input)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        guard table.column(named: column.text) != nil else { throw evaluator.unknownColumn(column, in: table) }
        let seed = try seed.map { try evaluator.wholeNumber($0, "`seed` needs a whole number") } ?? 0
        return .table(try table.balanced(by: column.text, oversample: oversample, seed: UInt64(truncatingIfNeeded: seed)))
    }
}
