/// `endpoints`: the deployed endpoints with their health, checked now.
struct EndpointsStatement: KeywordStatement {
    static let keyword = Keyword.endpoints
    static let help = HelpTopic(.endpoints, .deployment, usage: "endpoints",
        text: "Lists the deployed endpoints with their health (checked now on /ping), address, model version and process.")

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> EndpointsStatement {
        parser.advance()
        return EndpointsStatement()
    }

    func check(_ resolver: inout Resolver) {}

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let deployment = context.evaluator.deployment
        if let table = deployment.endpointTable() {
            context.show(.table(table))
        } else {
            context.say("no endpoints are deployed from \(context.evaluator.store.root)")
        }
    }
}
