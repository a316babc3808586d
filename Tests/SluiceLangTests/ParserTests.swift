import Testing
@testable import SluiceLang

private func statements(_ source: String) -> [Statement] {
    let result = Parser.parse(source)
    #expect(result.diagnostics.isEmpty, "unexpected: \(result.diagnostics.map(\.message))")
    return result.statements
}

/// The value of a bare expression statement or of a `let`.
private func value(of statement: Statement?) -> Expression? {
    statement?.as(ExpressionStatement.self)?.expression ?? statement?.as(LetStatement.self)?.value
}

private func messages(_ source: String) -> [String] {
    Parser.parse(source).diagnostics.map(\.message)
}

@Suite("Parser")
struct ParserTests {
    @Test("let, two-name let, print to stderr and bare expressions")
    func statementForms() throws {
        let binding = try #require(statements("let a, b = [1, 2]").first?.as(LetStatement.self))
        #expect(binding.names.map(\.text) == ["a", "b"])
        if case .list(let items) = binding.value.kind { #expect(items.count == 2) } else { Issue.record("not a list") }
        let printing = try #require(statements("print 1 to stderr").first?.as(PrintStatement.self))
        #expect(printing.toStandardError)
        #expect(statements("1\n2\n").count == 2)
    }

    @Test("operator precedence: * before +, comparison before and, and before or")
    func precedence() {
        guard let expression = value(of: statements("1 + 2 * 3 > 6 and not false or x == 1").first),
              case .binary(.or, let left, _) = expression.kind,
              case .binary(.and, let comparison, _) = left.kind,
              case .binary(.greater, let sum, _) = comparison.kind,
              case .binary(.add, _, let product) = sum.kind,
              case .binary(.multiply, _, _) = product.kind
        else {
            Issue.record("wrong tree")
            return
        }
    }

    @Test("load with options, and a pipeline of steps with their spans")
    func loadAndPipeline() {
        guard let value = value(of: statements("""
            let t = load "x.csv" { delimiter = ";", header = false
              null = ["NA"] }
              | select -[a, `b c`]
              | take 5
            """).first),
            case .pipe(let inner, let take, let takeSpan) = value.kind, take.as(TakeStep.self) != nil,
            case .pipe(let load, let select, _) = inner.kind, let columns = select.as(SelectStep.self)?.columns,
            select.as(SelectStep.self)?.drop == true,
            case .load(_, let options) = load.kind
        else {
            Issue.record("wrong tree")
            return
        }
        #expect(options.map(\.name.text) == ["delimiter", "header", "null"])
        #expect(columns.map(\.text) == ["a", "b c"])
        #expect(takeSpan.start.line == 4 && takeSpan.start.column == 5)
        #expect(value.span.start == SourcePosition(line: 1, column: 9, offset: 8))
    }

    @Test("every syntax error in a cell is reported, recovering at the next statement")
    func recovery() {
        let result = Parser.parse("let = 1\nlet ok = 2\nprint (1 +\nlet let = 3")
        // Inside the open parenthesis the newline is not a statement end, so `let` lands where a value belongs.
        #expect(result.diagnostics.map(\.message) == [
            "expected a name to bind",
            "`let` starts a statement and cannot be used as a value",
        ])
        #expect(result.statements.count == 1)
        #expect(messages("let let = 3") == ["`let` is a keyword and cannot name a value"])
        #expect(messages("1 2") == ["expected the end of the statement, found `2`"])
        #expect(messages("1 < 2 < 3") == ["expected the end of the statement, found `<`"])
    }

    @Test("steps, their clauses and row expressions")
    func steps() {
        guard let value = value(of: statements("""
            t | filter a is not null and b not in ["x", "y"] | derive c = if(a > 1, log(a), 0), d = `e f` * 2
              | rename c -> g | sort g desc, a | sample 10% seed 3 | split 80% stratify b seed 42
            """).first) else {
            Issue.record("not an expression")
            return
        }
        var steps: [PipeStep] = []
        var current = value
        while case .pipe(let source, let step, _) = current.kind {
            steps.insert(step, at: 0)
            current = source
        }
        #expect(steps.map(\.keyword) == ["filter", "derive", "rename", "sort", "sample", "split"])
        guard let condition = steps[0].as(FilterStep.self)?.condition, case .binary(.and, let left, let right) = condition.kind,
              case .isNull(_, negated: true) = left.kind, case .inList(_, let items, negated: true) = right.kind,
              let derivations = steps[1].as(DeriveStep.self)?.derivations,
              case .call(let function, let arguments) = derivations[0].value.kind,
              let keys = steps[3].as(SortStep.self)?.keys, let split = steps[5].as(SplitStep.self)
        else {
            Issue.record("wrong steps: \(steps)")
            return
        }
        #expect(items.count == 2)
        #expect(function.text == "if" && arguments.count == 3)
        #expect(derivations.map(\.name.text) == ["c", "d"])
        #expect(keys.map(\.descending) == [true, false])
        #expect(split.stratify?.text == "b" && split.seed != nil)
        #expect(messages("t | derive x = lg(a)") == ["unknown function `lg`"])
        #expect(messages("t | derive x = log(a, b)") == ["`log` takes 1 argument, not 2"])
        #expect(messages("t | derive x = round(a, 1, 2)") == ["`round` takes 1 or 2 arguments, not 3"])
        #expect(messages("t | derive x = replace(a, b)") == ["`replace` takes 3 arguments, not 2"])
        #expect(messages("t | derive x = min(a)") == ["`min` takes two or more arguments"])
        #expect(messages("t | scale zscore") == ["expected `standard` or `minmax` after `scale`"])
    }

    @Test("recipes, fit and statements")
    func recipes() {
        let parsed = statements("""
            let prep = recipe | impute constant 0 [a] | encode onehot | encode ordinal size ["S", "M"] | scale minmax [a, b]
            let fitted = fit prep on t predicting y
            describe t | take 3
            save t to "out.csv"
            """)
        #expect(parsed.count == 4)
        guard let fit = parsed[1].as(LetStatement.self)?.value, case .fit(_, _, let target) = fit.kind,
              parsed[2].as(DescribeStatement.self) != nil, case .file? = parsed[3].as(SaveStatement.self)?.destination else {
            Issue.record("wrong statements")
            return
        }
        #expect(target?.text == "y")
    }

    @Test("the deployment statements parse in full: deploy, undeploy, endpoints, invoke, transform, monitor")
    func deploymentStatements() throws {
        let (parsed, problems) = Parser.parse("""
            deploy best as "churn" port 8080 capture 20%
            undeploy "churn"
            endpoints
            invoke "churn" with test_set | take 5
            transform "in.csv" with best to "out/scored.csv" join input batch 500
            monitor "churn" against best threshold 0.1
            monitor best on new_rows
            """)
        #expect(problems.isEmpty)
        guard parsed.count == 7, let deploy = parsed[0].as(DeployStatement.self), let port = deploy.port, let capture = deploy.capture,
              parsed[1].as(UndeployStatement.self) != nil, parsed[2].as(EndpointsStatement.self) != nil,
              let invoked = parsed[3].as(ExpressionStatement.self)?.expression, case .pipe(let call, let take, _) = invoked.kind,
              take.as(TakeStep.self) != nil, case .invoke = call.kind,
              let transform = parsed[4].as(TransformStatement.self), transform.joinInput, let batch = transform.batch,
              let watched = parsed[5].as(MonitorStatement.self), case .endpoint = watched.subject, let threshold = watched.threshold,
              let checked = parsed[6].as(MonitorStatement.self), case .table(let table) = checked.subject, checked.threshold == nil else {
            Issue.record("wrong statements: \(parsed.map(\.node))")
            return
        }
        let name = deploy.name!
        #expect(name.kind == .string("churn") && port.kind == .number(8080) && batch.kind == .number(500))
        #expect(capture.kind == .percent(20))
        #expect(threshold.kind == .number(0.1) && table.kind == .name("new_rows"))
        #expect(parsed[0].span.end.column == 45)
    }

    @Test("errors name what is expected")
    func plannedStatements() {
        #expect(messages("tune xgboost on t predicting y { eta 0.1 }") == ["expected `= value` or `in a..b` after `eta`"])
        #expect(messages("train kmeanz on t") == ["unknown algorithm `kmeanz`"])
        let unknown = Parser.parse("t | tak 5").diagnostics.first
        #expect(unknown?.message == "unknown step `tak`")
        #expect(unknown?.help == "did you mean `take`?")
    }

    @Test("monitor's schedule, alert and model quality clauses")
    func monitorClauses() {
        let parsed = Parser.parse("monitor \"churn\" against best threshold 0.1 every 1h alert \"http://127.0.0.1:9000/hook\"\n"
                                  + "monitor quality \"churn\" with \"truth/\" metric auc threshold 0.05 every 1d alert\nmonitor quality on t\n"
                                  + "monitor quality \"churn\" with outcomes by customer every 1s\nlet p = invoke \"churn\" with t by customer | take 2").statements
        guard parsed.count == 5, let scheduled = parsed[0].as(MonitorStatement.self), let quality = parsed[1].as(MonitorStatement.self),
              let named = parsed[2].as(MonitorStatement.self), case .quality(_, let truth, nil, let metric) = quality.subject,
              case .table = named.subject, let table = parsed[3].as(MonitorStatement.self),
              case .quality(_, let outcomes, let by, nil) = table.subject,
              let bound = parsed[4].as(LetStatement.self), case .pipe(let invoked, _, _) = bound.value.kind,
              case .invoke(_, let rows, let id) = invoked.kind else {
            Issue.record("wrong statements: \(parsed.map(\.node))")
            return
        }
        guard case .url(let url) = scheduled.alert, case .environment = quality.alert else {
            Issue.record("wrong alerts: \(String(describing: scheduled.alert)), \(String(describing: quality.alert))")
            return
        }
        #expect(scheduled.every?.seconds == 3600 && url.kind == .string("http://127.0.0.1:9000/hook"))
        #expect(truth.kind == .string("truth/") && metric?.text == "auc" && quality.every?.seconds == 86400 && quality.model == nil)
        #expect(outcomes.kind == .name("outcomes") && by?.text == "customer" && table.every?.seconds == 1 && table.alert == nil)
        #expect(rows.kind == .name("t") && id?.text == "customer")
        #expect(messages("let p = invoke \"churn\" with t by 3") == ["expected the column of the requests' ids after `by`"])
        // A model bound to `quality` is monitored as any other.
        #expect(named.model?.kind == .name("quality"))
        #expect(messages("monitor \"churn\" against best every 5 hours") == ["expected a duration after `every`, such as `30m`, `1h` or `1d`"])
        #expect(messages("monitor best on t every 1h") == ["a schedule and alerts watch an endpoint's traffic, not a table"])
    }

    @Test("the registry's statements: approve and reject name a version; lineage may; deploy takes a stored model's name alone")
    func registryStatements() {
        let parsed = Parser.parse("approve \"churn\" version 3\nreject \"churn\" version 2\nlineage \"churn\"\nlineage \"churn\" version 1\n"
                                  + "deploy \"churn\"\ndeploy \"churn\" as \"prod\" port 9000\nruns | take 2").statements
        guard parsed.count == 7, let approve = parsed[0].as(ApproveStatement.self), let reject = parsed[1].as(RejectStatement.self),
              let latest = parsed[2].as(LineageStatement.self), let first = parsed[3].as(LineageStatement.self),
              let byName = parsed[4].as(DeployStatement.self), let renamed = parsed[5].as(DeployStatement.self),
              let listed = parsed[6].as(ExpressionStatement.self), case .pipe(let runs, _, _) = listed.expression.kind else {
            Issue.record("wrong statements: \(parsed.map(\.node))")
            return
        }
        #expect(approve.version.kind == .number(3) && reject.version.kind == .number(2))
        #expect(latest.version == nil && first.version?.kind == .number(1))
        #expect(byName.name == nil && byName.model.kind == .string("churn") && renamed.name?.kind == .string("prod"))
        #expect(runs.kind == .runs)
        #expect(messages("approve \"churn\"") == ["expected `version n` after the model's name"])
        #expect(messages("deploy best port 8080") == ["expected `as \"name\"` after the model to deploy"])
        #expect(messages("let runs = 1") == ["`runs` is a keyword and cannot name a value"])
        #expect(messages("let lineage = 1") == ["`lineage` is a keyword and cannot name a value"])
    }

    @Test("a line that starts no statement says so, with the closest statement or the list; steps say what they expected")
    func unknownStatements() {
        let evaluate = Parser.parse("evalute m on te").diagnostics
        #expect(evaluate.map(\.message) == ["unknown statement `evalute`"])
        #expect(evaluate.first?.help == "did you mean `evaluate`?")
        #expect(Parser.parse("trian xgboost on t predicting y").diagnostics.first?.help == "did you mean `train`?")
        #expect(Parser.parse("corr d").diagnostics.first?.help?.hasPrefix("statements: `let`, `print`, `describe`") == true)
        let sort = Parser.parse("t | sort tenure desk").diagnostics
        #expect(sort.map(\.message) == ["expected `desc`, `asc`, `,` or the end of the step after `tenure`"])
        #expect(sort.first?.help == "did you mean `desc`?")
        #expect(Parser.parse("t | frobnicate").diagnostics.first?.help?.hasPrefix("steps: `take`, `select`") == true)
    }
}
