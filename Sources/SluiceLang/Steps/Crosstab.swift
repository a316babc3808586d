import SluiceData

/// `crosstab a by b`: the rows of each pair of values, one column per value of `b` (pandas' `crosstab`).
struct CrosstabStep: TableStepSyntax {
    static let keyword = Keyword.crosstab
    static let help = HelpTopic(.crosstab, .tableSteps, usage: "TABLE | crosstab a by b",
                                text: "Counts of each pair of values: one row per value of a (ascending), one column per value of b (ascending, named by the value). Rows with a missing a or b are left out, as pandas' crosstab.")
    static let completion = StepCompletion.columns

    var rows: Name
    var columns: Name

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> CrosstabStep {
        parser.advance()
        let rows = try parser.parseColumnName("the column whose values make the rows")
        guard parser.take(.by) else {
            throw Diagnostic(.syntax, "expected `by` and a second column", span: parser.current.span, label: "found \(parser.current.display)",
                             help: "write `crosstab carrier by origin`")
        }
        return CrosstabStep(rows: rows, columns: try parser.parseColumnName("the column whose values make the columns"))
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        guard let input else { return .table(nil) }
        resolver.checkColumn(rows, in: input)
        resolver.checkColumn(columns, in: input)
        // The columns are the second column's values: known once it runs.
        return .table(nil)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        for name in [rows, columns] where table.column(named: name.text) == nil { throw evaluator.unknownColumn(name, in: table) }
        return .table(try table.crosstab(rows.text, by: columns.text))
    }
}
