import SluiceML

/// `dateparts [cols]`: each datetime column becomes integer features `_year`, `_month`, `_day`,
/// `_weekday` (Monday = 0) and, when the training values have times, `_hour`.
struct DatePartsStep: RecipeStepSyntax {
    static let keyword = Keyword.dateparts
    static let help = HelpTopic(.dateparts, .recipes, usage: "dateparts [cols]",
        text: "Each datetime column (all of them without a list) becomes integer columns col_year, col_month, col_day, col_weekday (Monday = 0) and, when the training values have times of day, col_hour. Training does this by itself for datetime columns a recipe leaves.")

    var columnList: [Name]?

    var columns: [Name] { columnList ?? [] }

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> DatePartsStep {
        parser.advance()
        return DatePartsStep(columnList: try parser.parseOptionalNameList())
    }

    func check(_ resolver: inout Resolver) {}

    func recipeStep(_ evaluator: Evaluator) throws(Diagnostic) -> RecipeStep {
        .dateParts(columns: columnList?.map(\.text))
    }
}
