import SluiceData

/// Punctuation and operators of the language.
public enum Symbol: String, Sendable, CaseIterable {
    case pipe = "|", comma = ",", assign = "=", equal = "==", notEqual = "!="
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case plus = "+", minus = "-", star = "*", slash = "/"
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}", range = "..", arrow = "->"

    /// Whether a line ending in this symbol continues on the next line.
    var continuesLine: Bool {
        switch self {
        case .pipe, .comma, .assign, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
             .plus, .minus, .star, .slash, .range, .arrow:
            true
        case .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace:
            false
        }
    }
}

/// What a token is.
public enum TokenKind: Sendable, Equatable {
    /// A name or keyword.
    case word(String)
    /// A backquoted column name: `` `monthly charges` ``.
    case quotedName(String)
    /// A number; `isInteger` when written without a fraction or exponent.
    case number(Double, isInteger: Bool)
    /// A percentage, as written: `80%` holds 80.
    case percent(Double)
    /// A string literal, unescaped.
    case string(String)
    case symbol(Symbol)
    /// The end of a logical line.
    case newline
    case end
}

/// A token and where it was written.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var span: SourceSpan

    /// Whether the token is the word `word`.
    func isWord(_ word: String) -> Bool {
        if case .word(let text) = kind { return text == word }
        return false
    }

    /// Whether the token is `symbol`.
    func isSymbol(_ symbol: Symbol) -> Bool {
        if case .symbol(let s) = kind { return s == symbol }
        return false
    }

    /// The token as the user wrote it, for messages.
    var display: String {
        switch kind {
        case .word(let text): "`\(text)`"
        case .quotedName(let text): "`\(text)`"
        case .number(let value, _): "`\(formatFloat(value))`"
        case .percent(let value): "`\(formatFloat(value))%`"
        case .string: "a string"
        case .symbol(let s): "`\(s.rawValue)`"
        case .newline: "the end of the line"
        case .end: "the end of the input"
        }
    }
}

/// Words with a fixed meaning, which cannot name a binding: those that
/// start statements and expressions, and the operators. Words that only
/// matter in one position (`to`, `on`, `model`, `threshold`, …) are
/// recognised there and stay free as names.
public let reservedWords: Set<String> = [
    "let", "print", "load", "true", "false", "null", "and", "or", "not", "in", "is", "log",
    "describe", "evaluate", "importance", "save", "deploy", "undeploy", "endpoints", "invoke", "transform",
    "monitor", "models", "help", "recipe", "train", "tune", "fit",
]

/// The functions of column expressions, with how many arguments each takes.
public let columnFunctions: [String: ClosedRange<Int>] = [
    "log": 1...1, "exp": 1...1, "abs": 1...1, "sqrt": 1...1, "if": 3...3, "coalesce": 2...Int.max, "row_number": 0...0,
    "round": 1...2, "floor": 1...1, "ceil": 1...1, "pow": 2...2, "min": 2...Int.max, "max": 2...Int.max, "clip": 3...3,
    "number": 1...1, "text": 1...1, "lower": 1...1, "upper": 1...1, "trim": 1...1, "length": 1...1,
    "contains": 2...2, "starts_with": 2...2, "ends_with": 2...2, "replace": 3...3, "substring": 3...3,
    "date": 1...2, "year": 1...1, "month": 1...1, "day": 1...1, "weekday": 1...1, "hour": 1...1, "days_between": 2...2,
]

/// Functions of a whole value, outside row expressions, with how many arguments each takes.
public let valueFunctions: [String: ClosedRange<Int>] = ["input": 1...1]
