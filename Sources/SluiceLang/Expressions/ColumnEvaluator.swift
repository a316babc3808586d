import Foundation
import SluiceData

/// Evaluates an expression over every row of a table, for `filter` and
/// `derive`. A name is a column of the table when it has one, else a bound
/// scalar; a backquoted name is always a column. Missing values propagate
/// through arithmetic, comparisons and functions; `and`/`or` use
/// three-valued logic; `if` takes its last argument where the condition is missing.
struct ColumnEvaluator {
    let table: Table
    let bindings: [String: Value]
    let rowCount: Int

    init(table: Table, bindings: [String: Value]) {
        self.table = table
        self.bindings = bindings
        rowCount = table.rowCount
    }

    /// An evaluator of one row without columns: a row function of values (`text(5)`) outside a table.
    init(bindings: [String: Value]) {
        table = Table()
        self.bindings = bindings
        rowCount = 1
    }

    func evaluate(_ expression: Expression) throws(Diagnostic) -> Vector {
        switch expression.kind {
        case .number(let value): return .scalar(.number(value))
        case .percent(let value): return .scalar(.number(value / 100))
        case .string(let text): return .scalar(.string(text))
        case .boolean(let flag): return .scalar(.boolean(flag))
        case .null: return .scalar(.null)
        case .column(let name): return try column(name, span: expression.span)
        case .name(let name):
            if table.column(named: name) != nil { return try column(name, span: expression.span) }
            if let value = bindings[name] {
                guard Vector.broadcast(value, rowCount: 0) != nil else {
                    throw Diagnostic(.type, "`\(name)` is \(valueDescription(value)), which cannot be used in a row expression",
                                     span: expression.span, label: "not a number, text or boolean")
                }
                return .scalar(value)
            }
            return try column(name, span: expression.span)
        case .unary(let op, let operand):
            return try unary(op, try evaluate(operand), span: expression.span)
        case .binary(let op, let left, let right):
            return try binary(op, try evaluate(left), try evaluate(right), span: expression.span)
        case .isNull(let operand, let negated):
            let nulls = try nullMask(of: evaluate(operand))
            return .booleans(nulls.map { $0 != negated }, nulls: Array(repeating: false, count: rowCount))
        case .inList(let operand, let items, let negated):
            var result = Vector.scalar(.boolean(false))
            let value = try evaluate(operand)
            for item in items {
                let equal = try binary(.equal, value, try evaluate(item), span: item.span)
                result = try binary(.or, result, equal, span: expression.span)
            }
            return negated ? try unary(.not, result, span: expression.span) : result
        case .call(let name, _) where valueFunctions[name.text] != nil:
            throw Resolver.valueFunctionInRow(name, span: expression.span)
        case .call(let name, let arguments):
            var values: [Vector] = []
            for argument in arguments { values.append(try evaluate(argument)) }
            return try call(name.text, values, span: expression.span)
        case .list, .record, .load, .loadModel, .pipe, .recipe, .fit, .train, .tune, .invoke, .evaluate, .crossvalidate, .runs:
            throw Diagnostic(.type, "this cannot be computed for each row", span: expression.span,
                             label: "use a number, text, a column or a function of them")
        }
    }

    private func column(_ name: String, span: SourceSpan) throws(Diagnostic) -> Vector {
        guard let column = table.column(named: name) else {
            throw Diagnostic(.name, "unknown column `\(name)`", span: span, label: "not a column of the table",
                             help: didYouMean(name, among: table.columnNames + bindings.keys))
        }
        return Vector(column)
    }

    // MARK: - Helpers over rows

    func nullMask(of vector: Vector) -> [Bool] {
        switch vector {
        case .numbers(_, let nulls, _), .booleans(_, let nulls), .strings(_, let nulls), .datetimes(_, let nulls): nulls
        case .scalar(let value): Array(repeating: value == .null, count: rowCount)
        }
    }

    func numbers(_ vector: Vector) -> (values: [Double], nulls: [Bool], integral: Bool)? {
        switch vector {
        case .numbers(let values, let nulls, let integral): return (values, nulls, integral)
        case .scalar(.number(let x)):
            return (Array(repeating: x, count: rowCount), Array(repeating: false, count: rowCount), x == x.rounded())
        case .scalar(.null):
            return (Array(repeating: 0, count: rowCount), Array(repeating: true, count: rowCount), true)
        default: return nil
        }
    }

    func strings(_ vector: Vector) -> (values: [String], nulls: [Bool])? {
        switch vector {
        case .strings(let values, let nulls): return (values, nulls)
        case .scalar(.string(let s)): return (Array(repeating: s, count: rowCount), Array(repeating: false, count: rowCount))
        case .scalar(.null): return (Array(repeating: "", count: rowCount), Array(repeating: true, count: rowCount))
        default: return nil
        }
    }

    func booleans(_ vector: Vector) -> (values: [Bool], nulls: [Bool])? {
        switch vector {
        case .booleans(let values, let nulls): return (values, nulls)
        case .scalar(.boolean(let b)): return (Array(repeating: b, count: rowCount), Array(repeating: false, count: rowCount))
        case .scalar(.null): return (Array(repeating: false, count: rowCount), Array(repeating: true, count: rowCount))
        default: return nil
        }
    }

