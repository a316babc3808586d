import SluiceData
import SluiceML

/// A step after `|` that takes a table. Each is one type in Steps/ that owns its keyword, grammar,
/// resolver check, execution and help, listed once in ``StepRegistry``.
protocol TableStepSyntax: Sendable, Equatable {
    /// The word the step starts with.
    static var keyword: Keyword { get }
    /// What `help KEYWORD` shows.
    static var help: HelpTopic { get }
    /// What Tab offers inside the step.
    static var completion: StepCompletion { get }
    /// Parses the step; the parser stands on its keyword.
    static func parse(_ parser: inout Parser) throws(Diagnostic) -> Self
    /// Checks the step's names and columns and tells what comes out, from what is known of the input
    /// table's columns (nil when unknown, or when the input is not a table).
    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue
    /// Applies the step to a table.
    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value
}

/// A step of `recipe | …`. Each is one type in Steps/, listed once in ``StepRegistry``.
protocol RecipeStepSyntax: Sendable, Equatable {
    static var keyword: Keyword { get }
    static var help: HelpTopic { get }
    static func parse(_ parser: inout Parser) throws(Diagnostic) -> Self
    /// The columns the step names, checked against the table the recipe is fitted on.
    var columns: [Name] { get }
    /// Checks the values the step uses (a constant, levels).
    func check(_ resolver: inout Resolver)
    /// The engine's step, with its values evaluated.
    func recipeStep(_ evaluator: Evaluator) throws(Diagnostic) -> RecipeStep
}

/// What completion offers inside a step.
enum StepCompletion {
    /// The keywords and names, as anywhere.
    case general
    /// The columns of the table in scope.
    case columns
    /// Columns, bound values, row functions and operators.
    case rowExpression
}

extension TableStepSyntax {
    static var completion: StepCompletion { .general }

    func isEqual(to other: any TableStepSyntax) -> Bool { (other as? Self) == self }
}

extension RecipeStepSyntax {
    func isEqual(to other: any RecipeStepSyntax) -> Bool { (other as? Self) == self }
}

/// The steps of the language, by keyword: the one table that the parser, completion, help and the
/// fuzz tests read. A new step is a new type in Steps/ and a line here.
enum StepRegistry {
    static let tableSteps: [any TableStepSyntax.Type] = [
        TakeStep.self, SelectStep.self, FilterStep.self, DeriveStep.self, RenameStep.self, SortStep.self, SampleStep.self,
        SplitStep.self, DistinctStep.self, JoinStep.self, GroupStep.self, AggregateStep.self, CountStep.self, CrosstabStep.self,
        AppendStep.self, BalanceStep.self, PlotStep.self, SaveStep.self, ApplyStep.self, PredictStep.self,
    ]
    static let recipeSteps: [any RecipeStepSyntax.Type] = [ImputeStep.self, EncodeStep.self, ScaleStep.self, DatePartsStep.self]

    /// The words that start steps: table steps, then recipe steps.
    static let keywords: [Keyword] = tableSteps.map { $0.keyword } + recipeSteps.map { $0.keyword }

    static func tableStep(startingWith keyword: Keyword) -> (any TableStepSyntax.Type)? {
        tableSteps.first { $0.keyword == keyword }
    }

    static func recipeStep(startingWith keyword: Keyword) -> (any RecipeStepSyntax.Type)? {
        recipeSteps.first { $0.keyword == keyword }
    }
}
