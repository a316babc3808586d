import SluiceData

/// `rename a -> b, c -> d`
struct RenameStep: TableStepSyntax {
    static let keyword = Keyword.rename
    static let help = HelpTopic(.rename, .tableSteps, usage: "TABLE | rename a -> b [, c -> d]", text: "Renames columns.")
    static let completion = StepCompletion.columns

    /// `old -> new`
    struct Renaming: Sendable, Equatable {
        var from: Name
        var to: Name
    }

    var renamings: [Renaming]

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> RenameStep {
        parser.advance()
        return RenameStep(renamings: try parser.parseCommaSeparated { parser throws(Diagnostic) in
            let from = try parser.parseColumnName("the column to rename")
            try parser.expect(.arrow, "`->` between the old and the new name")
            return Renaming(from: from, to: try parser.parseColumnName("the new name"))
        })
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        guard var schema = input else { return .table(nil) }
        for renaming in renamings {
            resolver.checkColumn(renaming.from, in: schema)
            if let index = schema.columns.firstIndex(of: renaming.from.text) { schema.columns[index] = renaming.to.text }
            schema.kinds[renaming.to.text] = schema.kinds.removeValue(forKey: renaming.from.text)
        }
        return .table(schema)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        for renaming in renamings where table.column(named: renaming.from.text) == nil {
            throw evaluator.unknownColumn(renaming.from, in: table)
        }
        return .table(try table.renaming(renamings.map { ($0.from.text, $0.to.text) }))
    }
}
