/// A bare expression: its value is shown (the last one of a cell is the cell's result).
struct ExpressionStatement: StatementNode, Equatable {
    var expression: Expression

    func check(_ resolver: inout Resolver) {
        // A lone unbound word close to a statement's is a misspelt statement, not a name to bind.
        if case .name(let word) = expression.kind, !resolver.isBound(word),
           closestMatch(to: word, among: (StatementRegistry.keywords + Keyword.valueWords).map(\.rawValue)) != nil {
            resolver.report(Parser.unknownStatement(word, at: expression.span))
            return
        }
        resolver.check(expression)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let value = try context.evaluator.evaluate(expression)
        if context.isLast {
            context.result = value
        } else {
            context.show(value)
        }
    }
}
