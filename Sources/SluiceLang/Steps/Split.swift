import SluiceData

/// `split 80% [stratify col] [seed s]`: two tables, exactly round(share × rows) rows and the rest.
struct SplitStep: TableStepSyntax {
    static let keyword = Keyword.split
    static let help = HelpTopic(.split, .tableSteps, usage: "TABLE | split 80% [stratify col] [seed s]",
        text: "Two tables: exactly round(share × rows) rows and the rest; `stratify` keeps each value's share.")

    var share: Expression
    var stratify: Name?
    var seed: Expression?

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> SplitStep {
        parser.advance()
        var step = SplitStep(share: try parser.parseUnary())
        while parser.current.isKeyword(.stratify) || parser.current.isKeyword(.seed) {
            if parser.take(.stratify) {
                step.stratify = try parser.parseColumnName("the column to stratify by")
            } else {
                step.seed = try parser.parseOptionalClause(.seed)
            }
        }
        return step
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        resolver.check(share)
        resolver.check(seed)
        if let input, let stratify { resolver.checkColumn(stratify, in: input) }
        return .tables(input, count: 2)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        let fraction = try evaluator.fraction(share, "`split` needs the share of the first table, such as 80%")
        guard fraction > 0, fraction < 1 else {
            throw Diagnostic(.type, "`split` needs a share between 0% and 100%", span: share.span, label: "out of range")
        }
        if let stratify, table.column(named: stratify.text) == nil { throw evaluator.unknownColumn(stratify, in: table) }
        let seed = try seed.map { try evaluator.wholeNumber($0, "`seed` needs a whole number") } ?? 0
        let (first, second) = try table.split(fraction: fraction, stratify: stratify?.text, seed: UInt64(seed))
        return .list([.table(first), .table(second)])
    }
}
