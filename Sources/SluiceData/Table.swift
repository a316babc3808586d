/// An immutable, column-oriented table: named, typed columns of equal length.
public struct Table: Sendable, Equatable {
    /// The columns, in order.
    public let columns: [Column]
    /// The number of rows.
    public let rowCount: Int

    /// Creates a table from columns of equal length with unique names.
    public init(columns: [Column]) throws(TableError) {
        var seen = Set<String>(minimumCapacity: columns.count)
        for column in columns where !seen.insert(column.name).inserted {
            throw .duplicateColumn(column.name)
        }
        let rowCount = columns.first?.count ?? 0
        for column in columns where column.count != rowCount {
            throw .lengthMismatch(column: column.name, expected: rowCount, actual: column.count)
        }
        self.columns = columns
        self.rowCount = rowCount
    }

    /// A table without columns or rows.
    public init() {
        columns = []
        rowCount = 0
    }

    /// The number of columns.
    public var columnCount: Int { columns.count }

    /// The column names, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column called `name`, if any.
    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// The first `count` rows (all of them when the table is shorter).
    public func head(_ count: Int) -> Table {
        gathering(Array(0..<min(max(count, 0), rowCount)))
    }
}

/// Why a set of columns does not make a table.
public enum TableError: Error, Equatable, CustomStringConvertible {
    case duplicateColumn(String)
    case lengthMismatch(column: String, expected: Int, actual: Int)
    case unknownColumn(String)
    /// Columns of one name with kinds that do not combine, when tables are concatenated.
    case mixedKinds(column: String)
    /// An operation that needs another kind of values than the column has (`mean` of text).
    case wrongKind(column: String, kind: ColumnKind, operation: String, needs: String)
    /// Join keys of kinds that cannot be equal (integer against text).
    case keyKinds(left: String, leftKind: ColumnKind, right: String, rightKind: ColumnKind)

    public var description: String {
        switch self {
        case .duplicateColumn(let name):
            "duplicate column name `\(name)`"
        case .lengthMismatch(let column, let expected, let actual):
            "column `\(column)` has \(actual) rows where the table has \(expected)"
        case .unknownColumn(let name):
            "unknown column `\(name)`"
        case .mixedKinds(let name):
            "column `\(name)` has values of kinds that do not combine"
        case .wrongKind(let name, let kind, let operation, let needs):
            "`\(operation)` needs \(needs); `\(name)` is \(kind.rawValue)"
        case .keyKinds(let left, let leftKind, let right, let rightKind):
            "the join keys `\(left)` (\(leftKind.rawValue)) and `\(right)` (\(rightKind.rawValue)) cannot be equal"
        }
    }
}
