import Dispatch
import Synchronization

/// Rows numbered by the group of their key values, groups in ascending order of their keys.
public struct RowGrouping: Sendable {
    /// Each row's group, from 0.
    public let groupOfRow: [Int32]
    /// Each group's first row.
    public let firstRows: [Int]

    /// The number of groups.
    public var count: Int { firstRows.count }

    /// Each group's rows, in table order.
    public func rows() -> [[Int]] {
        var sizes = [Int](repeating: 0, count: count)
        for group in groupOfRow { sizes[Int(group)] += 1 }
        var rows = sizes.map { size -> [Int] in
            var list: [Int] = []
            list.reserveCapacity(size)
            return list
        }
        for (row, group) in groupOfRow.enumerated() { rows[Int(group)].append(row) }
        return rows
    }
}

extension Table {
    /// The rows grouped by equal values of `keys`, groups in ascending order of their keys, missing
    /// last — pandas' `groupby(keys, sort=True, dropna=False)`. Missing values equal each other.
    /// Without keys, every row is one group (also when there are none).
    public func grouping(by keys: [String]) throws(TableError) -> RowGrouping {
        guard !keys.isEmpty else { return RowGrouping(groupOfRow: Array(repeating: 0, count: rowCount), firstRows: [0]) }
        var keyColumns: [Column] = []
        for key in keys {
            guard let column = column(named: key) else { throw .unknownColumn(key) }
            keyColumns.append(column)
        }
        let (numbers, firstRows) = Self.groupNumbers(of: keyColumns, rowCount: rowCount)
        let comparators = keyColumns.map { $0.rowComparator(descending: false) }
        let order = firstRows.indices.sorted { left, right in
            for compare in comparators {
                let result = compare(firstRows[left], firstRows[right])
                if result != 0 { return result < 0 }
            }
            return false
        }
        var rank = [Int32](repeating: 0, count: order.count)
        for (position, group) in order.enumerated() { rank[group] = Int32(position) }
        var groups = numbers
        groups.withUnsafeMutableBufferPointer { groups in
            for row in groups.indices { groups[row] = rank[Int(groups[row])] }
        }
        return RowGrouping(groupOfRow: groups, firstRows: order.map { firstRows[$0] })
    }

    /// A group number per row, equal for rows equal in every column of `columns`, numbered in order of
    /// first appearance (missing values equal each other), and each group's first row.
    static func groupNumbers(of columns: [Column], rowCount: Int) -> (groups: [Int32], firstRows: [Int]) {
        var groups = [Int32](repeating: 0, count: rowCount)
        var groupCount = rowCount > 0 ? 1 : 0
        // Each column's codes, computed side by side.
        let allCodes = Mutex<[(codes: [Int32], cardinality: Int)?]>(Array(repeating: nil, count: columns.count))
        DispatchQueue.concurrentPerform(iterations: columns.count) { index in
            let codes = columns[index].denseCodes()
            allCodes.withLock { $0[index] = codes }
        }
        for case let (codes, cardinality)? in allCodes.withLock({ $0 }) {
            // Rows stay in one group while every column so far has equal values in them: the pair
            // (group so far, this column's code) numbered anew, through an array while the pairs are few.
            let pairs = groupCount * cardinality
            var next: Int32 = 0
            if pairs <= 1 << 24 {
                var numbering = [Int32](repeating: -1, count: pairs)
                for row in 0..<rowCount {
                    let pair = Int(groups[row]) * cardinality + Int(codes[row])
                    if numbering[pair] < 0 {
                        numbering[pair] = next
                        next += 1
                    }
                    groups[row] = numbering[pair]
                }
            } else {
                var numbering: [Int: Int32] = [:]
                for row in 0..<rowCount {
                    let pair = Int(groups[row]) * cardinality + Int(codes[row])
                    if let group = numbering[pair] {
                        groups[row] = group
                    } else {
                        numbering[pair] = next
                        groups[row] = next
                        next += 1
                    }
                }
            }
            groupCount = Int(next)
        }
        var firstRows = [Int](repeating: -1, count: groupCount)
        for row in 0..<rowCount where firstRows[Int(groups[row])] < 0 { firstRows[Int(groups[row])] = row }
        return (groups, firstRows)
    }
}

extension Column {
    /// A code per row from 0, equal for equal values (missing values one value of their own), and how
    /// many codes there are. Whole numbers within a range of a few million map through an array.
    func denseCodes() -> (codes: [Int32], cardinality: Int) {
        if case .integer(let values, let missing) = values, let low = values.min(), let high = values.max(),
           high &- low >= 0, high - low < 1 << 22 {
            var numbering = [Int32](repeating: -1, count: Int(high - low) + 2)
            var next: Int32 = 0
            let missingSlot = numbering.count - 1
            let codes = values.indices.map { row -> Int32 in
                let slot = missing.isMissing(row) ? missingSlot : Int(values[row] - low)
                if numbering[slot] < 0 {
                    numbering[slot] = next
                    next += 1
                }
                return numbering[slot]
            }
            return (codes, Int(next))
        }
        // Otherwise numbered in order of first appearance; missing takes the code after the values.
        func numbered<Value: Hashable>(_ values: [Value], missing: MissingMask) -> (codes: [Int32], cardinality: Int) {
            var numbering: [Value: Int32] = [:]
            var codes = values.indices.map { row -> Int32 in
                if missing.isMissing(row) { return -1 }
                if let code = numbering[values[row]] { return code }
                let code = Int32(numbering.count)
                numbering[values[row]] = code
                return code
            }
            let missingCode = Int32(numbering.count)
            if missing.missingCount > 0 { for row in codes.indices where codes[row] < 0 { codes[row] = missingCode } }
            return (codes, numbering.count + 1)
        }
        switch values {
        case .integer(let values, let missing): return numbered(values, missing: missing)
        // 0 and -0 are one value.
        case .float(let values, let missing): return numbered(values.map { $0 == 0 ? 0 : $0.bitPattern }, missing: missing)
        case .boolean(let values, let missing): return numbered(values, missing: missing)
        case .text(let values, let missing): return numbered(values, missing: missing)
        case .datetime(let values, let missing): return numbered(values, missing: missing)
        case .categorical(let codes, let levels):
            // Levels may in principle repeat a text: number the texts, not the codes.
            let (levelCodes, cardinality) = numbered(levels, missing: MissingMask())
            let missingCode = Int32(cardinality - 1)
            return (codes.map { $0 < 0 ? missingCode : levelCodes[Int($0)] }, cardinality)
        }
    }
}
