import SluiceDisplay

/// `importance MODEL`: feature importance as a table and bars.
struct ImportanceStatement: KeywordStatement {
    static let keyword = Keyword.importance
    static let help = HelpTopic(.importance, .statements, usage: "importance MODEL",
        text: "Feature importance: XGBoost's gain for boosted trees, |weight| × std for the linear learner; a table and bars.")

    var model: Expression

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> ImportanceStatement {
        parser.advance()
        return ImportanceStatement(model: try parser.parseExpression())
    }

    func check(_ resolver: inout Resolver) {
        resolver.check(model)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let trained = try context.evaluator.model(model, "`importance` needs a model")
        do {
            for bundle in ImportanceRenderer().bundles(for: try trained.importance(), algorithm: trained.algorithm) { context.sink.display(bundle) }
        } catch {
            throw Diagnostic(.runtime, "\(error)", span: context.span, label: "no importance")
        }
    }
}
