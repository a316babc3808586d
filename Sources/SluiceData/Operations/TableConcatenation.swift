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
        guard kinds.count == 1, let kind = kinds.first else { throw .mixedKinds(column: name) }
        switch kind {
        case .boolean:
            var values: [Bool] = []
            for part in parts { if case .boolean(let v, _) = part.values { values.append(contentsOf: v) } }
            return Column(name: name, values: .boolean(values, missing: missing()))
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
