import SluiceDisplay

/// `describe TABLE`: a profile of every column.
struct DescribeStatement: KeywordStatement {
    static let keyword = Keyword.describe
    static let help = HelpTopic(.describe, .statements, usage: "describe TABLE",
        text: "Profiles every column: kind, count, missing, distinct; mean, std, min, quartiles, max and a histogram for numbers; the top values otherwise.")

    var table: Expression

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> DescribeStatement {
        parser.advance()
        return DescribeStatement(table: try parser.parseExpression())
    }

    func check(_ resolver: inout Resolver) {
        resolver.check(table)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let profiled = try context.evaluator.table(table, "`describe` needs a table")
        context.sink.display(ProfileRenderer(maxWidth: context.textWidth).bundle(for: profiled.profile(), rowCount: profiled.rowCount))
    }
}
