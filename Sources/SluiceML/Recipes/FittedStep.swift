import SluiceData

/// A preparation step with the parameters it learned from the training table.
public enum FittedStep: Sendable, Equatable, Codable {
    /// Fill missing values of each column with its value.
    case impute([String: RecipeValue])
    /// Replace each column by one 0/1 column per training level, named `column=level`.
    case oneHot([String: [String]])
    /// Replace the column's values by their position in `levels`; unseen values become missing.
    case ordinal(column: String, levels: [String])
    /// (x − center) / scale, for each column.
    case scale([String: AffineScale])

    // MARK: - Fitting

    static func fit(_ step: RecipeStep, on table: Table, target: String?) throws(RecipeError) -> FittedStep {
        switch step {
        case .impute(let strategy, let names):
            let numericOnly = strategy == .mean || strategy == .median
            let columns = try pick(names, in: table, target: target, step: "impute") { kind in
                numericOnly ? kind.isNumeric : true
            }
            var fills: [String: RecipeValue] = [:]
            for column in columns {
                if numericOnly, !column.kind.isNumeric {
                    throw .notApplicable(step: "impute \(strategy)", column: column.name, kind: column.kind)
                }
                fills[column.name] = try fill(for: column, strategy: strategy)
            }
            return .impute(fills)
        case .encodeOneHot(let names):
            let columns = try pick(names, in: table, target: target, step: "encode onehot") { $0 == .categorical || $0 == .boolean }
            var levels: [String: [String]] = [:]
            for column in columns {
                guard column.kind == .categorical || column.kind == .boolean || column.kind == .text else {
                    throw .notApplicable(step: "encode onehot", column: column.name, kind: column.kind)
                }
                levels[column.name] = Set((0..<column.count).compactMap { column.formattedValue(at: $0) }).sorted()
            }
            return .oneHot(levels)
        case .encodeOrdinal(let name, let given):
            guard let column = table.column(named: name) else { throw .missingColumn(name) }
            let levels = given ?? Set((0..<column.count).compactMap { column.formattedValue(at: $0) }).sorted()
            return .ordinal(column: name, levels: levels)
        case .scale(let method, let names):
            let columns = try pick(names, in: table, target: target, step: "scale") { $0.isNumeric }
            var scales: [String: AffineScale] = [:]
            for column in columns {
                guard let numbers = column.presentNumbers() else {
                    throw .notApplicable(step: "scale \(method.rawValue)", column: column.name, kind: column.kind)
                }
                guard !numbers.isEmpty else { throw .nothingToFit(step: "scale", column: column.name) }
                scales[column.name] = AffineScale(fitting: numbers, method: method)
            }
            return .scale(scales)
        }
    }

    /// The named columns, or every column whose kind `fits`, the target excepted.
    private static func pick(_ names: [String]?, in table: Table, target: String?, step: String,
                             fits: (ColumnKind) -> Bool) throws(RecipeError) -> [Column] {
        guard let names else { return table.columns.filter { $0.name != target && fits($0.kind) } }
        var columns: [Column] = []
        for name in names {
            guard let column = table.column(named: name) else { throw .missingColumn(name) }
            columns.append(column)
        }
        return columns
    }

    private static func fill(for column: Column, strategy: ImputeStrategy) throws(RecipeError) -> RecipeValue {
        switch strategy {
        case .constant(let value):
            return value
        case .mean, .median:
            let numbers = column.presentNumbers() ?? []
            guard !numbers.isEmpty else { throw .nothingToFit(step: "impute", column: column.name) }
            if strategy == .mean { return .number(numbers.reduce(0, +) / Double(numbers.count)) }
            return .number(quantile(numbers.sorted(), 0.5))
        case .mode:
            if let numbers = column.presentNumbers() {
                guard !numbers.isEmpty else { throw .nothingToFit(step: "impute", column: column.name) }
                var counts: [Double: Int] = [:]
                for number in numbers { counts[number, default: 0] += 1 }
                return .number(counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key)
            }
            var counts: [String: Int] = [:]
            for row in 0..<column.count {
                if let value = column.formattedValue(at: row) { counts[value, default: 0] += 1 }
            }
            guard let top = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else {
                throw .nothingToFit(step: "impute", column: column.name)
            }
            return .text(top.key)
        }
    }

    // MARK: - Applying

    func apply(to table: Table) throws(RecipeError) -> Table {
        do {
            switch self {
            case .impute(let fills):
                var current = table
                for (name, value) in fills.sorted(by: { $0.key < $1.key }) {
                    guard let column = current.column(named: name) else { throw RecipeError.missingColumn(name) }
                    current = try current.setting(column.filled(with: value))
                }
                return current
            case .oneHot(let levelsByColumn):
                var columns: [Column] = []
                for column in table.columns {
                    guard let levels = levelsByColumn[column.name] else {
                        columns.append(column)
                        continue
                    }
                    columns.append(contentsOf: column.oneHot(levels: levels))
                }
                return try Table(columns: columns)
            case .ordinal(let name, let levels):
                guard let column = table.column(named: name) else { throw RecipeError.missingColumn(name) }
                return try table.setting(column.ordinal(levels: levels))
            case .scale(let scales):
                var current = table
                for (name, scale) in scales.sorted(by: { $0.key < $1.key }) {
                    guard let column = current.column(named: name) else { throw RecipeError.missingColumn(name) }
                    guard let scaled = column.scaled(scale) else {
                        throw RecipeError.notApplicable(step: "scale", column: name, kind: column.kind)
                    }
                    current = try current.setting(scaled)
                }
                return current
            }
        } catch let error as RecipeError {
            throw error
        } catch let error as TableError {
            throw .table(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
}

/// A learned affine map x → (x − center) / scale.
public struct AffineScale: Sendable, Equatable, Codable {
    public var center: Double
    public var scale: Double

    public init(center: Double, scale: Double) {
        self.center = center
        self.scale = scale
    }

    /// Fits to `numbers` (non-empty). A constant column gets scale 1, so it maps to 0.
    init(fitting numbers: [Double], method: ScaleMethod) {
        switch method {
        case .standard:
            let mean = numbers.reduce(0, +) / Double(numbers.count)
            let variance = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(numbers.count)
            center = mean
            scale = variance > 0 ? variance.squareRoot() : 1
        case .minmax:
            let low = numbers.min()!, high = numbers.max()!
            center = low
            scale = high > low ? high - low : 1
        }
    }
}
