/// `undeploy "name"`: stops an endpoint once its requests in flight finish.
struct UndeployStatement: KeywordStatement {
    var runsOnLeaderOnly: Bool { true }
    static let keyword = Keyword.undeploy
    static let help = HelpTopic(.undeploy, .deployment, usage: "undeploy \"name\"",
        text: "Stops an endpoint: it finishes the requests in flight, then exits.")

    var name: Expression

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> UndeployStatement {
        parser.advance()
        return UndeployStatement(name: try parser.parseUnary())
    }

    func check(_ resolver: inout Resolver) {
        resolver.check(name)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        context.say(try context.evaluator.deployment.undeploy(name))
    }
}
