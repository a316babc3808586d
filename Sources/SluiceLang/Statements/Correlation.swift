import SluiceData
import SluiceDisplay

/// `correlation TABLE [spearman]`: the correlation of every pair of numeric columns, as a matrix and a heat map.
struct CorrelationStatement: KeywordStatement {
    static let keyword = Keyword.correlation
    static let help = HelpTopic(.correlation, .statements, usage: "correlation TABLE [spearman]",
        text: "The correlation of every pair of numeric (and boolean) columns, as a matrix and a heat map: Pearson's r, or Spearman's rank correlation with `spearman`. Each pair over the rows where both have a value, as pandas' DataFrame.corr; blank where a column is constant there.")

    var table: Expression
    var method: CorrelationMethod

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> CorrelationStatement {
        parser.advance()
        let table = try parser.parseExpression()
        var method = CorrelationMethod.pearson
        if case .word(let word) = parser.current.kind, let named = CorrelationMethod(rawValue: word) {
            parser.advance()
            method = named
        }
        return CorrelationStatement(table: table, method: method)
    }

    func check(_ resolver: inout Resolver) {
        resolver.check(table)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let source = try context.evaluator.table(table, "`correlation` needs a table")
        let matrix: Table
        do {
            matrix = try source.correlation(method)
        } catch {
            throw Diagnostic(.runtime, error.description, span: table.span, label: "while correlating")
        }
        guard matrix.rowCount > 0 else {
            throw Diagnostic(.type, "the table has no numeric column to correlate", span: table.span, label: "no numbers",
                             help: "`number(x)` reads text as numbers: `t | derive x = number(x)`")
        }
        CorrelationRenderer().bundles(for: matrix, method: method, rowCount: source.rowCount).forEach(context.sink.display)
    }
}
