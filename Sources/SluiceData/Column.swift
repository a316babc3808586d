/// The stored values of one column, by kind.
///
/// Numeric, boolean and text values sit in contiguous arrays with a
/// ``MissingMask``; the value at a missing row is a placeholder (0, false, "").
/// Categorical values are dictionary codes into `levels`, with -1 for missing. Datetimes are
/// microseconds since 1970-01-01T00:00:00 (UTC when the text named an offset, else as written).
public enum ColumnValues: Sendable, Equatable {
    case integer([Int64], missing: MissingMask)
    case float([Double], missing: MissingMask)
    case boolean([Bool], missing: MissingMask)
    case categorical(codes: [Int32], levels: [String])
    case text([String], missing: MissingMask)
    case datetime([Int64], missing: MissingMask)
}

/// One named column of a ``Table``.
public struct Column: Sendable, Equatable {
    /// The column's name, unique within its table.
    public var name: String
    /// The column's values.
    public var values: ColumnValues

    /// Creates a column.
    public init(name: String, values: ColumnValues) {
        self.name = name
        self.values = values
    }

    /// The column's kind.
    public var kind: ColumnKind {
        switch values {
        case .integer: .integer
        case .float: .float
        case .boolean: .boolean
        case .categorical: .categorical
        case .text: .text
        case .datetime: .datetime
        }
    }

    /// The number of rows.
    public var count: Int {
        switch values {
        case .integer(let v, _): v.count
        case .float(let v, _): v.count
        case .boolean(let v, _): v.count
        case .categorical(let codes, _): codes.count
        case .text(let v, _): v.count
        case .datetime(let v, _): v.count
        }
    }

