import Foundation

/// One column of an aggregated table: `name = function(column)`.
public struct Aggregation: Sendable, Equatable {
    /// The aggregate functions, each as pandas' groupby computes it (missing values skipped).
    public enum Function: String, Sendable, CaseIterable {
        case count, sum, mean, median, min, max, std, `var`, nunique, first, last, quantile
    }

    public var name: String
    public var function: Function
    /// The column it reads; nil for `count()` (the rows).
    public var column: String?
    /// `quantile`'s q, in [0, 1].
    public var q: Double?

    public init(name: String, function: Function, column: String?, q: Double? = nil) {
        self.name = name
        self.function = function
        self.column = column
        self.q = q
    }
}

extension Table {
    /// One row per group of equal `keys` (``groupRows(by:)``: ascending, missing keys a group of their
    /// own), the keys then each aggregation; without keys, one row over the whole table.
    ///
    /// As pandas: `count()` counts rows and `count(x)` present values; `sum` is 0 for a group without
    /// values and stays whole for whole numbers; `mean` and `sum` of decimals add with Kahan's
    /// compensation; `std` and `var` are the sample's (n − 1, Welford's updates), missing below two
    /// values; `median` and `quantile` interpolate linearly; `min`, `max`, `first` and `last` (the
    /// first and last present values) keep the column's kind; `nunique` counts distinct present values.
    public func aggregated(by keys: [String], _ aggregations: [Aggregation]) throws(TableError) -> Table {
        let groups = try groupRows(by: keys)
        // With keys every group has a row; the keys are those of its first.
        var columns = keys.map { column(named: $0)!.gathering(groups.map { $0[0] }) }
        for aggregation in aggregations {
            guard let name = aggregation.column else {
                columns.append(Column(name: aggregation.name, values: .integer(groups.map { Int64($0.count) }, missing: MissingMask())))
                continue
            }
            guard let source = column(named: name) else { throw .unknownColumn(name) }
            columns.append(try GroupAggregator(column: source, groups: groups).column(aggregation))
        }
        return try Table(columns: columns)
    }
}

/// One aggregation of one column over groups of rows.
private struct GroupAggregator {
    let column: Column
    let groups: [[Int]]

    func column(_ aggregation: Aggregation) throws(TableError) -> Column {
        let name = aggregation.name
        switch aggregation.function {
        case .count:
            return Column(name: name, values: .integer(groups.map { Int64($0.filter { !column.isMissing($0) }.count) }, missing: MissingMask()))
        case .nunique:
            let codes = column.valueCodes()
            return Column(name: name, values: .integer(groups.map { Int64(Set($0.map { codes[$0] }.filter { $0 >= 0 }).count) },
                                                         missing: MissingMask()))
        case .first, .last, .min, .max:
            return picking(aggregation.function, name: name)
        default:
            guard let numbers = numbers() else {
                throw .wrongKind(column: column.name, kind: column.kind, operation: aggregation.function.rawValue, needs: "numbers")
            }
            return numeric(aggregation, numbers, name: name)
        }
    }

    /// The column's numbers (booleans as 0 and 1), nil for text.
    private func numbers() -> [Double]? {
        switch column.values {
        case .integer(let values, _): values.map(Double.init)
        case .float(let values, _): values
        case .boolean(let values, _): values.map { $0 ? 1 : 0 }
        case .text, .categorical: nil
        }
    }

    private func present(_ rows: [Int], _ numbers: [Double]) -> [Double] {
        rows.compactMap { column.isMissing($0) ? nil : numbers[$0] }
    }

    private func numeric(_ aggregation: Aggregation, _ numbers: [Double], name: String) -> Column {
        if aggregation.function == .sum, column.kind != .float {
            // Whole numbers add exactly.
            let sums = groups.map { rows in rows.reduce(Int64(0)) { $0 &+ (column.isMissing($1) ? 0 : Int64(numbers[$1])) } }
            return Column(name: name, values: .integer(sums, missing: MissingMask()))
        }
        var results: [Double] = [], missing = MissingMask()
        for (index, rows) in groups.enumerated() {
            let values = present(rows, numbers)
            let result: Double?
            switch aggregation.function {
            case .sum: result = Self.kahanSum(values)
            case .mean: result = values.isEmpty ? nil : Self.kahanSum(values) / Double(values.count)
            case .median: result = Self.quantile(values.sorted(), 0.5)
            case .quantile: result = Self.quantile(values.sorted(), aggregation.q ?? 0.5)
            case .var: result = Self.variance(values)
            default: result = Self.variance(values).map { $0.squareRoot() }  // std
            }
            results.append(result ?? 0)
            if result == nil || !(result!.isFinite) { missing.markMissing(index) }
        }
        return Column(name: name, values: .float(results, missing: missing))
    }

    /// pandas' group sums: Kahan's compensated addition.
    static func kahanSum(_ values: [Double]) -> Double {
        var sum = 0.0, compensation = 0.0
        for value in values {
            let y = value - compensation
            let t = sum + y
            compensation = (t - sum) - y
            sum = t
        }
        return sum
    }

    /// The sample variance by Welford's updates (pandas' group_var); nil below two values.
    static func variance(_ values: [Double]) -> Double? {
        guard values.count >= 2 else { return nil }
        var mean = 0.0, squares = 0.0, count = 0.0
        for value in values {
            count += 1
            let old = mean
            mean += (value - old) / count
            squares += (value - mean) * (value - old)
        }
        return squares / (count - 1)
    }

    /// Linear interpolation between the sorted values around rank q · (n − 1); nil without values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        guard low + 1 < sorted.count else { return sorted[low] }
        let fraction = position - Double(low)
        return sorted[low] + (sorted[low + 1] - sorted[low]) * fraction
    }

    /// `first`, `last`, `min`, `max`: a present value of each group (missing when there is none), in the
    /// column's kind.
    private func picking(_ function: Aggregation.Function, name: String) -> Column {
        let compare = column.rowComparator(descending: false)
        let chosen: [Int?] = groups.map { rows in
            let present = rows.filter { !column.isMissing($0) }
            switch function {
            case .first: return present.first
            case .last: return present.last
            case .min: return present.min { compare($0, $1) < 0 }
            default: return present.max { compare($0, $1) < 0 }
            }
        }
        var picked = column.gathering(optionalRows: chosen)
        picked.name = name
        return picked
    }
}
