import Dispatch
import Synchronization

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
    /// One row per group of equal `keys` (``grouping(by:)``: ascending, missing keys a group of their
    /// own), the keys then each aggregation; without keys, one row over the whole table.
    ///
    /// As pandas: `count()` counts rows and `count(x)` present values; `sum` is 0 for a group without
    /// values and stays whole for whole numbers; `mean` and `sum` of decimals add with Kahan's
    /// compensation, row by row; `std` and `var` are the sample's (n − 1, Welford's updates), missing
    /// below two values; `median` and `quantile` interpolate linearly; `min`, `max`, `first` and `last`
    /// (the first and last present values) keep the column's kind; `nunique` counts distinct present values.
    public func aggregated(by keys: [String], _ aggregations: [Aggregation]) throws(TableError) -> Table {
        let grouping = try grouping(by: keys)
        // With keys every group has a row; the keys are those of its first.
        var columns = keys.map { column(named: $0)!.gathering(grouping.firstRows) }
        for aggregation in aggregations {
            if let name = aggregation.column, column(named: name) == nil { throw .unknownColumn(name) }
        }
        // The aggregations side by side, each over every row.
        let results = Mutex<[Result<Column, TableError>?]>(Array(repeating: nil, count: aggregations.count))
        DispatchQueue.concurrentPerform(iterations: aggregations.count) { index in
            let aggregation = aggregations[index]
            let result: Result<Column, TableError>
            if let name = aggregation.column {
                result = Result { () throws(TableError) in
                    try GroupAggregator(column: column(named: name)!, grouping: grouping).column(aggregation)
                }
            } else {
                var counts = [Int64](repeating: 0, count: grouping.count)
                for group in grouping.groupOfRow { counts[Int(group)] += 1 }
                result = .success(Column(name: aggregation.name, values: .integer(counts, missing: MissingMask())))
            }
            results.withLock { $0[index] = result }
        }
        for result in results.withLock({ $0 }) { columns.append(try result!.get()) }
        return try Table(columns: columns)
    }
}

/// One aggregation of one column over groups of rows, in one pass over the rows where it can.
private struct GroupAggregator {
    let column: Column
    let grouping: RowGrouping
    /// The column's missing rows, looked up once.
    let missing: MissingMask

    init(column: Column, grouping: RowGrouping) {
        self.column = column
        self.grouping = grouping
        missing = column.missingMask
    }

    func column(_ aggregation: Aggregation) throws(TableError) -> Column {
        let name = aggregation.name
        switch aggregation.function {
        case .count:
            var counts = [Int64](repeating: 0, count: grouping.count)
            for (row, group) in grouping.groupOfRow.enumerated() where !missing.isMissing(row) { counts[Int(group)] += 1 }
            return Column(name: name, values: .integer(counts, missing: MissingMask()))
        case .nunique:
            let (codes, cardinality) = column.denseCodes()
            var seen = Set<Int>()
            var counts = [Int64](repeating: 0, count: grouping.count)
            for (row, group) in grouping.groupOfRow.enumerated() where !missing.isMissing(row) {
                if seen.insert(Int(group) * cardinality + Int(codes[row])).inserted { counts[Int(group)] += 1 }
            }
            return Column(name: name, values: .integer(counts, missing: MissingMask()))
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
        case .text, .categorical, .datetime: nil
        }
    }

    private func numeric(_ aggregation: Aggregation, _ numbers: [Double], name: String) -> Column {
        let groups = grouping.count
        let groupOfRow = grouping.groupOfRow
        switch aggregation.function {
        case .sum where column.kind != .float:
            // Whole numbers add exactly.
            var sums = [Int64](repeating: 0, count: groups)
            for row in 0..<groupOfRow.count where !missing.isMissing(row) { sums[Int(groupOfRow[row])] &+= Int64(numbers[row]) }
            return Column(name: name, values: .integer(sums, missing: MissingMask()))
        case .sum, .mean:
            // pandas' group sums: Kahan's compensated addition, row by row.
            var sums = [Double](repeating: 0, count: groups), compensations = sums, counts = [Int](repeating: 0, count: groups)
            for row in 0..<groupOfRow.count where !missing.isMissing(row) {
                let group = Int(groupOfRow[row])
                let y = numbers[row] - compensations[group]
                let t = sums[group] + y
                compensations[group] = (t - sums[group]) - y
                sums[group] = t
                counts[group] += 1
            }
            if aggregation.function == .sum { return Column(name: name, values: .float(sums, missing: MissingMask())) }
            return Self.floats(name, (0..<groups).map { counts[$0] == 0 ? nil : sums[$0] / Double(counts[$0]) })
        case .var, .std:
            // Welford's updates (pandas' group_var).
            var means = [Double](repeating: 0, count: groups), squares = means, counts = means
            for row in 0..<groupOfRow.count where !missing.isMissing(row) {
                let group = Int(groupOfRow[row])
                counts[group] += 1
                let old = means[group]
                means[group] += (numbers[row] - old) / counts[group]
                squares[group] += (numbers[row] - means[group]) * (numbers[row] - old)
            }
            return Self.floats(name, (0..<groups).map { group -> Double? in
                guard counts[group] >= 2 else { return nil }
                let variance = squares[group] / (counts[group] - 1)
                return aggregation.function == .var ? variance : variance.squareRoot()
            })
        default:
            // median, quantile: each group's values, sorted.
            let q = aggregation.function == .median ? 0.5 : aggregation.q ?? 0.5
            return Self.floats(name, grouping.rows().map { rows in
                Self.quantile(rows.compactMap { missing.isMissing($0) ? nil : numbers[$0] }.sorted(), q)
            })
        }
    }

    /// A float column, missing where a value is nil or not finite.
    private static func floats(_ name: String, _ values: [Double?]) -> Column {
        let missing = MissingMask(missingRows: values.indices.filter { values[$0] == nil || !values[$0]!.isFinite })
        return Column(name: name, values: .float(values.map { $0 ?? 0 }, missing: missing))
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
        var chosen = [Int?](repeating: nil, count: grouping.count)
        let groupOfRow = grouping.groupOfRow
        switch function {
        case .first:
            for row in 0..<groupOfRow.count where !missing.isMissing(row) && chosen[Int(groupOfRow[row])] == nil {
                chosen[Int(groupOfRow[row])] = row
            }
        case .last:
            for row in 0..<groupOfRow.count where !missing.isMissing(row) { chosen[Int(groupOfRow[row])] = row }
        default:
            // The first of the smallest (min) or largest (max) values.
            let sign = function == .min ? 1 : -1
            let compare: (Int, Int) -> Int
            switch column.values {
            case .integer(let values, _), .datetime(let values, _):
                compare = { values[$0] < values[$1] ? -1 : (values[$0] > values[$1] ? 1 : 0) }
            case .float(let values, _): compare = { values[$0] < values[$1] ? -1 : (values[$0] > values[$1] ? 1 : 0) }
            default: compare = column.rowComparator(descending: false)
            }
            for row in 0..<groupOfRow.count where !missing.isMissing(row) {
                let group = Int(groupOfRow[row])
                if let best = chosen[group], compare(row, best) * sign >= 0 { continue }
                chosen[group] = row
            }
        }
        var picked = column.gathering(rowsOrAbsent: chosen.map { Int32($0 ?? -1) })
        picked.name = name
        return picked
    }
}
