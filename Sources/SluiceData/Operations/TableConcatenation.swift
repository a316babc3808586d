extension Table {
    /// The rows of `tables` one after another. The tables must have the same column names, in the
    /// same order, with the same kinds (integer and float together make float); categorical
    /// columns get the union of their levels, in order of first appearance.
    public static func concatenating(_ tables: [Table]) throws(TableError) -> Table {
        guard let first = tables.first else { return try Table(columns: []) }
        guard tables.count > 1 else { return first }
        var columns: [Column] = []
        for (index, column) in first.columns.enumerated() {
            var parts: [Column] = []
            for table in tables {
                guard index < table.columnCount, table.columns[index].name == column.name else {
                    throw .unknownColumn(column.name)
                }
                parts.append(table.columns[index])
            }
            columns.append(try Column.concatenating(parts))
        }
        return try Table(columns: columns)
    }
}

extension Table {
    /// The rows of this table, then `other`'s, columns matched by name: this table's columns in their
    /// order, then those only `other` has; a column one table lacks is missing in its rows (pandas'
    /// `concat`). Whole numbers and decimals make decimals, text and categories text.
    public func appending(_ other: Table) throws(TableError) -> Table {
        let names = columnNames + other.columnNames.filter { column(named: $0) == nil }
        var appended: [Column] = []
        for name in names {
            let (top, bottom) = (column(named: name), other.column(named: name))
            let filledTop = top ?? bottom!.gathering(rowsOrAbsent: Array(repeating: -1, count: rowCount))
            let filledBottom = bottom ?? top!.gathering(rowsOrAbsent: Array(repeating: -1, count: other.rowCount))
            appended.append(try Column.concatenating([filledTop, filledBottom]))
        }
        return try Table(columns: appended)
    }
}

extension Column {
    /// The values of `parts` (columns of one name) one after another.
    static func concatenating(_ parts: [Column]) throws(TableError) -> Column {
        let name = parts[0].name
        let total = parts.reduce(0) { $0 + $1.count }
        func missing() -> MissingMask {
            var mask = MissingMask()
            var offset = 0
            for part in parts {
                if part.missingCount > 0 { for row in 0..<part.count where part.isMissing(row) { mask.markMissing(offset + row) } }
                offset += part.count
            }
            return mask
        }
        let kinds = Set(parts.map(\.kind))
        if kinds == [.integer] {
            var values: [Int64] = []
            values.reserveCapacity(total)
            for part in parts { if case .integer(let v, _) = part.values { values.append(contentsOf: v) } }
            return Column(name: name, values: .integer(values, missing: missing()))
        }
        if kinds.isSubset(of: [.integer, .float]) {
            var values: [Double] = []
            values.reserveCapacity(total)
            for part in parts {
                switch part.values {
                case .integer(let v, _): values.append(contentsOf: v.map(Double.init))
                case .float(let v, _): values.append(contentsOf: v)
                default: break
                }
            }
            return Column(name: name, values: .float(values, missing: missing()))
        }
        if kinds == [.text, .categorical] {
            // Text and categories of one column (a kind inferred from repetition in each part): text.
            let texts = parts.map { part -> Column in
                guard case .categorical(let codes, let levels) = part.values else { return part }
                return Column(name: name, values: .text(codes.map { $0 < 0 ? "" : levels[Int($0)] },
                                                        missing: MissingMask(missingRows: codes.indices.filter { codes[$0] < 0 })))
            }
            return try concatenating(texts)
        }
        guard kinds.count == 1, let kind = kinds.first else { throw .mixedKinds(column: name) }
        switch kind {
        case .boolean:
            var values: [Bool] = []
            for part in parts { if case .boolean(let v, _) = part.values { values.append(contentsOf: v) } }
            return Column(name: name, values: .boolean(values, missing: missing()))
        case .datetime:
            var values: [Int64] = []
            for part in parts { if case .datetime(let v, _) = part.values { values.append(contentsOf: v) } }
            return Column(name: name, values: .datetime(values, missing: missing()))
        case .text:
            var values: [String] = []
            for part in parts { if case .text(let v, _) = part.values { values.append(contentsOf: v) } }
            return Column(name: name, values: .text(values, missing: missing()))
        case .categorical:
            var levels: [String] = [], codeOf: [String: Int32] = [:], codes: [Int32] = []
            codes.reserveCapacity(total)
            for part in parts {
                guard case .categorical(let partCodes, let partLevels) = part.values else { continue }
                let mapping = partLevels.map { level -> Int32 in
                    if let code = codeOf[level] { return code }
                    codeOf[level] = Int32(levels.count)
                    levels.append(level)
                    return Int32(levels.count - 1)
                }
                codes.append(contentsOf: partCodes.map { $0 < 0 ? -1 : mapping[Int($0)] })
            }
            return Column(name: name, values: .categorical(codes: codes, levels: levels))
        case .integer, .float:
            preconditionFailure("handled above")
        }
    }
}
