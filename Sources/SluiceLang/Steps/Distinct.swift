import SluiceData

/// `distinct` keeps the first of each set of equal rows; `distinct [a, b]` gives each combination of those
/// columns once (those columns only, as SQL's `SELECT DISTINCT a, b`), in order of first appearance.
/// Missing values equal each other.
struct DistinctStep: TableStepSyntax {
    static let keyword = Keyword.distinct
    static let help = HelpTopic(.distinct, .tableSteps, usage: "TABLE | distinct  /  TABLE | distinct [a, b]",
                                text: "Unique rows, in order of first appearance; with columns, each combination of them once (those columns only). Missing values count as equal.")
    static let completion = StepCompletion.columns

    var columns: [Name]?

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> DistinctStep {
        parser.advance()
        return DistinctStep(columns: try parser.parseOptionalNameList())
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        guard let columns else { return .table(input) }
        if let input { columns.forEach { resolver.checkColumn($0, in: input) } }
        return .table(Schema(columns: columns.map(\.text), origin: input?.origin))
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        guard let columns else { return .table(table.distinctRows()) }
        for name in columns where table.column(named: name.text) == nil { throw evaluator.unknownColumn(name, in: table) }
        return .table(try table.selecting(columns.map(\.text)).distinctRows())
    }
}