    /// Datetimes, or, beside them (`alongside`), text in quotes read as ISO 8601 (`when >= "2024-01-01"`).
    func datetimes(_ vector: Vector, alongside other: Vector? = nil, span: SourceSpan) throws(Diagnostic) -> (values: [Int64], nulls: [Bool])? {
        switch vector {
        case .datetimes(let values, let nulls): return (values, nulls)
        case .scalar(.null): return (Array(repeating: 0, count: rowCount), Array(repeating: true, count: rowCount))
        case .scalar(.string(let text)):
            guard let other, case .datetimes = other else { return nil }
            guard let value = DateTimeParser.parseISO(text) else {
                throw Diagnostic(.type, "\"\(text)\" is not an ISO 8601 date or time", span: span, label: "not a date",
                                 help: "write dates as \"2024-01-31\" or \"2024-01-31T08:30:00\", or read them with `date(x, \"%d/%m/%Y\")`")
            }
            return (Array(repeating: value, count: rowCount), Array(repeating: false, count: rowCount))
        default: return nil
        }
    }

    func orNulls(_ a: [Bool], _ b: [Bool]) -> [Bool] { zip(a, b).map { $0 || $1 } }

    // MARK: - Operators

    private func unary(_ op: UnaryOperator, _ operand: Vector, span: SourceSpan) throws(Diagnostic) -> Vector {
        switch op {
        case .negate:
            guard let (values, nulls, integral) = numbers(operand) else { throw typeError("`-` needs numbers", operand, span) }
            return .numbers(values.map { -$0 }, nulls: nulls, integral: integral)
        case .not:
            guard let (values, nulls) = booleans(operand) else { throw typeError("`not` needs booleans", operand, span) }
            return .booleans(values.map { !$0 }, nulls: nulls)
        }
    }

    private func binary(_ op: BinaryOperator, _ left: Vector, _ right: Vector, span: SourceSpan) throws(Diagnostic) -> Vector {
        switch op {
        case .and, .or:
            guard let (a, aNull) = booleans(left), let (b, bNull) = booleans(right) else {
                throw typeError("`\(op.rawValue)` needs booleans", booleans(left) == nil ? left : right, span)
            }
            var values = Array(repeating: false, count: rowCount), nulls = values
            for row in 0..<rowCount {
                let x: Bool? = aNull[row] ? nil : a[row], y: Bool? = bNull[row] ? nil : b[row]
                let result: Bool? = op == .and
                    ? (x == false || y == false ? false : (x == nil || y == nil ? nil : true))
                    : (x == true || y == true ? true : (x == nil || y == nil ? nil : false))
                values[row] = result ?? false
                nulls[row] = result == nil
            }
            return .booleans(values, nulls: nulls)
        case .add, .subtract, .multiply, .divide:
            if case .datetimes = left { throw datetimeArithmetic(op, span) }
            if case .datetimes = right { throw datetimeArithmetic(op, span) }
            if op == .add, let (a, aNull) = strings(left), let (b, bNull) = strings(right),
               !(isNullScalar(left) && isNullScalar(right)) {
                return .strings(zip(a, b).map { $0 + $1 }, nulls: orNulls(aNull, bNull))
            }
            guard let (a, aNull, aIntegral) = numbers(left), let (b, bNull, bIntegral) = numbers(right) else {
                throw typeError("`\(op.rawValue)` needs numbers", numbers(left) == nil ? left : right, span)
            }
            var nulls = orNulls(aNull, bNull)
            let values: [Double]
            switch op {
            case .add: values = zip(a, b).map { $0 + $1 }
            case .subtract: values = zip(a, b).map { $0 - $1 }
            case .multiply: values = zip(a, b).map { $0 * $1 }
            default:
                for row in 0..<rowCount where b[row] == 0 { nulls[row] = true }
                values = zip(a, b).map { $1 == 0 ? 0 : $0 / $1 }
            }
            return .numbers(values, nulls: nulls, integral: aIntegral && bIntegral && op != .divide)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return try compare(op, left, right, span: span)
        }
    }

    private func datetimeArithmetic(_ op: BinaryOperator, _ span: SourceSpan) -> Diagnostic {
        Diagnostic(.type, "`\(op.rawValue)` cannot compute with datetimes", span: span, label: "datetimes",
                   help: "`days_between(a, b)` counts the days from a to b; `year`, `month`, `day`, `weekday` and `hour` take a datetime apart")
    }

    private func isNullScalar(_ vector: Vector) -> Bool {
        if case .scalar(.null) = vector { return true }
        return false
    }

