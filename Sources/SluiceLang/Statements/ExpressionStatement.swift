/// A bare expression: its value is shown (the last one of a cell is the cell's result).
struct ExpressionStatement: StatementNode, Equatable {
    var expression: Expression

    func check(_ resolver: inout Resolver) {
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
