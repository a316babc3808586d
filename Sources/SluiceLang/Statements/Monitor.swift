import SluiceDisplay
import SluiceServe

/// `monitor "name" against MODEL [threshold x] [every 1h] [alert ["URL"]]` (an endpoint's captured traffic, now and,
/// with `every`, on a schedule the endpoint keeps) or `monitor MODEL on TABLE [threshold x]` (a table in hand):
/// Model Monitor's data quality checks; `monitor quality "name" with TRUTH …`: its model quality.
struct MonitorStatement: KeywordStatement {
    var runsOnLeaderOnly: Bool { true }
    static let keyword = Keyword.monitor
    static let help = HelpTopic(.monitor, .deployment, usage: "monitor \"name\" against MODEL [threshold x] [every 1h] [alert [\"URL\"]]  /  monitor MODEL on TABLE [threshold x]  /  monitor quality \"name\" with \"GROUND-TRUTH\" | TABLE by ID [metric auc] [threshold 0.05] [every 1h] [alert [\"URL\"]]",
        text: "`monitor quality` merges ground truth — SageMaker's records under a path, or a table's target by its id column — with the endpoint's captured requests by inference id (else event id) and shows the model's metric per window (`every`, an hour by default) against its held-out value, a window past the threshold by more than its sampling noise being a violation; with a path and `every`, the endpoint's process also keeps it on that schedule. With `every 30m|1h|1d`, the endpoint's own process runs the checks on a schedule (it outlives the session; `endpoints` lists it; `undeploy` ends it) on the traffic captured since the last run, and `alert \"http://…\"` (a bare `alert`: $SLUICE_ALERT_URL) POSTs a JSON summary of any run with violations. Model Monitor's data quality checks of an endpoint's captured traffic, or a table, against the model's training statistics: data_type_check, completeness_check, baseline_drift_check (L∞ distance between CDFs, or value frequencies, over the threshold, 0.1 by default), missing_column_check, extra_column_check and categorical_values_check. Writes statistics.json and constraint_violations.json under the store's monitoring/ folder.")

    /// What is compared with the model's baseline.
    enum Subject: Equatable {
        /// The endpoint's captured traffic.
        case endpoint(Expression)
        /// A table.
        case table(Expression)
        /// The endpoint's captured requests merged with ground truth (a path, or a table with its id column), for
        /// the model's quality.
        case quality(Expression, groundTruth: Expression, by: Name?, metric: Name?)
    }

    /// Where `alert` sends: the URL written after it, or, for a bare `alert`, `$SLUICE_ALERT_URL` (a webhook's
    /// address is often a secret, better kept out of a notebook).
    enum AlertTarget: Equatable {
        case url(Expression)
        case environment(SourceSpan)
    }

    var subject: Subject
    /// The model whose baseline the data is checked against; nil for model quality (the endpoint's own model).
    var model: Expression?
    var threshold: Expression?
    /// `every 1h`: seconds between scheduled runs.
    var every: (seconds: Double, span: SourceSpan)?
    /// `alert ["URL"]`.
    var alert: AlertTarget?

    static func == (a: MonitorStatement, b: MonitorStatement) -> Bool {
        a.subject == b.subject && a.model == b.model && a.threshold == b.threshold && a.every?.seconds == b.every?.seconds && a.alert == b.alert
    }

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> MonitorStatement {
        parser.advance()
        // `monitor quality "name" …` (a model bound to `quality` is monitored as `monitor quality on …`).
        if parser.current.isKeyword(.quality), case .string = parser.next.kind {
            parser.advance()
            let endpoint = try parser.parseUnary()
            try parser.expect(.with, "`with \"PATH\"` after the endpoint's name: where the ground truth is",
                              help: "write `monitor quality \"churn\" with \"ground-truth/\" metric auc threshold 0.05`")
            let truth = try parser.parseUnary()
            let by = try parseName(after: .by, &parser, what: "the column of the requests' ids", example: "by customer")
            let metric = try parseName(after: .metric, &parser, what: "a metric's name", example: "metric auc")
            let threshold = try parser.parseOptionalClause(.threshold)
            return MonitorStatement(subject: .quality(endpoint, groundTruth: truth, by: by, metric: metric), model: nil, threshold: threshold,
                                    every: try parseEvery(&parser), alert: try parseAlert(&parser))
        }
        let first = try parser.parseUnary()
        if parser.take(.against) {
            let model = try parser.parseUnary()
            let threshold = try parser.parseOptionalClause(.threshold)
            let every = try parseEvery(&parser)
            return MonitorStatement(subject: .endpoint(first), model: model, threshold: threshold, every: every,
                                    alert: try parseAlert(&parser))
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

    /// `KEYWORD name`, when the keyword comes next.
    private static func parseName(after keyword: Keyword, _ parser: inout Parser, what: String, example: String) throws(Diagnostic) -> Name? {
        guard parser.take(keyword) else { return nil }
        guard case .word(let word) = parser.current.kind else {
            throw Diagnostic(.syntax, "expected \(what) after `\(keyword.rawValue)`", span: parser.current.span,
                             label: "found \(parser.current.display)", help: "write `\(example)`")
        }
        defer { parser.advance() }
        return Name(text: word, span: parser.current.span)
    }

    /// `alert "URL"` or a bare `alert`, when it comes next.
    private static func parseAlert(_ parser: inout Parser) throws(Diagnostic) -> AlertTarget? {
        let start = parser.current.span
        guard parser.take(.alert) else { return nil }
        return parser.atStatementEnd ? .environment(start) : .url(try parser.parseUnary())
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
        case .quality(let endpoint, let truth, _, _):
            resolver.check(endpoint)
            resolver.check(truth)
        }
        resolver.check(threshold)
        if case .url(let url) = alert { resolver.check(url) }
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let deployment = context.evaluator.deployment
        if case .quality(let endpoint, let truth, let by, let metric) = subject {
            let (report, said) = try deployment.monitorQuality(endpoint, groundTruth: truth, by: by, metric: metric, threshold: threshold,
                                                               every: every, alert: alert)
            report.map { QualityRenderer().bundles(for: $0).forEach(context.sink.display) }
            said.forEach(context.say)
            return
        }
        guard let model else { return }
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
