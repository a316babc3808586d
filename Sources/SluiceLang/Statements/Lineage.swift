import SluiceDisplay

/// `lineage "name" [version n]`: where a stored model version came from and where it is served.
struct LineageStatement: KeywordStatement {
    static let keyword = Keyword.lineage
    static let help = HelpTopic(.lineage, .tracking, usage: "lineage \"name\" [version n]",
        text: "Shows where a stored model version (the latest without `version`) came from and where it went: its data (source, shape, fingerprint), recipe, the run that trained it (statement, place, parameters with defaults, metrics) and the evaluations of its model, its registry status, and the endpoints serving it with their captured traffic and monitoring reports.")

    var name: Expression
    var version: Expression?

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> LineageStatement {
        parser.advance()
        let name = try parser.parseUnary()
        return LineageStatement(name: name, version: try parser.parseOptionalClause(.version))
    }

    func check(_ resolver: inout Resolver) {
        resolver.check(name)
        resolver.check(version)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        context.sink.display(LineageRenderer().bundle(for: try LineageTracing(evaluator: context.evaluator).lineage(name: name, version: version)))
    }
}
