import SluiceData
import SluiceDisplay
import SluiceML

/// `insights TABLE [predicting col]`: a data quality and insights report, each finding with what to do.
struct InsightsStatement: KeywordStatement {
    static let keyword = Keyword.insights
    static let help = HelpTopic(.insights, .statements, usage: "insights TABLE [predicting col]",
        text: "A data quality and insights report: each column's kind, missing values, distinct values and outliers (beyond 1.5 × IQR); duplicate rows, constant columns, identifiers, correlated pairs (|r| ≥ 0.9). With a target: imbalance, each column alone predicting it on held-out rows (AUC or R²; at least 0.95 AUC or 0.9 R² is flagged as possible leakage), and a quick model's importance. Each finding says what to do.")

    var table: Expression
    var target: Name?

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> InsightsStatement {
        parser.advance()
        let table = try parser.parseExpression()
        var target: Name?
        if parser.take(.predicting) { target = try parser.parseColumnName("the target column") }
        return InsightsStatement(table: table, target: target)
    }

    func check(_ resolver: inout Resolver) {
        if case .table(let schema?) = resolver.check(table), let target { resolver.checkColumn(target, in: schema) }
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let source = try context.evaluator.table(table, "`insights` needs a table")
        let report: TableInsights
        do {
            report = try source.insights(predicting: target?.text, sluiceVersion: sluiceVersion)
        } catch {
            throw Diagnostic(.runtime, "\(error)", span: target?.span ?? table.span, label: "while looking for insights")
        }
        for bundle in InsightsRenderer().bundles(for: report) { context.sink.display(bundle) }
    }
}
