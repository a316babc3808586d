import SluiceData

/// `apply FITTED_RECIPE`: prepares the table with a fitted recipe.
struct ApplyStep: TableStepSyntax {
    static let keyword = Keyword.apply
    static let help = HelpTopic(.apply, .tableSteps, usage: "TABLE | apply FITTED_RECIPE", text: "Prepares a table with a fitted recipe.")

    var recipe: Expression

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> ApplyStep {
        parser.advance()
        return ApplyStep(recipe: try parser.parseUnary())
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        resolver.check(recipe)
        return .table(nil)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        guard case .fittedRecipe(let fitted) = try evaluator.evaluate(recipe) else {
            throw Diagnostic(.type, "`apply` needs a fitted recipe", span: recipe.span, label: "not a fitted recipe",
                             help: "fit one first: `let prepared = fit prep on train_set`")
        }
        do {
            return .table(try fitted.apply(to: table))
        } catch {
            throw Diagnostic(.runtime, "cannot apply the recipe: \(error.description)", span: span, label: "while applying")
        }
    }
}
