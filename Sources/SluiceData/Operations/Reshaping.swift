extension Table {
    /// The number of rows of each pair of values of `rowColumn` and `columnColumn`: one row per value of
    /// `rowColumn` (ascending), then one integer column per value of `columnColumn` (ascending, named by
    /// the value as text), as pandas' `crosstab`, which leaves out rows with a missing value in either.
    public func crosstab(_ rowColumn: String, by columnColumn: String) throws(TableError) -> Table {
        guard let rowKeys = column(named: rowColumn) else { throw .unknownColumn(rowColumn) }
        guard let columnKeys = column(named: columnColumn) else { throw .unknownColumn(columnColumn) }
        let present = gathering((0..<rowCount).filter { !rowKeys.isMissing($0) && !columnKeys.isMissing($0) })
        let rowGroups = try present.grouping(by: [rowColumn]), columnGroups = try present.grouping(by: [columnColumn])
        var counts = [[Int64]](repeating: [Int64](repeating: 0, count: rowGroups.count), count: columnGroups.count)
        for row in 0..<present.rowCount { counts[Int(columnGroups.groupOfRow[row])][Int(rowGroups.groupOfRow[row])] += 1 }
        let values = present.column(named: columnColumn)!
        var columns = [present.column(named: rowColumn)!.gathering(rowGroups.firstRows)]
        for (index, first) in columnGroups.firstRows.enumerated() {
            columns.append(Column(name: values.formattedValue(at: first) ?? "", values: .integer(counts[index], missing: MissingMask())))
        }
        return try Table(columns: columns)
    }

    /// As many rows of each value of `column` (missing values one class) as of every other: with
    /// `oversample` false, each class's rows drawn without replacement down to the smallest class's
    /// count; with `oversample`, every row kept and each class's rows drawn with replacement up to the
    /// largest class's count. Rows stay in table order, drawn copies beside their originals; the same
    /// seed draws the same rows.
    public func balanced(by column: String, oversample: Bool, seed: UInt64) throws(TableError) -> Table {
        guard let classes = self.column(named: column)?.rowGroups() else { throw .unknownColumn(column) }
        guard let smallest = classes.map(\.count).min(), let largest = classes.map(\.count).max() else { return self }
        var generator = SeededGenerator(seed: seed)
        var kept: [Int] = []
        for rows in classes {
            if oversample {
                kept += rows
                for _ in 0..<(largest - rows.count) { kept.append(rows[Int.random(in: 0..<rows.count, using: &generator)]) }
            } else {
                kept += generator.permutation(of: rows.count).prefix(smallest).map { rows[$0] }
            }
        }
        return gathering(kept.sorted())
    }
}
