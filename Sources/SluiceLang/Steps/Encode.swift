import SluiceML

/// `encode onehot [cols]` (one 0/1 column per category) or `encode ordinal col [levels]` (the category's
/// position in `levels`).
struct EncodeStep: RecipeStepSyntax {
    static let keyword = Keyword.encode
    static let help = HelpTopic(.encode, .recipes, usage: "encode onehot [cols]  /  encode ordinal col [levels]",
        text: "One column per category (0/1), or the category's position in `levels`.")

    enum Encoding: Sendable, Equatable {
        case oneHot([Name]?)
        case ordinal(Name, levels: Expression?)
    }

    var encoding: Encoding

    var columns: [Name] {
        switch encoding {
        case .oneHot(let names): names ?? []
        case .ordinal(let name, _): [name]
        }
    }

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> EncodeStep {
        parser.advance()
        if parser.take(.onehot) { return EncodeStep(encoding: .oneHot(try parser.parseOptionalNameList())) }
        guard parser.take(.ordinal) else {
            throw Diagnostic(.syntax, "expected `onehot` or `ordinal` after `encode`", span: parser.current.span,
                             label: "found \(parser.current.display)")
        }
        let column = try parser.parseColumnName("the column to encode")
        let levels = parser.current.isSymbol(.leftBracket) ? try parser.parsePrimary() : nil
        return EncodeStep(encoding: .ordinal(column, levels: levels))
    }

    func check(_ resolver: inout Resolver) {
        if case .ordinal(_, let levels) = encoding { resolver.check(levels) }
    }

    func recipeStep(_ evaluator: Evaluator) throws(Diagnostic) -> RecipeStep {
        switch encoding {
        case .oneHot(let names):
            return .encodeOneHot(columns: names?.map(\.text))
        case .ordinal(let column, let levelsExpression):
            guard let levelsExpression else { return .encodeOrdinal(column: column.text, levels: nil) }
            guard case .list(let items) = try evaluator.evaluate(levelsExpression) else {
                throw Self.levelsError(levelsExpression)
            }
            var levels: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw Self.levelsError(levelsExpression) }
                levels.append(text)
            }
            return .encodeOrdinal(column: column.text, levels: levels)
        }
    }

    private static func levelsError(_ levels: Expression) -> Diagnostic {
        Diagnostic(.type, "the levels of `encode ordinal` must be a list of text", span: levels.span,
                   label: "expected [\"low\", \"high\"]")
    }
}
