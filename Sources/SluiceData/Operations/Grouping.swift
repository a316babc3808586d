extension Table {
    /// The rows of each group of equal values of `keys`, in table order; the groups in ascending order
    /// of their keys, missing last — pandas' `groupby(keys, sort=True, dropna=False)`. Missing values
    /// equal each other. Without keys, every row is one group (also when there are none).
    public func groupRows(by keys: [String]) throws(TableError) -> [[Int]] {
        guard !keys.isEmpty else { return [Array(0..<rowCount)] }
        var keyColumns: [Column] = []
        for key in keys {
            guard let column = column(named: key) else { throw .unknownColumn(key) }
            keyColumns.append(column)
        }
        let numbers = Self.groupNumbers(of: keyColumns, rowCount: rowCount)
        var groups: [[Int]] = []
        for row in 0..<rowCount {
            if numbers[row] == groups.count { groups.append([]) }
            groups[numbers[row]].append(row)
        }
        let comparators = keyColumns.map { $0.rowComparator(descending: false) }
        return groups.sorted { left, right in
            for compare in comparators {
                let result = compare(left[0], right[0])
                if result != 0 { return result < 0 }
            }
            return false
        }
    }

    /// A group number per row, equal for rows equal in every column of `columns`, numbered in order of
    /// first appearance; missing values equal each other.
    static func groupNumbers(of columns: [Column], rowCount: Int) -> [Int] {
        // Rows stay in one group while every column so far has equal values in them.
        var groups = [Int](repeating: 0, count: rowCount)
        for column in columns {
            let codes = column.valueCodes()
            var numbering: [GroupAndCode: Int] = [:]
            for row in 0..<rowCount {
                let key = GroupAndCode(group: groups[row], code: codes[row])
                if let group = numbering[key] {
                    groups[row] = group
                } else {
                    groups[row] = numbering.count
                    numbering[key] = numbering.count
                }
            }
        }
        return groups
    }
}

private struct GroupAndCode: Hashable {
    var group: Int
    var code: Int
}
