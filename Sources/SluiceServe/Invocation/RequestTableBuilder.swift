import SluiceData
import SluiceML

/// Builds a table of the model's input columns, one row at a time, giving each value its column's kind.
struct RequestTableBuilder {
    private let schema: [ColumnSchema]
    private var columns: [ColumnBuffer]
    private(set) var rowCount = 0
    /// Whether some row gave each of the model's columns (by position, every one; by name, those it named),
    /// and how many have been given: checked per row on the request path, so flags rather than a set of names.
    private var given: [Bool]
    private var givenCount = 0

    init(schema: [ColumnSchema], capacity: Int = 0) {
        self.schema = schema
        columns = schema.map { ColumnBuffer(kind: $0.kind ?? .text, capacity: capacity) }
        given = Array(repeating: false, count: schema.count)
    }

    /// Appends a row given in the schema's order; `row` is its 1-based number in the request.
    mutating func append(_ cells: [RequestCell], row: Int) throws(InvocationError) {
        try appendValues(cells, row: row)
        if givenCount < schema.count {
            given = Array(repeating: true, count: schema.count)
            givenCount = schema.count
        }
    }

    /// Appends a row given by column name; absent names are missing values, names the model does not read are ignored.
    mutating func append(_ cells: [String: RequestCell], row: Int) throws(InvocationError) {
        try appendValues(schema.map { cells[$0.name] ?? .missing }, row: row)
        guard givenCount < schema.count else { return }
        for index in schema.indices where !given[index] && cells[schema[index].name] != nil {
            given[index] = true
            givenCount += 1
        }
    }

    /// The model's columns no row gave.
    var absentColumns: [String] { schema.indices.filter { !given[$0] }.map { schema[$0].name } }

    private mutating func appendValues(_ cells: [RequestCell], row: Int) throws(InvocationError) {
        guard cells.count == schema.count else {
            throw .badRow(row, column: nil, "\(cells.count) value\(cells.count == 1 ? "" : "s") where the model reads \(schema.count) "
                + "(\(schema.map(\.name).joined(separator: ", ")))")
        }
        for index in schema.indices {
            do {
                try columns[index].append(cells[index])
            } catch let problem {
                throw .badRow(row, column: schema[index].name, problem.message)
            }
        }
        rowCount += 1
    }

    /// The table built so far.
    func table() throws(InvocationError) -> Table {
        do {
            return try Table(columns: zip(schema, columns).map { Column(name: $0.name, values: $1.values) })
        } catch {
            throw InvocationError(status: 500, "cannot build the request table: \(error)")
        }
    }
}

/// Why a value does not fit its column.
struct CellProblem: Error {
    var message: String
}

/// The values of one column as they arrive.
private struct ColumnBuffer {
    let kind: ColumnKind
    private var integers: [Int64] = []
    private var floats: [Double] = []
    private var booleans: [Bool] = []
    private var strings: [String] = []
    private var codes: [Int32] = []
    private var levels: [String] = []
    private var levelCodes: [String: Int32] = [:]
    private var missing = MissingMask()
    /// An integer column that received a value with a fraction holds floats from then on.
    private var widened = false
    private var count = 0

    init(kind: ColumnKind, capacity: Int) {
        self.kind = kind
        switch kind {
        case .integer, .datetime: integers.reserveCapacity(capacity)
        case .float: floats.reserveCapacity(capacity)
        case .boolean: booleans.reserveCapacity(capacity)
        case .categorical: codes.reserveCapacity(capacity)
        case .text: strings.reserveCapacity(capacity)
        }
    }

    mutating func append(_ cell: RequestCell) throws(CellProblem) {
        defer { count += 1 }
        if case .missing = cell { return appendMissing() }
        switch kind {
        case .integer, .float: appendNumber(try number(cell))
        case .boolean: booleans.append(try boolean(cell))
        case .categorical:
            let label = text(cell)
            if let code = levelCodes[label] {
                codes.append(code)
            } else {
                let code = Int32(levels.count)
                levels.append(label)
                levelCodes[label] = code
                codes.append(code)
            }
        case .text: strings.append(text(cell))
        case .datetime: integers.append(try datetime(cell))
        }
    }

    private mutating func appendMissing() {
        switch kind {
        case .integer: widened ? floats.append(0) : integers.append(0)
        case .datetime: integers.append(0)
        case .float: floats.append(0)
        case .boolean: booleans.append(false)
        case .categorical: codes.append(-1); return
        case .text: strings.append("")
        }
        missing.markMissing(count)
    }

    private mutating func appendNumber(_ value: Double) {
        guard kind == .integer else { return floats.append(value) }
        if !widened, value == value.rounded(), abs(value) < 9.2e18 { return integers.append(Int64(value)) }
        if !widened {
            widened = true
            floats = integers.map(Double.init)
            integers = []
        }
        floats.append(value)
    }

    private func number(_ cell: RequestCell) throws(CellProblem) -> Double {
        switch cell {
        case .number(let value): return value
        case .text(let text):
            if let value = Double(text) ?? Double(text.trimmingWhitespace), value.isFinite { return value }
            throw CellProblem(message: "\(cell.quoted) is not a number")
        case .boolean, .missing:
            throw CellProblem(message: "\(cell.quoted) is not a number")
        }
    }

    private func boolean(_ cell: RequestCell) throws(CellProblem) -> Bool {
        switch cell {
        case .boolean(let value): return value
        case .number(let value) where value == 0 || value == 1: return value == 1
        case .text(let text):
            switch text.trimmingWhitespace.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: break
            }
        default: break
        }
        throw CellProblem(message: "\(cell.quoted) is not true or false")
    }

    private func datetime(_ cell: RequestCell) throws(CellProblem) -> Int64 {
        if case .text(let text) = cell, let value = DateTimeParser.parseISO(text.trimmingWhitespace) { return value }
        throw CellProblem(message: "\(cell.quoted) is not an ISO 8601 date or time")
    }

    private func text(_ cell: RequestCell) -> String {
        switch cell {
        case .text(let text): text
        case .number(let value): formatFloat(value)
        case .boolean(let value): value ? "true" : "false"
        case .missing: ""
        }
    }

    var values: ColumnValues {
        switch kind {
        case .integer: widened ? .float(floats, missing: missing) : .integer(integers, missing: missing)
        case .float: .float(floats, missing: missing)
        case .boolean: .boolean(booleans, missing: missing)
        case .categorical: .categorical(codes: codes, levels: levels)
        case .text: .text(strings, missing: missing)
        case .datetime: .datetime(integers, missing: missing)
        }
    }
}
