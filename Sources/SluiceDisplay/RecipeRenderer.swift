import SluiceML

/// Renders recipes: the steps of an unfitted one, the learned values of a fitted one.
public struct RecipeRenderer: Sendable {
    public init() {}

    /// An unfitted recipe, one step a line.
    public func bundle(for recipe: Recipe) -> MimeBundle {
        let lines = recipe.steps.isEmpty ? ["(no steps)"] : recipe.steps.map(describe)
        return MimeBundle(plainText: (["recipe (not fitted)"] + lines.map { "  | " + $0 }).joined(separator: "\n"),
                          html: htmlList(title: "recipe (not fitted)", items: lines))
    }

    /// A fitted recipe: what each step learned.
    public func bundle(for recipe: FittedRecipe) -> MimeBundle {
        let lines = recipe.steps.flatMap(describe)
        let title = "fitted recipe on \(recipe.inputSchema.count) columns"
        return MimeBundle(plainText: ([title] + lines.map { "  " + $0 }).joined(separator: "\n"),
                          html: htmlList(title: title, items: lines))
    }

    /// An unfitted recipe's steps on one line, as written after `recipe`: `impute median [x] | scale standard`
    /// (empty for none).
    public func pipeline(_ recipe: Recipe) -> String {
        recipe.steps.map(describe).joined(separator: " | ")
    }

    private func columnList(_ columns: [String]?) -> String {
        columns.map { "[" + $0.joined(separator: ", ") + "]" } ?? "(every fitting column)"
    }

    private func describe(_ step: RecipeStep) -> String {
        switch step {
        case .impute(let strategy, let columns):
            let how: String = switch strategy {
            case .mean: "mean"
            case .median: "median"
            case .mode: "mode"
            case .constant(let value): "constant \(display(value))"
            }
            return "impute \(how) \(columnList(columns))"
        case .encodeOneHot(let columns): return "encode onehot \(columnList(columns))"
        case .encodeOrdinal(let column, let levels):
            return "encode ordinal \(column)" + (levels.map { " [" + $0.joined(separator: ", ") + "]" } ?? "")
        case .scale(let method, let columns): return "scale \(method.rawValue) \(columnList(columns))"
        case .dateParts(let columns): return "dateparts \(columnList(columns))"
        }
    }

    private func describe(_ step: FittedStep) -> [String] {
        switch step {
        case .impute(let fills):
            return fills.sorted { $0.key < $1.key }.map { "impute \($0.key): missing → \(display($0.value))" }
        case .oneHot(let levels):
            return levels.sorted { $0.key < $1.key }.map {
                "onehot \($0.key) → \($0.value.count) columns (\($0.value.joined(separator: ", ")))"
            }
        case .ordinal(let column, let levels):
            return ["ordinal \(column): " + levels.enumerated().map { "\($0.element) → \($0.offset)" }.joined(separator: ", ")]
        case .scale(let scales):
            return scales.sorted { $0.key < $1.key }.map {
                "scale \($0.key): (x − \(formatStatistic($0.value.center))) / \(formatStatistic($0.value.scale))"
            }
        case .dateParts(let parts):
            return parts.sorted { $0.key < $1.key }.map { column, parts in
                "dateparts \(column) → " + parts.map { "\(column)_\($0.rawValue)" }.joined(separator: ", ")
            }
        }
    }

    private func display(_ value: RecipeValue) -> String {
        switch value {
        case .number(let number): formatStatistic(number)
        case .text(let text): "\"\(text)\""
        }
    }

    private func htmlList(title: String, items: [String]) -> String {
        "<div class=\"sluice-recipe\"><strong>\(escapeHTML(title))</strong><ol>"
            + items.map { "<li><code>\(escapeHTML($0))</code></li>" }.joined() + "</ol></div>"
    }
}
