import SluiceData

/// `append OTHER`: the rows of both tables, columns matched by name (pandas' `concat`).
struct AppendStep: TableStepSyntax {
    static let keyword = Keyword.append
    static let help = HelpTopic(.append, .tableSteps, usage: "TABLE | append OTHER",
                                text: "The rows of the table, then OTHER's, columns matched by name: the table's columns, then those only OTHER has; a column one of them lacks is missing in its rows. Whole numbers with decimals make decimals; text with categories text.")

    var other: Expression

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> AppendStep {
        parser.advance()
        return AppendStep(other: try parser.parseUnary())
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        guard case .table(let otherSchema?) = resolver.check(other), let input, !input.open, !otherSchema.open else { return .table(nil) }
        return .table(Schema(columns: input.columns + otherSchema.columns.filter { !input.has($0) }, origin: input.origin))
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        let other = try evaluator.table(self.other, "`append` needs a table to add")
        let result = Result { () throws(TableError) in try table.appending(other) }
        if case .failure(.mixedKinds(let name)) = result {
            throw Diagnostic(.type, "`\(name)` holds \(table.column(named: name)!.kind.rawValue) in one table and \(other.column(named: name)!.kind.rawValue) in the other",
                             span: self.other.span, label: "columns of other kinds",
                             help: "make them one kind first, such as `derive \(name) = text(\(name))` on one side")
        }
        return .table(try result.get())
    }
}
