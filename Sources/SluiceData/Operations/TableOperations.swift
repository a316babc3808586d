/// Row and column operations that return new tables.
extension Table {
    /// The rows at `rows`, in that order.
    public func gathering(_ rows: [Int]) -> Table {
        // Gathering keeps lengths equal and names unique, so this cannot throw.
        try! Table(columns: columns.map { $0.gathering(rows) })
    }

    /// The rows where `keep` is true.
    public func filtered(_ keep: [Bool]) -> Table {
        gathering(keep.indices.filter { keep[$0] })
    }

    /// The columns named, in that order.
    public func selecting(_ names: [String]) throws(TableError) -> Table {
        var picked: [Column] = []
        for name in names {
            guard let column = column(named: name) else { throw .unknownColumn(name) }
            picked.append(column)
        }
        return try Table(columns: picked)
    }

    /// The table without the columns named.
    public func dropping(_ names: [String]) throws(TableError) -> Table {
        for name in names where column(named: name) == nil { throw .unknownColumn(name) }
        return try Table(columns: columns.filter { !names.contains($0.name) })
    }

    /// The table with columns renamed (`old → new`).
    public func renaming(_ renames: [(from: String, to: String)]) throws(TableError) -> Table {
        var renamed = columns
        for (from, to) in renames {
            guard let index = renamed.firstIndex(where: { $0.name == from }) else { throw .unknownColumn(from) }
            renamed[index].name = to
        }
        return try Table(columns: renamed)
    }

    /// The table with `column` added at the end, or replacing the column of the same name in place.
    public func setting(_ column: Column) throws(TableError) -> Table {
        var updated = columns
        if let index = updated.firstIndex(where: { $0.name == column.name }) {
            updated[index] = column
        } else {
            updated.append(column)
        }
        return try Table(columns: updated)
    }

    /// The rows in the order of `keys`: stable, each key ascending or
    /// descending, missing values last either way.
    public func sorted(by keys: [(column: String, descending: Bool)]) throws(TableError) -> Table {
        var comparators: [(Int, Int) -> Int] = []
        for key in keys {
            guard let column = column(named: key.column) else { throw .unknownColumn(key.column) }
            comparators.append(column.rowComparator(descending: key.descending))
        }
        let order = (0..<rowCount).sorted { left, right in
            for compare in comparators {
                let result = compare(left, right)
                if result != 0 { return result < 0 }
            }
            return left < right
        }
        return gathering(order)
    }

    /// `count` rows drawn without replacement, in their original order.
    public func sample(_ count: Int, seed: UInt64) -> Table {
        var generator = SeededGenerator(seed: seed)
        let chosen = generator.permutation(of: rowCount).prefix(min(count, rowCount)).sorted()
        return gathering(Array(chosen))
    }

    /// Splits the rows into two tables holding `fraction` and the rest, each
    /// in original order. The first gets exactly round(fraction × rows) rows.
    /// With `stratify`, every value of that column (missing counts as one)
    /// is split in the same proportion, each stratum's share rounded so the
    /// total stays exact.
    public func split(fraction: Double, stratify: String? = nil, seed: UInt64) throws(TableError) -> (Table, Table) {
        var generator = SeededGenerator(seed: seed)
        let strata: [[Int]]
        if let stratify {
            guard let column = column(named: stratify) else { throw .unknownColumn(stratify) }
            strata = column.rowGroups()
        } else {
            strata = [Array(0..<rowCount)]
        }
        let total = Int((fraction * Double(rowCount)).rounded())
        let exact = strata.map { fraction * Double($0.count) }
        var shares = exact.map { Int($0.rounded(.down)) }
        let remainderOrder = exact.indices.sorted { (exact[$0] - Double(shares[$0])) > (exact[$1] - Double(shares[$1])) }
        var missing = total - shares.reduce(0, +)
        for stratum in remainderOrder where missing > 0 && shares[stratum] < strata[stratum].count {
            shares[stratum] += 1
            missing -= 1
        }
        var first: [Int] = []
        var second: [Int] = []
        for (stratum, rows) in strata.enumerated() {
            let order = generator.permutation(of: rows.count)
            first.append(contentsOf: order.prefix(shares[stratum]).map { rows[$0] })
            second.append(contentsOf: order.dropFirst(shares[stratum]).map { rows[$0] })
        }
        return (gathering(first.sorted()), gathering(second.sorted()))
    }
}

extension Column {
    /// Compares two rows: negative, zero or positive; missing sorts last.
    func rowComparator(descending: Bool) -> (Int, Int) -> Int {
        let sign = descending ? -1 : 1
        func ordered<T: Comparable>(_ values: [T]) -> (Int, Int) -> Int {
            { left, right in
                let leftMissing = isMissing(left), rightMissing = isMissing(right)
                if leftMissing || rightMissing { return leftMissing == rightMissing ? 0 : (leftMissing ? 1 : -1) }
                return values[left] < values[right] ? -sign : (values[right] < values[left] ? sign : 0)
            }
        }
        switch values {
        case .integer(let v, _), .datetime(let v, _): return ordered(v)
        case .float(let v, _): return ordered(v)
        case .boolean(let v, _): return ordered(v.map { $0 ? 1 : 0 })
        case .text(let v, _): return ordered(v)
        case .categorical(let codes, let levels):
            // Categories sort by their text, not by the order they first appeared in.
            let rank = Dictionary(uniqueKeysWithValues: levels.enumerated().sorted { $0.element < $1.element }
                .enumerated().map { ($0.element.offset, $0.offset) })
            return ordered(codes.map { $0 < 0 ? -1 : rank[Int($0)]! })
        }
    }

    /// The rows of each distinct value, in order of first appearance; missing rows form one group.
    func rowGroups() -> [[Int]] {
        var groupOfKey: [String: Int] = [:]
        var groups: [[Int]] = []
        for row in 0..<count {
            let key = formattedValue(at: row).map { "v:" + $0 } ?? "missing"
            if let group = groupOfKey[key] {
                groups[group].append(row)
            } else {
                groupOfKey[key] = groups.count
                groups.append([row])
            }
        }
        return groups
    }
}
