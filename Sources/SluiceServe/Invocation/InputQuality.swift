import SluiceData
import SluiceML

/// What a request's rows lack or hold that the model never saw, which it would otherwise score silently
/// (as SageMaker's containers do): columns absent from every row (all their values missing), and values of
/// categorical columns outside the levels the recipe learned (encoded as no level at all).
public struct InputQuality: Sendable, Equatable {
    /// The model's columns that no row of the request named.
    public var missingColumns: [String] = []
    /// Per categorical column, how many values were not among training's levels.
    public var unseenValues: [String: Int] = [:]

    /// One line for a warning header, or nil when there is nothing to say.
    public var warning: String? {
        var parts: [String] = []
        if !missingColumns.isEmpty { parts.append("columns missing from every row: " + missingColumns.joined(separator: ", ")) }
        if !unseenValues.isEmpty {
            let total = unseenValues.values.reduce(0, +)
            parts.append("\(total) value\(total == 1 ? "" : "s") not seen in training: "
                + unseenValues.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The levels each categorical input column was encoded with when the model was trained (one-hot and
    /// ordinal encodings of the fitted recipe).
    static func knownLevels(of model: TrainedModel) -> [String: Set<String>] {
        var known: [String: Set<String>] = [:]
        for step in model.recipe.steps {
            switch step {
            case .oneHot(let levels): for (column, values) in levels { known[column, default: []].formUnion(values) }
            case .ordinal(let column, let levels): known[column, default: []].formUnion(levels)
            case .impute, .scale, .dateParts: break
            }
        }
        return known
    }

    /// The values of `table`'s columns in `known` that are not among their levels, counted by column.
    static func unseenValues(in table: Table, known: [String: Set<String>]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for (name, levels) in known {
            guard let column = table.column(named: name) else { continue }
            var unseen = 0
            switch column.values {
            case .categorical(let codes, let columnLevels):
                let outside = columnLevels.map { !levels.contains($0) }
                for code in codes where code >= 0 && outside[Int(code)] { unseen += 1 }
            case .text(let values, _):
                for row in values.indices where !column.isMissing(row) && !levels.contains(values[row]) { unseen += 1 }
            default:
                for row in 0..<column.count where !column.isMissing(row) {
                    if let text = column.formattedValue(at: row), !levels.contains(text) { unseen += 1 }
                }
            }
            if unseen > 0 { counts[name] = unseen }
        }
        return counts
    }
}
