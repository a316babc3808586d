import SluiceData
import SluiceML

/// `save "path.csv"` at the end of a pipe: writes the table and passes it on.
struct SaveStep: TableStepSyntax {
    static let keyword = Keyword.save
    /// Explained with the statement: `help save`.
    static let help = SaveStatement.help

    var path: Expression

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> SaveStep {
        parser.advance()
        return SaveStep(path: try parser.parsePrimary())
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        resolver.check(path)
        return .table(input)
    }

    /// In a job of several ranks, rank 0 writes and the others wait for it (they hold the same table).
    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        if evaluator.collective.rank == 0 { try evaluator.saving.save(table, to: path) }
        evaluator.collective.barrier()
        return .table(table)
    }
}
