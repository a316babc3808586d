import SluiceDisplay
import SluiceServe

/// `monitor "name" against MODEL [threshold x] [every 1h] [alert "URL"]` (an endpoint's captured traffic, now and,
/// with `every`, on a schedule the endpoint keeps) or `monitor MODEL on TABLE [threshold x]` (a table in hand):
/// Model Monitor's data quality checks.
struct MonitorStatement: KeywordStatement {
    var runsOnLeaderOnly: Bool { true }
    static let keyword = Keyword.monitor
    static let help = HelpTopic(.monitor, .deployment, usage: "monitor \"name\" against MODEL [threshold x] [every 1h] [alert \"URL\"]  /  monitor MODEL on TABLE [threshold x]",
        text: "With `every 30m|1h|1d`, the endpoint's own process runs the checks on a schedule (it outlives the session; `endpoints` lists it; `undeploy` ends it) on the traffic captured since the last run, and `alert \"http://…\"` POSTs a JSON summary of any run with violations. Model Monitor's data quality checks of an endpoint's captured traffic, or a table, against the model's training statistics: data_type_check, completeness_check, baseline_drift_check (L∞ distance between CDFs, or value frequencies, over the threshold, 0.1 by default), missing_column_check, extra_column_check and categorical_values_check. Writes statistics.json and constraint_violations.json under the store's monitoring/ folder.")

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
    /// `every 1h`: seconds between scheduled runs.
    var every: (seconds: Double, span: SourceSpan)?
    /// `alert "URL"`.
    var alert: Expression?

    static func == (a: MonitorStatement, b: MonitorStatement) -> Bool {
        a.subject == b.subject && a.model == b.model && a.threshold == b.threshold && a.every?.seconds == b.every?.seconds && a.alert == b.alert
    }

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> MonitorStatement {
        parser.advance()
        let first = try parser.parseUnary()
        if parser.take(.against) {
            let model = try parser.parseUnary()
            let threshold = try parser.parseOptionalClause(.threshold)
            let every = try parseEvery(&parser)
            return MonitorStatement(subject: .endpoint(first), model: model, threshold: threshold, every: every,
                                    alert: try parser.parseOptionalClause(.alert))
        }
        try parser.expect(.on, "`against MODEL` after an endpoint's name, or `on TABLE` after a model",
                          help: "write `monitor \"churn\" against best` or `monitor best on new_rows`")
        let table = try parser.parseUnary()
        let statement = MonitorStatement(subject: .table(table), model: first, threshold: try parser.parseOptionalClause(.threshold))
        if parser.current.isKeyword(.every) || parser.current.isKeyword(.alert) {
            throw Diagnostic(.syntax, "a schedule and alerts watch an endpoint's traffic, not a table", span: parser.current.span,
                             label: "not for a table", help: "write `monitor \"churn\" against best every 1h alert \"http://…\"`")
        }
        return statement
    }

    /// `every 30s|5m|1h|1d`, when it comes next.
    private static func parseEvery(_ parser: inout Parser) throws(Diagnostic) -> (seconds: Double, span: SourceSpan)? {
        guard parser.current.isKeyword(.every) else { return nil }
        parser.advance()
        let count = parser.current, unit = parser.next
        guard case .number(let value, _) = count.kind, value > 0, case .word(let name) = unit.kind, unit.span.start == count.span.end,
              let seconds = MonitoringSchedule.seconds(value, unit: name) else {
            throw Diagnostic(.syntax, "expected a duration after `every`, such as `30m`, `1h` or `1d`", span: count.span,
                             label: "found \(count.display)", help: "units: s, m, h, d")
        }
        parser.advance()
        parser.advance()
        return (seconds, count.span.merged(with: unit.span))
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
        resolver.check(alert)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let deployment = context.evaluator.deployment
        if case .endpoint(let name) = subject, every != nil || alert != nil {
            let (report, said) = try deployment.monitorOnSchedule(name, model: model, threshold: threshold, every: every, alert: alert)
            report.map { MonitoringRenderer().bundles(for: $0).forEach(context.sink.display) }
            said.forEach(context.say)
            return
        }
        let report = try deployment.monitor(subject, model: model, threshold: threshold)
        MonitoringRenderer().bundles(for: report).forEach(context.sink.display)
    }
}
