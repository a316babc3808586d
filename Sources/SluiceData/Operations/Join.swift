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
            guard JoinKeyValue.canMeet(leftColumn.kind, rightColumn.kind) else {
                throw .keyKinds(left: key.left, leftKind: leftColumn.kind, right: key.right, rightKind: rightColumn.kind)
            }
            leftKeys.append(leftColumn)
            rightKeys.append(rightColumn)
        }
        let pairs = Self.pairs(leftKeys: leftKeys, leftRows: rowCount, rightKeys: rightKeys, rightRows: right.rowCount, how: how)
        let leftRows = pairs.map(\.left), rightRows = pairs.map(\.right)
        let sharedKeys = Set(keys.filter { $0.left == $0.right }.map(\.left))
        var columns = columns.map { column -> Column in
            let gathered = column.gathering(optionalRows: leftRows)
            guard sharedKeys.contains(column.name), how == .right || how == .outer else { return gathered }
            // One key column: where only the right table has the row, its key.
            let fromRight = right.column(named: column.name)!.gathering(optionalRows: rightRows)
            return Self.coalescing(gathered, fromRight, takeRight: leftRows.map { $0 == nil })
        }
        let leftNames = Set(self.columnNames)
        for column in right.columns where !sharedKeys.contains(column.name) {
            var gathered = column.gathering(optionalRows: rightRows)
            if leftNames.contains(column.name) { gathered.name += "_right" }
            columns.append(gathered)
        }
        return try Table(columns: columns)
    }

    /// The output's (left row, right row) pairs, in the order the join gives them.
    private static func pairs(leftKeys: [Column], leftRows: Int, rightKeys: [Column], rightRows: Int,
                              how: JoinKind) -> [(left: Int?, right: Int?)] {
        let leftValues = JoinKeyValue.rows(of: leftKeys, count: leftRows)
        let rightValues = JoinKeyValue.rows(of: rightKeys, count: rightRows)
        if how == .right {
            var leftIndex: [[JoinKeyValue]: [Int]] = [:]
            for row in 0..<leftRows { if let key = leftValues[row] { leftIndex[key, default: []].append(row) } }
            return (0..<rightRows).flatMap { row -> [(left: Int?, right: Int?)] in
                let partners = rightValues[row].flatMap { leftIndex[$0] } ?? []
                return partners.isEmpty ? [(nil, row)] : partners.map { ($0, row) }
            }
        }
        var rightIndex: [[JoinKeyValue]: [Int]] = [:]
        for row in 0..<rightRows { if let key = rightValues[row] { rightIndex[key, default: []].append(row) } }
        var pairs: [(left: Int?, right: Int?)] = []
        var matchedRight = [Bool](repeating: false, count: rightRows)
        for row in 0..<leftRows {
            let partners = leftValues[row].flatMap { rightIndex[$0] } ?? []
            for partner in partners {
                pairs.append((row, partner))
                matchedRight[partner] = true
            }
            if partners.isEmpty, how != .inner { pairs.append((row, nil)) }
        }
        guard how == .outer else { return pairs }
        for row in 0..<rightRows where !matchedRight[row] { pairs.append((nil, row)) }
        // Ascending keys, each key's missing values after its present ones (a missing value is one of its own,
        // as pandas' sort of the keys would see it); the order so far (left rows, then right) within a key.
        let leftParts = JoinKeyValue.parts(of: leftKeys, count: leftRows)
        let rightParts = JoinKeyValue.parts(of: rightKeys, count: rightRows)
        let partsOf: ((left: Int?, right: Int?)) -> [JoinKeyValue?] = { pair in
            pair.left.map { leftParts[$0] } ?? rightParts[pair.right!]
        }
        return pairs.enumerated().sorted { a, b in
            for (x, y) in zip(partsOf(a.element), partsOf(b.element)) {
                switch (x, y) {
                case (let x?, let y?): if x != y { return JoinKeyValue.less(x, y) }
                case (nil, nil): return a.offset < b.offset
                case (nil, _): return false
                case (_, nil): return true
                }
            }
            return a.offset < b.offset
        }.map(\.element)
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

    static func canMeet(_ a: ColumnKind, _ b: ColumnKind) -> Bool {
        family(a) == family(b)
    }

    private static func family(_ kind: ColumnKind) -> Int {
        switch kind {
        case .integer, .float: 0
        case .text, .categorical: 1
        case .boolean: 2
        }
    }

    /// Each row's key values, nil where one of them is missing (such a row matches nothing).
    static func rows(of columns: [Column], count: Int) -> [[JoinKeyValue]?] {
        parts(of: columns, count: count).map { parts in parts.contains(nil) ? nil : parts.map { $0! } }
    }

    /// Each row's key values, nil for a missing one.
    static func parts(of columns: [Column], count: Int) -> [[JoinKeyValue?]] {
        (0..<count).map { row in columns.map { value(of: $0, at: row) } }
    }

    private static func value(of column: Column, at row: Int) -> JoinKeyValue? {
        guard !column.isMissing(row) else { return nil }
        switch column.values {
        case .integer(let values, _): return .number(Double(values[row]))
        case .float(let values, _): return .number(values[row] == 0 ? 0 : values[row])
        case .boolean(let values, _): return .flag(values[row])
        case .text(let values, _): return .text(values[row])
        case .categorical(let codes, let levels): return .text(levels[Int(codes[row])])
        }
    }

    /// Ascending: numbers by value, text by its code points, false before true.
    static func less(_ x: JoinKeyValue, _ y: JoinKeyValue) -> Bool {
        switch (x, y) {
        case (.number(let p), .number(let q)): p < q
        case (.text(let p), .text(let q)): p.unicodeScalars.lexicographicallyPrecedes(q.unicodeScalars)
        case (.flag(let p), .flag(let q)): !p && q
        default: false
        }
    }
}
