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
    /// Replace each datetime column by one integer column per part, named `column_part`.
    case dateParts([String: [DatePart]])

    // MARK: - Fitting

    /// Learns `step`'s parameters from `table`, or, through `pool`, from every worker's shard of it.
    static func fit(_ step: RecipeStep, on table: Table, target: String?, pool: PooledStatistics) throws(RecipeError) -> FittedStep {
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
                fills[column.name] = try fill(for: column, strategy: strategy, pool: pool)
            }
            return .impute(fills)
        case .encodeOneHot(let names):
            let columns = try pick(names, in: table, target: target, step: "encode onehot") { $0 == .categorical || $0 == .boolean }
            var levels: [String: [String]] = [:]
            for column in columns {
                guard column.kind == .categorical || column.kind == .boolean || column.kind == .text else {
                    throw .notApplicable(step: "encode onehot", column: column.name, kind: column.kind)
                }
                levels[column.name] = pool.union(Set((0..<column.count).compactMap { column.formattedValue(at: $0) }))
            }
            return .oneHot(levels)
        case .encodeOrdinal(let name, let given):
            guard let column = table.column(named: name) else { throw .missingColumn(name) }
            let levels = given ?? pool.union(Set((0..<column.count).compactMap { column.formattedValue(at: $0) }))
            return .ordinal(column: name, levels: levels)
        case .scale(let method, let names):
            let columns = try pick(names, in: table, target: target, step: "scale") { $0.isNumeric }
            var scales: [String: AffineScale] = [:]
            for column in columns {
                guard let numbers = column.presentNumbers() else {
                    throw .notApplicable(step: "scale \(method.rawValue)", column: column.name, kind: column.kind)
                }
                guard let scale = AffineScale(fitting: numbers, method: method, pool: pool) else {
                    throw .nothingToFit(step: "scale", column: column.name)
                }
                scales[column.name] = scale
            }
            return .scale(scales)
        case .dateParts(let names):
            let columns = try pick(names, in: table, target: target, step: "dateparts") { $0 == .datetime }
            var parts: [String: [DatePart]] = [:]
            for column in columns {
                guard case .datetime(let values, let missing) = column.values else {
                    throw .notApplicable(step: "dateparts", column: column.name, kind: column.kind)
                }
                let timed = values.indices.contains { !missing.isMissing($0) && !DateTimeParser.isMidnight(values[$0]) }
                let anyTimed = pool.sums([timed ? 1 : 0])[0] > 0
                parts[column.name] = DatePart.allCases.filter { $0 != .hour || anyTimed }
            }
            return .dateParts(parts)
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

    private static func fill(for column: Column, strategy: ImputeStrategy, pool: PooledStatistics) throws(RecipeError) -> RecipeValue {
        switch strategy {
        case .constant(let value):
            return value
        case .mean:
            let numbers = column.presentNumbers() ?? []
            let totals = pool.sums([numbers.reduce(0, +), Double(numbers.count)])
            guard totals[1] > 0 else { throw .nothingToFit(step: "impute", column: column.name) }
            return .number(totals[0] / totals[1])
        case .median:
            let statistics = pool.orderStatistics(column.presentNumbers() ?? [])
            guard !statistics.isEmpty else { throw .nothingToFit(step: "impute", column: column.name) }
            return .number(weightedMedian(statistics))
        case .mode:
            // Most frequent over every worker; ties go to the smallest value.
            if let numbers = column.presentNumbers() {
                var counts: [Double: Int] = [:]
                for number in numbers { counts[number, default: 0] += 1 }
                guard let top = pool.counts(counts).max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else {
                    throw .nothingToFit(step: "impute", column: column.name)
                }
                return .number(top.key)
            }
            var counts: [String: Int] = [:]
            for row in 0..<column.count {
                if let value = column.formattedValue(at: row) { counts[value, default: 0] += 1 }
            }
            guard let top = pool.counts(counts).max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else {
                throw .nothingToFit(step: "impute", column: column.name)
            }
            return .text(top.key)
        }
    }

    /// The median of sorted values with weights: numpy's (the middle two averaged) when every weight is
    /// 1, else the value where the weights reach half their total.
    private static func weightedMedian(_ statistics: [(value: Double, weight: Double)]) -> Double {
        if statistics.allSatisfy({ $0.weight == 1 }) { return quantile(statistics.map(\.value), 0.5) }
        let half = statistics.reduce(0) { $0 + $1.weight } / 2
        var reached = 0.0
        for item in statistics {
            reached += item.weight
            if reached >= half { return item.value }
        }
        return statistics.last!.value
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
            case .dateParts(let partsByColumn):
                var columns: [Column] = []
                for column in table.columns {
                    guard let parts = partsByColumn[column.name] else {
                        columns.append(column)
                        continue
                    }
                    guard let expanded = column.dateParts(parts) else {
                        throw RecipeError.notApplicable(step: "dateparts", column: column.name, kind: column.kind)
                    }
                    columns.append(contentsOf: expanded)
                }
                return try Table(columns: columns)
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

    /// Fits to `numbers` over every worker through `pool`; nil when there are none. A constant column
    /// gets scale 1, so it maps to 0.
    init?(fitting numbers: [Double], method: ScaleMethod, pool: PooledStatistics) {
        switch method {
        case .standard:
            let totals = pool.sums([numbers.reduce(0, +), Double(numbers.count)])
            guard totals[1] > 0 else { return nil }
            let mean = totals[0] / totals[1]
            let variance = pool.sums([numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }])[0] / totals[1]
            center = mean
            scale = variance > 0 ? variance.squareRoot() : 1
        case .minmax:
            guard let range = pool.range(of: numbers) else { return nil }
            center = range.lowerBound
            scale = range.upperBound > range.lowerBound ? range.upperBound - range.lowerBound : 1
        }
    }
}
