/// How a join keeps rows without a partner.
public enum JoinKind: String, Sendable, CaseIterable {
    /// Only rows with partners.
    case inner
    /// Every left row.
    case left
    /// Every right row.
    case right
    /// Every row of both.
    case outer
}

/// A pair of key columns: the left table's and the right table's (the same name, or `a = b`).
public struct JoinKey: Sendable, Equatable {
    public var left: String
    public var right: String

    public init(left: String, right: String) {
        self.left = left
        self.right = right
    }
}

extension Table {
    /// The rows of this table and `right` whose keys are equal, as pandas' `merge` but with SQL's
    /// missing keys: a missing key never matches.
    ///
    /// Rows come as pandas gives them: inner and left joins in the left table's order, each row with
    /// its partners in the right table's order; right joins in the right table's order; outer joins
    /// in ascending order of the keys (missing last), the left table's rows before the right's within
    /// a key. The columns are the left table's, then the right's but its key columns of the same name
    /// as the left's (one key column, filled from the right where only the right has the row); a
    /// right column whose name the left has is suffixed `_right`. Integer and float keys compare as
    /// numbers, categorical and text as text; other kinds of keys cannot meet.
    public func joined(with right: Table, on keys: [JoinKey], how: JoinKind) throws(TableError) -> Table {
        var leftKeys: [Column] = [], rightKeys: [Column] = []
        for key in keys {
            guard let leftColumn = column(named: key.left) else { throw .unknownColumn(key.left) }
            guard let rightColumn = right.column(named: key.right) else { throw .unknownColumn(key.right) }
            guard leftColumn.kind.canEqual(rightColumn.kind) else {
                throw .keyKinds(left: key.left, leftKind: leftColumn.kind, right: key.right, rightKind: rightColumn.kind)
            }
            leftKeys.append(leftColumn)
            rightKeys.append(rightColumn)
        }
        let (leftRows, rightRows) = Self.pairs(leftKeys: leftKeys, leftRows: rowCount, rightKeys: rightKeys,
                                               rightRows: right.rowCount, how: how)
        let sharedKeys = Set(keys.filter { $0.left == $0.right }.map(\.left))
        // Every left row once, in order (a left join on keys the right has at most once): the left columns as they are.
        let leftAsIs = leftRows.count == rowCount && leftRows.indices.allSatisfy { leftRows[$0] == Int32($0) }
        var columns = columns.map { column -> Column in
            let gathered = leftAsIs ? column : column.gathering(rowsOrAbsent: leftRows)
            guard sharedKeys.contains(column.name), how == .right || how == .outer else { return gathered }
            // One key column: where only the right table has the row, its key.
            let fromRight = right.column(named: column.name)!.gathering(rowsOrAbsent: rightRows)
            return Self.coalescing(gathered, fromRight, takeRight: leftRows.map { $0 < 0 })
        }
        let leftNames = Set(self.columnNames)
        for column in right.columns where !sharedKeys.contains(column.name) {
            var gathered = column.gathering(rowsOrAbsent: rightRows)
            if leftNames.contains(column.name) { gathered.name += "_right" }
            columns.append(gathered)
        }
        return try Table(columns: columns)
    }

