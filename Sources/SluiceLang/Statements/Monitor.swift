import SluiceDisplay

/// `monitor "name" against MODEL [threshold x]` (an endpoint's captured traffic) or
/// `monitor MODEL on TABLE [threshold x]` (a table in hand): Model Monitor's data quality checks.
struct MonitorStatement: KeywordStatement {
    var runsOnLeaderOnly: Bool { true }
    static let keyword = Keyword.monitor
    static let help = HelpTopic(.monitor, .deployment, usage: "monitor \"name\" against MODEL [threshold x]  /  monitor MODEL on TABLE [threshold x]",
        text: "Model Monitor's data quality checks of an endpoint's captured traffic, or a table, against the model's training statistics: data_type_check, completeness_check, baseline_drift_check (L∞ distance between CDFs, or value frequencies, over the threshold, 0.1 by default), missing_column_check, extra_column_check and categorical_values_check. Writes statistics.json and constraint_violations.json under the store's monitoring/ folder.")

    /// What is compared with the model's baseline.
    enum Subject: Equatable {
        /// The endpoint's captured traffic.
        case endpoint(Expression)
        /// A table.
        case table(Expression)
    }

    var subject: Subject
    var model: Expression
    var threshold: Expression?

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> MonitorStatement {
        parser.advance()
        let first = try parser.parseUnary()
        if parser.take(.against) {
            let model = try parser.parseUnary()
            return MonitorStatement(subject: .endpoint(first), model: model, threshold: try parser.parseOptionalClause(.threshold))
        }
        try parser.expect(.on, "`against MODEL` after an endpoint's name, or `on TABLE` after a model",
                          help: "write `monitor \"churn\" against best` or `monitor best on new_rows`")
        let table = try parser.parseUnary()
        return MonitorStatement(subject: .table(table), model: first, threshold: try parser.parseOptionalClause(.threshold))
    }

    func check(_ resolver: inout Resolver) {
        switch subject {
        case .endpoint(let name):
            resolver.check(name)
            resolver.check(model)
        case .table(let table):
            resolver.check(model)
            resolver.check(table)
        }
        resolver.check(threshold)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let report = try context.evaluator.deployment.monitor(subject, model: model, threshold: threshold)
        MonitoringRenderer().bundles(for: report).forEach(context.sink.display)
    }
}
