import SluiceServe

/// `deploy MODEL as "name" [port n] [capture p%]`: a real HTTP endpoint process for the model; `deploy "model"
/// [as "name"] …` serves a stored model's latest approved version (its latest when none is approved).
struct DeployStatement: KeywordStatement {
    var runsOnLeaderOnly: Bool { true }
    static let keyword = Keyword.deploy
    static let help = HelpTopic(.deploy, .deployment, usage: "deploy MODEL as \"name\" [port n] [capture p%] [format sagemaker]  /  deploy \"model\" [as \"name\"] …",
        text: "`deploy \"model\"` serves the stored model's latest approved version (`approve`), or its latest when none is approved, and keeps serving that version whatever is saved after it. `deploy MODEL as \"name\"` stores the model as a version of `name` and serves it at http://127.0.0.1:PORT with SageMaker's /ping and /invocations (CSV, JSON, JSON Lines) and a Prometheus /metrics, in a `sluice serve` process that outlives the session. Without `port`, a free one. Deploying again replaces the model while requests in flight finish. `capture` samples that share of requests and responses (100% by default) under the store for `monitor`. Set SLUICE_ENDPOINT_TOKEN to require a bearer token. `format sagemaker` answers exactly as SageMaker's built-in containers do (XGBoost: the probability alone, a line each; Linear Learner: score and predicted_label as 0|1); a request with `X-Sluice-Answers: sluice` gets Sluice's answers, as `invoke` does.")

    var model: Expression
    /// The endpoint's name; without it, the stored model's own.
    var name: Expression?
    var port: Expression?
    var capture: Expression?
    /// `format sagemaker`: answer as SageMaker's built-in containers do.
    var answers: AnswerStyle = .sluice

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> DeployStatement {
        parser.advance()
        let model = try parser.parseUnary()
        let name = try parser.parseOptionalClause(.as)
        if name == nil, case .name = model.kind {
            throw Diagnostic(.syntax, "expected `as \"name\"` after the model to deploy", span: parser.current.span,
                             label: "found \(parser.current.display)",
                             help: "write `deploy best as \"churn\" port 8080`, or `deploy \"churn\"` for a stored model's approved version")
        }
        let port = try parser.parseOptionalClause(.port)
        let capture = try parser.parseOptionalClause(.capture)
        var answers = AnswerStyle.sluice
        if parser.take(.format) {
            guard case .word(let word) = parser.current.kind, let style = AnswerStyle(rawValue: word) else {
                throw Diagnostic(.syntax, "expected `sagemaker` or `sluice` after `format`", span: parser.current.span,
                                 label: "found \(parser.current.display)",
                                 help: "`format sagemaker` answers as SageMaker's built-in algorithm containers do")
            }
            answers = style
            parser.advance()
        }
        return DeployStatement(model: model, name: name, port: port, capture: capture, answers: answers)
    }

    func check(_ resolver: inout Resolver) {
        resolver.check(model)
        resolver.check(name)
        resolver.check(port)
        resolver.check(capture)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        context.say(try context.evaluator.deployment.deploy(model: model, name: name, port: port, capture: capture, answers: answers))
    }
}
