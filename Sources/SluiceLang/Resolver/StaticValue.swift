import SluiceData

/// The columns a table will have, as far as the resolver can tell before anything runs.
struct Schema {
    var columns: [String]
    /// Whether the table may hold further columns the resolver does not know (after `predict`).
    var open = false
    /// The name or file the table came from, for messages: "not a column of `raw`".
    var origin: String?
    /// The kinds of the columns that are known before the run: those of a table already bound.
    var kinds: [String: ColumnKind] = [:]

    func has(_ column: String) -> Bool { columns.contains(column) }

    /// "not a column of `raw`", or of the table when its origin is unknown.
    var notAColumnLabel: String { "not a column of \(origin ?? "the table")" }
}

/// What the resolver knows of a value before anything runs.
enum StaticValue {
    /// A table, with its columns when they can be known.
    case table(Schema?)
    /// The tables of `split`, which have the same columns.
    case tables(Schema?, count: Int)
    /// A recipe written in this cell, with the columns its steps name (with their spans in this cell).
    case recipe([Name])
    /// A number, string, boolean or null.
    case scalar
    /// Anything else: models, recipes, lists, records.
    case other

    /// What a bound value is, for the resolver of later cells.
    init(_ value: Value, name: String) {
        switch value {
        case .table(let table):
            self = .table(Schema(columns: table.columnNames, origin: "`\(name)`",
                                 kinds: Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0.kind) })))
        case .evaluation, .crossValidation:
            self = .table(Schema(columns: value.table!.columnNames, origin: "`\(name)`"))
        case .number, .string, .boolean, .null: self = .scalar
        default: self = .other
        }
    }

    /// The same value bound to `name`: a table's messages then name it.
    func named(_ name: String) -> StaticValue {
        switch self {
        case .table(var schema?):
            schema.origin = "`\(name)`"
            return .table(schema)
        default: return self
        }
    }
}
