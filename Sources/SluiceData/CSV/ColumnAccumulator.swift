/// Gathers one column's values from the chunks of a CSV file, in file order,
/// and builds the final column.
struct ColumnAccumulator {
    private(set) var kind: FieldKind
    private var integers: [Int64] = []
    private var floats: [Double] = []
    private var booleans: [Bool] = []
    private var codes: [Int32] = []
    private var levels: [String] = []
    private var levelIndex: [String: Int32] = [:]
    private var missing = MissingMask()
    private(set) var count = 0

    init(kind: FieldKind) {
        self.kind = kind
    }

    /// Reserves room for `rows` values, so long reads do not copy as they grow.
    mutating func reserve(_ rows: Int) {
        switch kind {
        case .integer, .datetime: integers.reserveCapacity(rows)
        case .float: floats.reserveCapacity(rows)
        case .boolean: booleans.reserveCapacity(rows)
        case .string: codes.reserveCapacity(rows)
        }
    }

    /// Appends a chunk's values. An integer column meeting a float chunk becomes a float column.
    mutating func append(_ chunk: ChunkColumn) {
        if kind == .integer, chunk.kind == .float {
            floats = integers.map(Double.init)
            floats.reserveCapacity(integers.capacity)
            integers = []
            kind = .float
        }
        switch (kind, chunk.kind) {
        case (.integer, _), (.datetime, _): integers.append(contentsOf: chunk.integers)
        case (.float, .float): floats.append(contentsOf: chunk.floats)
        case (.float, _): floats.append(contentsOf: chunk.integers.lazy.map(Double.init))
        case (.boolean, _): booleans.append(contentsOf: chunk.booleans)
        case (.string, _):
            var remap: [Int32] = []
            remap.reserveCapacity(chunk.levels.count)
            for level in chunk.levels { remap.append(globalCode(level)) }
            codes.append(contentsOf: chunk.codes.lazy.map { $0 < 0 ? -1 : remap[Int($0)] })
        }
        for row in chunk.missingRows { missing.markMissing(count + row) }
        count += kind == .string ? chunk.codes.count : chunkCount(chunk)
    }

    private func chunkCount(_ chunk: ChunkColumn) -> Int {
        switch chunk.kind {
        case .integer, .datetime: chunk.integers.count
        case .float: chunk.floats.count
        case .boolean: chunk.booleans.count
        case .string: chunk.codes.count
        }
    }

    private mutating func globalCode(_ level: String) -> Int32 {
        if let code = levelIndex[level] { return code }
        let code = Int32(levels.count)
        levelIndex[level] = code
        levels.append(level)
        return code
    }

    /// The finished column. String columns are categorical when `fixed` says
    /// so, or (unless fixed as text) when values repeat: at most half as
    /// many distinct values as present ones. A column with no value at all is float.
    func column(named name: String, fixed: ColumnKind?) -> Column {
        switch kind {
        case .integer where missing.missingCount == count && fixed == nil:
            return Column(name: name, values: .float(Array(repeating: 0, count: count), missing: missing))
        case .integer:
            return Column(name: name, values: .integer(integers, missing: missing))
        case .float:
            return Column(name: name, values: .float(floats, missing: missing))
        case .boolean:
            return Column(name: name, values: .boolean(booleans, missing: missing))
        case .datetime:
            return Column(name: name, values: .datetime(integers, missing: missing))
        case .string:
            let present = codes.reduce(0) { $0 + ($1 < 0 ? 0 : 1) }
            let repeats = present > 0 && levels.count * 2 <= present
            if fixed == .categorical || (fixed != .text && repeats) {
                return Column(name: name, values: .categorical(codes: codes, levels: levels))
            }
            var textMissing = MissingMask()
            let texts = codes.enumerated().map { row, code -> String in
                if code < 0 {
                    textMissing.markMissing(row)
                    return ""
                }
                return levels[Int(code)]
            }
            return Column(name: name, values: .text(texts, missing: textMissing))
        }
    }
}