    private func compare(_ op: BinaryOperator, _ left: Vector, _ right: Vector, span: SourceSpan) throws(Diagnostic) -> Vector {
        func decide<T: Comparable>(_ a: [T], _ b: [T], _ nulls: [Bool]) -> Vector {
            let values: [Bool] = zip(a, b).map { x, y in
                switch op {
                case .equal: x == y
                case .notEqual: x != y
                case .less: x < y
                case .lessEqual: x <= y
                case .greater: x > y
                default: x >= y
                }
            }
            return .booleans(values, nulls: nulls)
        }
        if isNullScalar(left) || isNullScalar(right) {
            return .booleans(Array(repeating: false, count: rowCount), nulls: Array(repeating: true, count: rowCount))
        }
        if let (a, aNull, _) = numbers(left), let (b, bNull, _) = numbers(right) { return decide(a, b, orNulls(aNull, bNull)) }
        if let (a, aNull) = try datetimes(left, alongside: right, span: span),
           let (b, bNull) = try datetimes(right, alongside: left, span: span) {
            return decide(a, b, orNulls(aNull, bNull))
        }
        if let (a, aNull) = strings(left), let (b, bNull) = strings(right) { return decide(a, b, orNulls(aNull, bNull)) }
        if let (a, aNull) = booleans(left), let (b, bNull) = booleans(right), op == .equal || op == .notEqual {
            return decide(a.map { $0 ? 1 : 0 }, b.map { $0 ? 1 : 0 }, orNulls(aNull, bNull))
        }
        throw Diagnostic(.type, "`\(op.rawValue)` cannot compare \(left.typeName) with \(right.typeName)", span: span,
                         label: "incompatible values",
                         help: "text is compared with text in quotes, numbers with numbers: `contract == \"One year\"`")
    }

    // MARK: - Functions

    private func call(_ name: String, _ arguments: [Vector], span: SourceSpan) throws(Diagnostic) -> Vector {
        switch name {
        case "log", "exp", "sqrt", "abs":
            guard let (values, nulls, integral) = numbers(arguments[0]) else {
                throw typeError("`\(name)` needs numbers", arguments[0], span)
            }
            let function: (Double) -> Double = switch name {
            case "log": { Foundation.log($0) }
            case "exp": { Foundation.exp($0) }
            case "sqrt": { $0.squareRoot() }
            default: { Swift.abs($0) }
            }
            var resultNulls = nulls
            let results = values.map(function)
            for row in 0..<rowCount where !results[row].isFinite { resultNulls[row] = true }
            return .numbers(results.map { $0.isFinite ? $0 : 0 }, nulls: resultNulls, integral: name == "abs" && integral)
        case "if":
            guard let (condition, conditionNulls) = booleans(arguments[0]) else {
                throw typeError("the condition of `if` must be booleans", arguments[0], span)
            }
            let chooseFirst = (0..<rowCount).map { condition[$0] && !conditionNulls[$0] }
            return try choose(chooseFirst, arguments[1], arguments[2], span: span)
        case "row_number":
            return .numbers((0..<rowCount).map { Double($0 + 1) }, nulls: Array(repeating: false, count: rowCount), integral: true)
        case "coalesce":
            var result = arguments[0]
            for next in arguments.dropFirst() {
                result = try choose(nullMask(of: result).map { !$0 }, result, next, span: span)
            }
            return result
        default:
            return try rowFunction(name, arguments, span: span)
        }
    }

    /// Row by row: `first` where `takeFirst`, else `second`; both must be of one type.
    private func choose(_ takeFirst: [Bool], _ first: Vector, _ second: Vector, span: SourceSpan) throws(Diagnostic) -> Vector {
        if let (a, aNull, aIntegral) = numbers(first), let (b, bNull, bIntegral) = numbers(second) {
            return .numbers(takeFirst.indices.map { takeFirst[$0] ? a[$0] : b[$0] },
                            nulls: takeFirst.indices.map { takeFirst[$0] ? aNull[$0] : bNull[$0] },
                            integral: aIntegral && bIntegral)
        }
        if let (a, aNull) = strings(first), let (b, bNull) = strings(second) {
            return .strings(takeFirst.indices.map { takeFirst[$0] ? a[$0] : b[$0] },
                            nulls: takeFirst.indices.map { takeFirst[$0] ? aNull[$0] : bNull[$0] })
        }
        if let (a, aNull) = try datetimes(first, alongside: second, span: span),
           let (b, bNull) = try datetimes(second, alongside: first, span: span) {
            return .datetimes(takeFirst.indices.map { takeFirst[$0] ? a[$0] : b[$0] },
                              nulls: takeFirst.indices.map { takeFirst[$0] ? aNull[$0] : bNull[$0] })
        }
        if let (a, aNull) = booleans(first), let (b, bNull) = booleans(second) {
            return .booleans(takeFirst.indices.map { takeFirst[$0] ? a[$0] : b[$0] },
                             nulls: takeFirst.indices.map { takeFirst[$0] ? aNull[$0] : bNull[$0] })
        }
        throw Diagnostic(.type, "the choices are \(first.typeName) and \(second.typeName); they must be of one type", span: span,
                         label: "mixed types")
    }

    func typeError(_ message: String, _ offending: Vector, _ span: SourceSpan) -> Diagnostic {
        Diagnostic(.type, "\(message), not \(offending.typeName)", span: span, label: "wrong type")
    }
}
