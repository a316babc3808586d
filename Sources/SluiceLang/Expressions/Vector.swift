import SluiceData

/// A value for every row of a table, computed by a column expression.
/// `nulls[row]` marks a missing value.
enum Vector {
    /// Numbers; `integral` while every operation so far keeps whole numbers whole.
    case numbers([Double], nulls: [Bool], integral: Bool)
    case booleans([Bool], nulls: [Bool])
    case strings([String], nulls: [Bool])
    /// Datetimes, microseconds since 1970 (as ``ColumnValues/datetime(_:missing:)``).
    case datetimes([Int64], nulls: [Bool])
    /// One value for every row.
    case scalar(Value)

    /// The vector of a column.
    init(_ column: Column) {
        let nulls = (0..<column.count).map(column.isMissing)
        switch column.values {
        case .integer(let values, _): self = .numbers(values.map(Double.init), nulls: nulls, integral: true)
        case .float(let values, _): self = .numbers(values, nulls: nulls, integral: false)
        case .boolean(let values, _): self = .booleans(values, nulls: nulls)
        case .text(let values, _): self = .strings(values, nulls: nulls)
        case .datetime(let values, _): self = .datetimes(values, nulls: nulls)
        case .categorical(let codes, let levels):
            self = .strings(codes.map { $0 < 0 ? "" : levels[Int($0)] }, nulls: nulls)
        }
    }

    /// What the vector holds, for messages.
    var typeName: String {
        switch self {
        case .numbers: "numbers"
        case .booleans: "booleans"
        case .strings: "text"
        case .datetimes: "datetimes"
        case .scalar(.number): "a number"
        case .scalar(.string): "text"
        case .scalar(.boolean): "a boolean"
        case .scalar(let value): value.typeName
        }
    }

    /// The vector as a column of `rowCount` rows named `name`. Non-finite
    /// numbers become missing; whole-number results are integer columns;
    /// text is categorical when values repeat.
    func column(named name: String, rowCount: Int) -> Column? {
        switch self {
        case .numbers(let values, var nulls, let integral):
            for row in values.indices where !values[row].isFinite { nulls[row] = true }
            let missing = MissingMask(missingRows: nulls.indices.filter { nulls[$0] })
            if integral, values.allSatisfy({ !$0.isFinite || abs($0) < 9.0e15 }) {
                return Column(name: name, values: .integer(values.indices.map { nulls[$0] ? 0 : Int64(values[$0]) }, missing: missing))
            }
            return Column(name: name, values: .float(values.indices.map { nulls[$0] ? 0 : values[$0] }, missing: missing))
        case .booleans(let values, let nulls):
            return Column(name: name, values: .boolean(values, missing: MissingMask(missingRows: nulls.indices.filter { nulls[$0] })))
        case .datetimes(let values, let nulls):
            return Column(name: name, values: .datetime(values, missing: MissingMask(missingRows: nulls.indices.filter { nulls[$0] })))
        case .strings(let values, let nulls):
            var levels: [String] = []
            var index: [String: Int32] = [:]
            let codes = values.indices.map { row -> Int32 in
                if nulls[row] { return -1 }
                if let code = index[values[row]] { return code }
                let code = Int32(levels.count)
                index[values[row]] = code
                levels.append(values[row])
                return code
            }
            let present = nulls.filter { !$0 }.count
            if present > 0, levels.count * 2 <= present {
                return Column(name: name, values: .categorical(codes: codes, levels: levels))
            }
            return Column(name: name, values: .text(values, missing: MissingMask(missingRows: nulls.indices.filter { nulls[$0] })))
        case .scalar(let value):
            return Vector.broadcast(value, rowCount: rowCount)?.column(named: name, rowCount: rowCount)
        }
    }

    /// The value at `row`: null where missing; a datetime as its ISO 8601 text (which compares with
    /// datetimes as they do).
    func value(at row: Int) -> Value {
        switch self {
        case .datetimes(let values, let nulls):
            nulls[row] ? .null : .string(DateTimeParser.format(values[row]))
        case .numbers(let values, let nulls, _): nulls[row] || !values[row].isFinite ? .null : .number(values[row])
        case .booleans(let values, let nulls): nulls[row] ? .null : .boolean(values[row])
        case .strings(let values, let nulls): nulls[row] ? .null : .string(values[row])
        case .scalar(let value): value
        }
    }

    /// A scalar repeated for every row; nil for values that are not scalars.
    static func broadcast(_ value: Value, rowCount: Int) -> Vector? {
        let none = Array(repeating: false, count: rowCount)
        switch value {
        case .number(let x): return .numbers(Array(repeating: x, count: rowCount), nulls: none, integral: x == x.rounded())
        case .boolean(let b): return .booleans(Array(repeating: b, count: rowCount), nulls: none)
        case .string(let s): return .strings(Array(repeating: s, count: rowCount), nulls: none)
        case .null: return .numbers(Array(repeating: 0, count: rowCount), nulls: Array(repeating: true, count: rowCount), integral: true)
        default: return nil
        }
    }
}
