/// The operators on scalar values. Arithmetic with `null` gives `null`, and
/// so does division by zero, as in SQL.
enum Arithmetic {
    static func apply(_ op: UnaryOperator, _ operand: Value, span: SourceSpan) throws(Diagnostic) -> Value {
        switch (op, operand) {
        case (_, .null): return .null
        case (.negate, .number(let x)): return .number(-x)
        case (.not, .boolean(let x)): return .boolean(!x)
        default:
            let expected = op == .negate ? "a number" : "a boolean"
            throw Diagnostic(.type, "`\(op.rawValue)` needs \(expected), not \(valueDescription(operand))", span: span,
                             label: "expected \(expected)")
        }
    }

    static func apply(_ op: BinaryOperator, _ left: Value, _ right: Value, span: SourceSpan) throws(Diagnostic) -> Value {
        switch op {
        case .equal: return left == .null || right == .null ? .null : .boolean(left == right)
        case .notEqual: return left == .null || right == .null ? .null : .boolean(left != right)
        case .and, .or: return try logical(op, left, right, span: span)
        default: break
        }
        if left == .null || right == .null { return .null }
        switch (left, right) {
        case (.number(let x), .number(let y)):
            switch op {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            case .divide: return y == 0 ? .null : .number(x / y)
            case .less: return .boolean(x < y)
            case .lessEqual: return .boolean(x <= y)
            case .greater: return .boolean(x > y)
            case .greaterEqual: return .boolean(x >= y)
            case .equal, .notEqual, .and, .or: preconditionFailure("handled above")
            }
        case (.string(let x), .string(let y)):
            switch op {
            case .add: return .string(x + y)
            case .less: return .boolean(x < y)
            case .lessEqual: return .boolean(x <= y)
            case .greater: return .boolean(x > y)
            case .greaterEqual: return .boolean(x >= y)
            default: break
            }
        default: break
        }
        var help: String?
        if op == .add, case .string = left, case .number = right { help = "`text(…)` turns a number into text: `\"…\" + text(n)`" }
        if op == .add, case .number = left, case .string = right { help = "`text(…)` turns a number into text: `text(n) + \"…\"`" }
        throw Diagnostic(.type, "`\(op.rawValue)` cannot combine \(valueDescription(left)) and \(valueDescription(right))", span: span,
                         label: "incompatible values", help: help)
    }

    /// Three-valued logic: `false and null` is false, `true or null` is true.
    private static func logical(_ op: BinaryOperator, _ left: Value, _ right: Value, span: SourceSpan) throws(Diagnostic) -> Value {
        func truth(_ value: Value) throws(Diagnostic) -> Bool? {
            switch value {
            case .boolean(let flag): return flag
            case .null: return nil
            default:
                throw Diagnostic(.type, "`\(op.rawValue)` needs booleans, not \(valueDescription(value))", span: span,
                                 label: "expected true or false")
            }
        }
        let (x, y) = (try truth(left), try truth(right))
        if op == .and {
            if x == false || y == false { return .boolean(false) }
            return x == nil || y == nil ? .null : .boolean(true)
        }
        if x == true || y == true { return .boolean(true) }
        return x == nil || y == nil ? .null : .boolean(false)
    }
}