    /// The output's left and right rows (-1: none), in the order the join gives them.
    private static func pairs(leftKeys: [Column], leftRows: Int, rightKeys: [Column], rightRows: Int,
                              how: JoinKind) -> (left: [Int32], right: [Int32]) {
        let codes = JoinKeyCodes(left: leftKeys, right: rightKeys)
        var lefts: [Int32] = [], rights: [Int32] = []
        if how == .right {
            let index = JoinKeyCodes.Index(codes.left, count: codes.count)
            lefts.reserveCapacity(rightRows)
            rights.reserveCapacity(rightRows)
            for row in 0..<rightRows {
                var partner = index.first(codes.right[row])
                if partner < 0 {
                    lefts.append(-1)
                    rights.append(Int32(row))
                }
                while partner >= 0 {
                    lefts.append(partner)
                    rights.append(Int32(row))
                    partner = index.next[Int(partner)]
                }
            }
            return (lefts, rights)
        }
        let index = JoinKeyCodes.Index(codes.right, count: codes.count)
        lefts.reserveCapacity(leftRows)
        rights.reserveCapacity(leftRows)
        let keepsUnmatched = how != .inner, isOuter = how == .outer
        var matchedRight = [Bool](repeating: false, count: isOuter ? rightRows : 0)
        codes.left.withUnsafeBufferPointer { leftCodes in
            for row in 0..<leftRows {
                var partner = index.first(leftCodes[row])
                if partner < 0, keepsUnmatched {
                    lefts.append(Int32(row))
                    rights.append(-1)
                }
                while partner >= 0 {
                    lefts.append(Int32(row))
                    rights.append(partner)
                    if isOuter { matchedRight[Int(partner)] = true }
                    partner = index.next[Int(partner)]
                }
            }
        }
        guard isOuter else { return (lefts, rights) }
        for row in 0..<rightRows where !matchedRight[row] {
            lefts.append(-1)
            rights.append(Int32(row))
        }
        // Ascending keys, each key's missing values after its present ones (a missing value is one of its own,
        // as pandas' sort of the keys would see it); the order so far (left rows, then right) within a key.
        let leftParts = JoinKeyValue.parts(of: leftKeys, count: leftRows)
        let rightParts = JoinKeyValue.parts(of: rightKeys, count: rightRows)
        let partsOf = { (pair: Int) -> [JoinKeyValue?] in lefts[pair] >= 0 ? leftParts[Int(lefts[pair])] : rightParts[Int(rights[pair])] }
        let order = lefts.indices.sorted { a, b in
            for (x, y) in zip(partsOf(a), partsOf(b)) {
                switch (x, y) {
                case (let x?, let y?): if x != y { return JoinKeyValue.less(x, y) }
                case (nil, nil): return a < b
                case (nil, _): return false
                case (_, nil): return true
                }
            }
            return a < b
        }
        return (order.map { lefts[$0] }, order.map { rights[$0] })
    }

    /// `left`, with `right`'s values where `takeRight`.
    private static func coalescing(_ left: Column, _ right: Column, takeRight: [Bool]) -> Column {
        let rows = takeRight.indices
        guard takeRight.contains(true) else { return left }
        // Both as one column of both kinds: the left's rows then the right's, picked row by row.
        guard let both = try? Column.concatenating([left, Column(name: left.name, values: right.values)]) else { return left }
        return both.gathering(rows.map { takeRight[$0] ? left.count + $0 : $0 })
    }
}

/// A key's value as joins compare them: numbers as numbers (0 and -0 one value), text as text.
enum JoinKeyValue: Hashable {
    case number(Double)
    case text(String)
    case flag(Bool)
    case instant(Int64)

    /// Each row's key values, nil for a missing one.
    static func parts(of columns: [Column], count: Int) -> [[JoinKeyValue?]] {
        (0..<count).map { row in columns.map { value(of: $0, at: row) } }
    }

    static func value(of column: Column, at row: Int) -> JoinKeyValue? {
        guard !column.isMissing(row) else { return nil }
        switch column.values {
        case .integer(let values, _): return .number(Double(values[row]))
        case .float(let values, _): return .number(values[row] == 0 ? 0 : values[row])
        case .boolean(let values, _): return .flag(values[row])
        case .text(let values, _): return .text(values[row])
        case .categorical(let codes, let levels): return .text(levels[Int(codes[row])])
        case .datetime(let values, _): return .instant(values[row])
        }
    }

    /// Ascending: numbers and instants by value, text by its code points, false before true.
    static func less(_ x: JoinKeyValue, _ y: JoinKeyValue) -> Bool {
        switch (x, y) {
        case (.number(let p), .number(let q)): p < q
        case (.text(let p), .text(let q)): p.unicodeScalars.lexicographicallyPrecedes(q.unicodeScalars)
        case (.flag(let p), .flag(let q)): !p && q
        case (.instant(let p), .instant(let q)): p < q
        default: false
        }
    }
}

/// The keys of both tables of a join as codes of one numbering: equal codes for equal keys (numbers as
/// numbers, text as text), -1 where a key is missing (it matches nothing).
struct JoinKeyCodes {
    var left: [Int32]
    var right: [Int32]
    /// How many codes there are.
    var count: Int

