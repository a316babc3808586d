import SluiceDisplay

/// `evaluate MODEL on TABLE [threshold x]`: the metrics of the model's task, with plots.
struct EvaluateStatement: KeywordStatement {
    static let keyword = Keyword.evaluate
    static let help = HelpTopic(.evaluate, .statements, usage: "evaluate MODEL on TABLE [threshold x]",
        text: "Metrics for the model's task, with ROC, PR and confusion plots (binary), a per-class report (multiclass), residual plots (regression) or cluster sizes (clustering).")

    var model: Expression
    var table: Expression
    var threshold: Expression?

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> EvaluateStatement {
        parser.advance()
        let model = try parser.parseUnary()
        try parser.expect(.on, "`on TABLE` after the model to evaluate", help: "write `evaluate model on test_set`")
        let table = try parser.parseExpression()
        return EvaluateStatement(model: model, table: table, threshold: try parser.parseOptionalClause(.threshold))
    }

    func check(_ resolver: inout Resolver) {
        resolver.check(model)
        resolver.check(table)
        resolver.check(threshold)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let evaluator = context.evaluator
        let trained = try evaluator.model(model, "`evaluate` needs a model")
        let rows = try evaluator.table(table, "`evaluate` needs a table to evaluate on")
        var cut = 0.5
        if let threshold {
            guard case .number(let x) = try evaluator.evaluate(threshold), x >= 0, x <= 1 else {
                throw Diagnostic(.type, "`threshold` must be a probability between 0 and 1", span: threshold.span,
                                 label: "expected a number in [0, 1]")
            }
            cut = x
        }
        do {
            context.sink.display(EvaluationRenderer().bundle(for: try trained.evaluate(on: rows, threshold: cut)))
        } catch {
            throw Diagnostic(.runtime, "cannot evaluate: \(error)", span: context.span, label: "while evaluating")
        }
    }
}