    /// The number of missing rows.
    public var missingCount: Int {
        switch values {
        case .integer(_, let m), .float(_, let m), .boolean(_, let m), .text(_, let m), .datetime(_, let m):
            m.missingCount
        case .categorical(let codes, _):
            codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }

    /// The column with the values at `rows` missing as well.
    public func markingMissing(_ rows: [Int]) -> Column {
        var copy = self
        func marked(_ mask: MissingMask) -> MissingMask {
            var mask = mask
            for row in rows { mask.markMissing(row) }
            return mask
        }
        switch values {
        case .integer(let v, let m): copy.values = .integer(v, missing: marked(m))
        case .float(let v, let m): copy.values = .float(v, missing: marked(m))
        case .boolean(let v, let m): copy.values = .boolean(v, missing: marked(m))
        case .text(let v, let m): copy.values = .text(v, missing: marked(m))
        case .datetime(let v, let m): copy.values = .datetime(v, missing: marked(m))
        case .categorical(var codes, let levels):
            for row in rows { codes[row] = -1 }
            copy.values = .categorical(codes: codes, levels: levels)
        }
        return copy
    }

    /// Whether the value at `row` is missing.
    public func isMissing(_ row: Int) -> Bool {
        switch values {
        case .integer(_, let m), .float(_, let m), .boolean(_, let m), .text(_, let m), .datetime(_, let m):
            m.isMissing(row)
        case .categorical(let codes, _):
            codes[row] < 0
        }
    }

    /// Which rows are missing, as one mask (for loops over every row: ``isMissing(_:)`` looks at the
    /// column's kind each time).
    public var missingMask: MissingMask {
        switch values {
        case .integer(_, let m), .float(_, let m), .boolean(_, let m), .text(_, let m), .datetime(_, let m): m
        case .categorical(let codes, _): MissingMask(missingRows: codes.indices.lazy.filter { codes[$0] < 0 })
        }
    }

    /// Whether the column holds datetimes that are all midnights, to be written as dates alone
    /// (false for other kinds).
    public var holdsDatesOnly: Bool {
        guard case .datetime(let values, let missing) = values else { return false }
        return values.indices.allSatisfy { missing.isMissing($0) || DateTimeParser.isMidnight(values[$0]) }
    }

    /// The value at `row` as text, or `nil` when it is missing.
    ///
    /// Floats use the shortest text that reads back as the same number; datetimes are ISO 8601, a
    /// midnight as its date alone.
    public func formattedValue(at row: Int) -> String? {
        if isMissing(row) { return nil }
        switch values {
        case .integer(let v, _): return String(v[row])
        case .float(let v, _): return formatFloat(v[row])
        case .boolean(let v, _): return v[row] ? "true" : "false"
        case .categorical(let codes, let levels): return levels[Int(codes[row])]
        case .text(let v, _): return v[row]
        case .datetime(let v, _): return DateTimeParser.format(v[row])
        }
    }

    /// The column restricted to `rows` (in that order).
    public func gathering(_ rows: some Collection<Int>) -> Column {
        let gathered: ColumnValues
        switch values {
        case .integer(let v, let m): gathered = .integer(rows.map { v[$0] }, missing: m.gathering(rows))
        case .float(let v, let m): gathered = .float(rows.map { v[$0] }, missing: m.gathering(rows))
        case .boolean(let v, let m): gathered = .boolean(rows.map { v[$0] }, missing: m.gathering(rows))
        case .categorical(let codes, let levels): gathered = .categorical(codes: rows.map { codes[$0] }, levels: levels)
        case .text(let v, let m): gathered = .text(rows.map { v[$0] }, missing: m.gathering(rows))
        case .datetime(let v, let m): gathered = .datetime(rows.map { v[$0] }, missing: m.gathering(rows))
        }
        return Column(name: name, values: gathered)
    }
}

extension Column {
    /// The values at `rows`, missing where a row is -1 (also when the column has no rows at all).
    public func gathering(rowsOrAbsent rows: [Int32]) -> Column {
        let absent = rows.indices.filter { rows[$0] < 0 }
        guard !absent.isEmpty else { return gathering(presentRows: rows) }
        guard count == 0 else { return gathering(rows.lazy.map { Int(Swift.max(0, $0)) }).markingMissing(absent) }
        let placeholder: ColumnValues = switch values {
        case .integer: .integer(Array(repeating: 0, count: rows.count), missing: MissingMask(missingRows: rows.indices))
        case .float: .float(Array(repeating: 0, count: rows.count), missing: MissingMask(missingRows: rows.indices))
        case .boolean: .boolean(Array(repeating: false, count: rows.count), missing: MissingMask(missingRows: rows.indices))
        case .text: .text(Array(repeating: "", count: rows.count), missing: MissingMask(missingRows: rows.indices))
        case .datetime: .datetime(Array(repeating: 0, count: rows.count), missing: MissingMask(missingRows: rows.indices))
        case .categorical(_, let levels): .categorical(codes: Array(repeating: -1, count: rows.count), levels: levels)
        }
        return Column(name: name, values: placeholder)
    }
}

extension Column {
    /// The values at `rows`, every one a row of the column: the arrays of values copied through
    /// buffers, which the generic ``gathering(_:)`` over a lazy map of the rows does not compile to.
    func gathering(presentRows rows: [Int32]) -> Column {
        func gather<T>(_ values: [T]) -> [T] {
            values.withUnsafeBufferPointer { source in
                rows.withUnsafeBufferPointer { rows in
                    [T](unsafeUninitializedCapacity: rows.count) { target, count in
                        for (index, row) in rows.enumerated() { (target.baseAddress! + index).initialize(to: source[Int(row)]) }
                        count = rows.count
                    }
                }
            }
        }
        let missingRows = { (mask: MissingMask) in mask.missingCount == 0 ? MissingMask() : mask.gathering(rows.lazy.map { Int($0) }) }
        let gathered: ColumnValues = switch values {
        case .integer(let v, let m): .integer(gather(v), missing: missingRows(m))
        case .float(let v, let m): .float(gather(v), missing: missingRows(m))
        case .boolean(let v, let m): .boolean(gather(v), missing: missingRows(m))
        case .text(let v, let m): .text(gather(v), missing: missingRows(m))
        case .datetime(let v, let m): .datetime(gather(v), missing: missingRows(m))
        case .categorical(let codes, let levels): .categorical(codes: gather(codes), levels: levels)
        }
        return Column(name: name, values: gathered)
    }
}

/// Formats a double as the shortest text that reads back as the same value,
/// dropping a trailing `.0` for whole numbers (`29.85`, `1889.5`, `42`).
public func formatFloat(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}
