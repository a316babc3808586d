import SluiceML

/// `impute (mean|median|mode|constant v) [cols]`: fills missing values; without columns, every column of
/// the fitting kind except the target.
struct ImputeStep: RecipeStepSyntax {
    static let keyword = Keyword.impute
    static let help = HelpTopic(.impute, .recipes, usage: "impute (mean|median|mode|constant v) [cols]",
        text: "Fills missing values; without columns, every column of the fitting kind except the target.")

    /// How missing values are filled, as written.
    enum Strategy: Sendable, Equatable {
        case mean, median, mode
        case constant(Expression)
    }

    var strategy: Strategy
    var columnList: [Name]?

    var columns: [Name] { columnList ?? [] }

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> ImputeStep {
        parser.advance()
        let strategy: Strategy
        switch parser.current.keyword {
        case .mean?: strategy = .mean
        case .median?: strategy = .median
        case .mode?: strategy = .mode
        case .constant?:
            parser.advance()
            return ImputeStep(strategy: .constant(try parser.parseUnary()), columnList: try parser.parseOptionalNameList())
        default:
            throw Diagnostic(.syntax, "expected `mean`, `median`, `mode` or `constant VALUE` after `impute`",
                             span: parser.current.span, label: "found \(parser.current.display)")
        }
        parser.advance()
        return ImputeStep(strategy: strategy, columnList: try parser.parseOptionalNameList())
    }

    func check(_ resolver: inout Resolver) {
        if case .constant(let value) = strategy { resolver.check(value) }
    }

    func recipeStep(_ evaluator: Evaluator) throws(Diagnostic) -> RecipeStep {
        let names = columnList?.map(\.text)
        switch strategy {
        case .mean: return .impute(.mean, columns: names)
        case .median: return .impute(.median, columns: names)
        case .mode: return .impute(.mode, columns: names)
        case .constant(let expression):
            switch try evaluator.evaluate(expression) {
            case .number(let x): return .impute(.constant(.number(x)), columns: names)
            case .string(let text): return .impute(.constant(.text(text)), columns: names)
            case let other:
                throw Diagnostic(.type, "`impute constant` needs a number or text, not \(valueDescription(other))",
                                 span: expression.span, label: "expected a number or text")
            }
        }
    }
}
