import SluiceData

/// How `impute` fills missing values.
public enum ImputeStrategy: Sendable, Equatable, Codable {
    /// The training mean (numeric columns).
    case mean
    /// The training median (numeric columns).
    case median
    /// The most frequent training value; ties go to the smallest value (any column).
    case mode
    /// A fixed number or text.
    case constant(RecipeValue)
}

/// How `scale` rescales numeric columns.
public enum ScaleMethod: String, Sendable, Equatable, Codable {
    /// (x − mean) / standard deviation, with the population deviation (as scikit-learn's StandardScaler).
    case standard
    /// (x − min) / (max − min).
    case minmax
}

/// A number or a text, as recipes store learned values.
public enum RecipeValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public var description: String {
        switch self {
        case .number(let value): formatFloat(value)
        case .text(let text): "\"\(text)\""
        }
    }
}

/// One preparation step, before fitting. A nil column list means every
/// column of the kind the step applies to, the target excepted.
public enum RecipeStep: Sendable, Equatable, Codable {
    case impute(ImputeStrategy, columns: [String]?)
    case encodeOneHot(columns: [String]?)
    /// Codes 0, 1, 2, … in the order of `levels`, or of the sorted training values when nil.
    case encodeOrdinal(column: String, levels: [String]?)
    case scale(ScaleMethod, columns: [String]?)
    /// Each datetime column replaced by its parts: `_year`, `_month`, `_day`, `_weekday` (Monday = 0)
    /// and, unless every training value is a midnight, `_hour`.
    case dateParts(columns: [String]?)
}

/// A sequence of preparation steps, to be fitted on a training table.
public struct Recipe: Sendable, Equatable, Codable {
    public var steps: [RecipeStep]

    public init(steps: [RecipeStep] = []) {
        self.steps = steps
    }

    /// The recipe with `step` added at the end.
    public func adding(_ step: RecipeStep) -> Recipe {
        Recipe(steps: steps + [step])
    }

    /// Learns every step's parameters from `table`, in order: each step is
    /// fitted on the output of the steps before it. `target` is never touched.
    /// With a collective of several workers, `table` is this worker's shard and the
    /// parameters are learned from all the shards (means and deviations from pooled
    /// sums, medians from pooled order statistics, modes from pooled counts, levels
    /// from the union): the same on every worker.
    public func fit(on table: Table, target: String? = nil, collective: any Collective = LocalCollective()) throws(RecipeError) -> FittedRecipe {
        var fitted: [FittedStep] = []
        var current = table
        let pool = PooledStatistics(collective: collective)
        for step in steps {
            let learned = try FittedStep.fit(step, on: current, target: target, pool: pool)
            current = try learned.apply(to: current)
            fitted.append(learned)
        }
        return FittedRecipe(
            inputSchema: table.columns.filter { $0.name != target }.map { ColumnSchema(name: $0.name, kind: $0.kind) },
            steps: fitted)
    }
}

/// A column's name and kind, as a fitted recipe expects its input.
public struct ColumnSchema: Sendable, Equatable, Codable {
    public var name: String
    public var kindName: String

    public init(name: String, kind: ColumnKind) {
        self.name = name
        kindName = kind.rawValue
    }

    public var kind: ColumnKind? { ColumnKind(rawValue: kindName) }
}

/// A recipe with its learned parameters, ready to prepare any table with the
/// training table's columns (the target may be absent).
public struct FittedRecipe: Sendable, Equatable, Codable {
    /// The columns it was fitted on, the target excepted.
    public var inputSchema: [ColumnSchema]
    public var steps: [FittedStep]

    /// Prepares `table`: checks its columns, then applies every step in order.
    public func apply(to table: Table) throws(RecipeError) -> Table {
        for expected in inputSchema {
            guard let column = table.column(named: expected.name) else { throw .missingColumn(expected.name) }
            if let kind = expected.kind, !compatible(kind, column.kind) {
                throw .wrongKind(column: expected.name, expected: kind, actual: column.kind)
            }
        }
        var current = table
        for step in steps { current = try step.apply(to: current) }
        return current
    }

    private func compatible(_ expected: ColumnKind, _ actual: ColumnKind) -> Bool {
        expected == actual || (expected.isNumeric && actual.isNumeric)
            || ([.categorical, .text].contains(expected) && [.categorical, .text].contains(actual))
    }
}

/// Why a recipe cannot be fitted or applied.
public enum RecipeError: Error, Equatable, CustomStringConvertible {
    case missingColumn(String)
    case wrongKind(column: String, expected: ColumnKind, actual: ColumnKind)
    case notApplicable(step: String, column: String, kind: ColumnKind)
    case nothingToFit(step: String, column: String)
    case table(TableError)

    public var description: String {
        switch self {
        case .missingColumn(let name):
            "the table has no column `\(name)`, which the recipe needs"
        case .wrongKind(let column, let expected, let actual):
            "`\(column)` is \(actual.rawValue) here but was \(expected.rawValue) when the recipe was fitted"
        case .notApplicable(let step, let column, let kind):
            "`\(step)` does not apply to `\(column)`, a \(kind.rawValue) column"
        case .nothingToFit(let step, let column):
            "`\(step)` cannot learn from `\(column)`: it has no values"
        case .table(let error):
            error.description
        }
    }
}
