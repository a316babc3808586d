import SluiceData

/// Writes a table's rows as JSON objects keyed by column name (numbers as numbers, missing values as null).
enum JSONLinesRows {
    /// Appends row `row` of `table` as one JSON object (no line end).
    static func appendObject(row: Int, of table: Table, keys: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, column) in table.columns.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: Array(keys[index].utf8))
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: Array(jsonValue(column, row: row).utf8))
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The quoted JSON keys of the table's columns, computed once per table.
    static func keys(of table: Table) -> [String] {
        table.columnNames.map(jsonString)
    }

    private static func jsonValue(_ column: Column, row: Int) -> String {
        switch column.values {
        case .integer(let values, let missing): missing.isMissing(row) ? "null" : String(values[row])
        case .float(let values, let missing): missing.isMissing(row) ? "null" : jsonNumber(values[row])
        case .boolean(let values, let missing): missing.isMissing(row) ? "null" : (values[row] ? "true" : "false")
        case .categorical(let codes, let levels): codes[row] < 0 ? "null" : jsonString(levels[Int(codes[row])])
        case .text(let values, let missing): missing.isMissing(row) ? "null" : jsonString(values[row])
        case .datetime: column.formattedValue(at: row).map(jsonString) ?? "null"
        }
    }
}
