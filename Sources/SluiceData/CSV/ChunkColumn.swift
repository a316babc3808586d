/// One column's values parsed from one chunk of a CSV file.
struct ChunkColumn {
    var kind: FieldKind
    /// Integers, and datetimes as microseconds since 1970.
    var integers: [Int64] = []
    var floats: [Double] = []
    var booleans: [Bool] = []
    /// Codes into `levels` for string columns; -1 is missing.
    var codes: [Int32] = []
    var levels: [String] = []
    var levelIndex: [String: Int32] = [:]
    /// Chunk-local rows that are missing (numeric and boolean kinds).
    var missingRows: [Int] = []

    init(kind: FieldKind) {
        self.kind = kind
    }

    /// Empties the column for another chunk of `kind`, keeping its buffers, so
    /// that chunk after chunk reuses memory instead of faulting in new pages.
    mutating func reset(kind: FieldKind) {
        self.kind = kind
        integers.removeAll(keepingCapacity: true)
        floats.removeAll(keepingCapacity: true)
        booleans.removeAll(keepingCapacity: true)
        codes.removeAll(keepingCapacity: true)
        levels.removeAll(keepingCapacity: true)
        levelIndex.removeAll(keepingCapacity: true)
        missingRows.removeAll(keepingCapacity: true)
    }

    /// What appending a field found.
    enum AppendResult {
        case appended
        /// The text is not of the column's kind (nor a number, for an integer column).
        case wrongKind
        case invalidUTF8
    }

    /// Appends a present field's value. An integer column that meets a
    /// non-integer number becomes a float column, unless `kindIsFixed`; a number
    /// with a leading zero is of no number kind unless `kindIsFixed`.
    @inline(__always)
    mutating func append(_ bytes: UnsafePointer<UInt8>, count: Int, span: FieldSpan, row: Int, kindIsFixed: Bool) -> AppendResult {
        // An inferred number column meeting `08123` is text: reading it as a number would change it.
        if !kindIsFixed, kind == .integer || kind == .float, NumberParser.hasLeadingZero(bytes, count: count) { return .wrongKind }
        switch kind {
        case .integer:
            if let value = NumberParser.parseInteger(bytes, count: count) {
                integers.append(value)
                return .appended
            }
            guard !kindIsFixed, let value = NumberParser.parseDouble(bytes, count: count) else { return .wrongKind }
            kind = .float
            floats = integers.map(Double.init)
            integers = []
            floats.append(value)
        case .float:
            guard let value = NumberParser.parseDouble(bytes, count: count) else { return .wrongKind }
            floats.append(value)
        case .boolean:
            guard let value = parseBoolean(bytes, count: count) else { return .wrongKind }
            booleans.append(value)
        case .datetime(let pattern):
            guard let value = pattern.map({ DateTimeParser.parse(bytes, count: count, pattern: $0) })
                ?? DateTimeParser.parseISO(bytes, count: count) else { return .wrongKind }
            integers.append(value)
        case .string:
            guard var text = String(validating: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self) else {
                return .invalidUTF8
            }
            if span.hasEscapedQuotes { text = text.replacingOccurrences(of: "\"\"", with: "\"") }
            appendLevel(text)
        }
        return .appended
    }

    /// Appends a missing value at chunk-local `row`.
    @inline(__always)
    mutating func appendMissing(row: Int) {
        switch kind {
        case .integer, .datetime: integers.append(0)
        case .float: floats.append(0)
        case .boolean: booleans.append(false)
        case .string:
            codes.append(-1)
            return
        }
        missingRows.append(row)
    }

    /// Removes the value appended for `row`, the last one (a record that turned out malformed).
    mutating func removeLast(row: Int) {
        switch kind {
        case .integer, .datetime: integers.removeLast()
        case .float: floats.removeLast()
        case .boolean: booleans.removeLast()
        case .string: codes.removeLast()
        }
        if missingRows.last == row { missingRows.removeLast() }
    }

    private mutating func appendLevel(_ text: String) {
        if let code = levelIndex[text] {
            codes.append(code)
        } else {
            let code = Int32(levels.count)
            levelIndex[text] = code
            levels.append(text)
            codes.append(code)
        }
    }
}
