import SluiceData
import SluiceDisplay
import SluiceML

/// A value of the language.
public enum Value: Sendable, Equatable {
    case number(Double)
    case string(String)
    case boolean(Bool)
    case null
    case list([Value])
    /// Named values: `{ zip = "categorical" }`.
    case record([String: Value])
    case table(Table)
    /// A recipe's steps, not yet fitted.
    case recipe(Recipe)
    /// A recipe fitted on a training table.
    case fittedRecipe(FittedRecipe)
    /// A trained model.
    case model(TrainedModel)
    /// A tuning run; it behaves as its best model.
    case tuning(TuningResult)
    /// A chart (`plot`).
    case chart(Chart)
    /// Models evaluated on a table (`evaluate`); after `|` it is its table of metrics.
    case evaluation(ModelComparison)
    /// k-fold cross-validation (`crossvalidate`); after `|` it is its table of folds.
    case crossValidation(CrossValidation)

    /// The model a value stands for: a model, or a tuning run's best.
    public var trainedModel: TrainedModel? {
        switch self {
        case .model(let model): model
        case .tuning(let result): result.model
        default: nil
        }
    }

    /// The value's type, as messages name it.
    public var typeName: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .boolean: "boolean"
        case .null: "null"
        case .list: "list"
        case .record: "record"
        case .table: "table"
        case .recipe: "recipe"
        case .fittedRecipe: "fitted recipe"
        case .model: "model"
        case .tuning: "tuning result"
        case .chart: "chart"
        case .evaluation: "evaluation"
        case .crossValidation: "cross-validation"
        }
    }

    /// The value as a literal: strings quoted, lists bracketed.
    public var literalText: String {
        switch self {
        case .number(let value): formatFloat(value)
        case .string(let text): "\"" + text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
        case .boolean(let value): value ? "true" : "false"
        case .null: "null"
        case .list(let items): "[" + items.map(\.literalText).joined(separator: ", ") + "]"
        case .record(let fields):
            "{ " + fields.keys.sorted().map { "\($0) = \(fields[$0]!.literalText)" }.joined(separator: ", ") + " }"
        case .table(let table): TableRenderer(maxRows: .max).shapeLine(for: table)
        case .recipe(let recipe): "recipe with \(recipe.steps.count) step\(recipe.steps.count == 1 ? "" : "s")"
        case .fittedRecipe(let recipe): "fitted recipe with \(recipe.steps.count) step\(recipe.steps.count == 1 ? "" : "s")"
        case .model(let model): "\(model.algorithm) model" + (model.target.map { " predicting \($0)" } ?? "")
        case .tuning(let result): "tuning of \(result.model.algorithm) over \(result.trials.count) trials"
        case .chart(let chart): "chart: \(chart.title)"
        case .evaluation(let comparison): "evaluation of " + comparison.entries.map(\.name).joined(separator: ", ")
        case .crossValidation(let validation): "\(validation.folds.count)-fold cross-validation of \(validation.algorithm.name)"
        }
    }

    /// The text `print` writes: strings unquoted, tables rendered.
    public var printedText: String {
        switch self {
        case .string(let text): text
        case .table, .recipe, .fittedRecipe, .model, .tuning, .chart, .evaluation, .crossValidation:
            displayBundles(textWidth: nil).map(\.plainText).joined(separator: "\n")
        default: literalText
        }
    }

    /// The value as a table, when it is one or stands for one (an evaluation's metrics, a cross-validation's folds).
    public var table: Table? {
        switch self {
        case .table(let table): table
        case .evaluation(let comparison): comparison.metricsTable
        case .crossValidation(let validation): validation.table
        default: nil
        }
    }

    /// The value's renderings for display: most values have one; an evaluation has its metrics, then each
    /// chart. A front end shows them in order, the last as the result.
    public func displayBundles(textWidth: Int? = nil) -> [MimeBundle] {
        switch self {
        case .table(let table): [TableRenderer(maxWidth: textWidth).bundle(for: table)]
        case .recipe(let recipe): [RecipeRenderer().bundle(for: recipe)]
        case .fittedRecipe(let recipe): [RecipeRenderer().bundle(for: recipe)]
        case .model(let model): ModelRenderer().bundles(for: model)
        case .tuning(let result): TuningRenderer().bundles(for: result)
        case .chart(let chart): [chart.bundle]
        case .evaluation(let comparison): EvaluationRenderer().bundles(for: comparison)
        case .crossValidation(let validation): [CrossValidationRenderer().bundle(for: validation)]
        default: [MimeBundle(plainText: literalText)]
        }
    }
}