    init(left leftKeys: [Column], right rightKeys: [Column]) {
        var left = [Int32](repeating: 0, count: leftKeys.first?.count ?? 0)
        var right = [Int32](repeating: 0, count: rightKeys.first?.count ?? 0)
        var count = 1
        for (leftColumn, rightColumn) in zip(leftKeys, rightKeys) {
            let (leftCodes, rightCodes, cardinality) = Self.codes(leftColumn, rightColumn)
            // (key so far, this key) numbered anew over both tables.
            var numbering: [Int: Int32] = [:]
            func combine(_ codes: inout [Int32], _ column: [Int32]) {
                for row in codes.indices {
                    guard codes[row] >= 0, column[row] >= 0 else {
                        codes[row] = -1
                        continue
                    }
                    let pair = Int(codes[row]) * cardinality + Int(column[row])
                    if let code = numbering[pair] {
                        codes[row] = code
                    } else {
                        let code = Int32(numbering.count)
                        numbering[pair] = code
                        codes[row] = code
                    }
                }
            }
            if leftKeys.count == 1 {
                (left, right, count) = (leftCodes, rightCodes, cardinality)
                break
            }
            combine(&left, leftCodes)
            combine(&right, rightCodes)
            count = numbering.count
        }
        (self.left, self.right, self.count) = (left, right, count)
    }

    /// One key's codes in both tables, and how many there are.
    private static func codes(_ left: Column, _ right: Column) -> ([Int32], [Int32], Int) {
        if case .integer(let a, let aMissing) = left.values, case .integer(let b, let bMissing) = right.values {
            let (aLow, aHigh) = Self.range(a), (bLow, bHigh) = Self.range(b)
            let low = Swift.min(aLow, bLow), high = Swift.max(aHigh, bHigh)
            if high &- low >= 0, high - low < 1 << 24 {
                // Whole numbers in a range of a few million: the value is the code.
                let code = { (values: [Int64], missing: MissingMask) -> [Int32] in
                    guard missing.missingCount > 0 else { return values.map { Int32(truncatingIfNeeded: $0 &- low) } }
                    return values.indices.map { missing.isMissing($0) ? Int32(-1) : Int32(values[$0] - low) }
                }
                return (code(a, aMissing), code(b, bMissing), Int(high - low) + 1)
            }
        }
        var numbering: [JoinKeyValue: Int32] = [:]
        let code = { (column: Column) in
            (0..<column.count).map { row -> Int32 in
                guard let value = JoinKeyValue.value(of: column, at: row) else { return -1 }
                if let code = numbering[value] { return code }
                let code = Int32(numbering.count)
                numbering[value] = code
                return code
            }
        }
        let (leftCodes, rightCodes) = (code(left), code(right))
        return (leftCodes, rightCodes, max(1, numbering.count))
    }

    /// The smallest and largest value (0 and 0 when there are none), in one pass the compiler vectorizes
    /// (the standard library's `min()` and `max()` do not).
    private static func range(_ values: [Int64]) -> (Int64, Int64) {
        guard let first = values.first else { return (0, 0) }
        var low = first, high = first
        values.withUnsafeBufferPointer { buffer in
            for value in buffer {
                low = Swift.min(low, value)
                high = Swift.max(high, value)
            }
        }
        return (low, high)
    }

    /// The rows of one table by code: each code's first row, and each row's next of the same code,
    /// in table order.
    struct Index {
        private var heads: [Int32]
        private(set) var next: [Int32]

        init(_ codes: [Int32], count: Int) {
            heads = [Int32](repeating: -1, count: count)
            next = [Int32](repeating: -1, count: codes.count)
            for row in codes.indices.reversed() where codes[row] >= 0 {
                next[row] = heads[Int(codes[row])]
                heads[Int(codes[row])] = Int32(row)
            }
        }

        /// The first row with `code`, or -1 (also for a missing key).
        func first(_ code: Int32) -> Int32 {
            code >= 0 ? heads[Int(code)] : -1
        }
    }
}
