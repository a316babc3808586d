/// A name as written, with its span.
public struct Name: Sendable, Equatable {
    public var text: String
    public var span: SourceSpan
}

/// A `name = value` item inside `{ }`.
public struct Setting: Sendable, Equatable {
    public var name: Name
    public var value: Expression
}

/// Binary operators, loosest-binding first within ``Expression/Kind/binary``.
public enum BinaryOperator: String, Sendable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable {
    case negate = "-", not
}

/// One step after `|` in a pipeline.
public enum PipeStep: Sendable, Equatable {
    /// `take n`: the first n rows.
    case take(Expression)
    /// `select [a, b]` keeps those columns, in that order; `select -[a, b]` drops them.
    case select([Name], drop: Bool)
}

/// An expression and its span.
public struct Expression: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case number(Double)
        case percent(Double)
        case string(String)
        case boolean(Bool)
        case null
        case name(String)
        case list([Expression])
        /// `{ name = value, ... }`
        case record([Setting])
        /// `load "path" { options }`
        case load(path: Expression, options: [Setting])
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `source | step`
        case pipe(Expression, PipeStep, stepSpan: SourceSpan)
    }

    public var kind: Kind
    public var span: SourceSpan
}

/// A statement and its span.
public struct Statement: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `let a = expr` or `let a, b = expr`.
        case bind([Name], Expression)
        /// `print expr [to stderr]`.
        case print(Expression, toStandardError: Bool)
        /// A bare expression, whose value is displayed.
        case expression(Expression)
    }

    public var kind: Kind
    public var span: SourceSpan
}
