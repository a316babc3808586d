import SluiceML

/// `scale (standard|minmax) [cols]`: centres and scales by the training mean and std, or maps the
/// training range to [0, 1].
struct ScaleStep: RecipeStepSyntax {
    static let keyword = Keyword.scale
    static let help = HelpTopic(.scale, .recipes, usage: "scale (standard|minmax) [cols]",
        text: "Centres and scales by the training mean and std, or maps the training range to [0, 1].")

    var method: ScaleMethod
    var columnList: [Name]?

    var columns: [Name] { columnList ?? [] }

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> ScaleStep {
        parser.advance()
        guard case .word(let word) = parser.current.kind, let method = ScaleMethod(rawValue: word) else {
            throw Diagnostic(.syntax, "expected `standard` or `minmax` after `scale`", span: parser.current.span,
                             label: "found \(parser.current.display)")
        }
        parser.advance()
        return ScaleStep(method: method, columnList: try parser.parseOptionalNameList())
    }

    func check(_ resolver: inout Resolver) {}

    func recipeStep(_ evaluator: Evaluator) throws(Diagnostic) -> RecipeStep {
        .scale(method, columns: columnList?.map(\.text))
    }
}
