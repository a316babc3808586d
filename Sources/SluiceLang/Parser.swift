/// Parses tokens into statements. It reports every syntax error in the text,
/// recovering at the next statement after each one.
public struct Parser {
    private var tokens: [Token]
    private var index = 0
    private var diagnostics: [Diagnostic] = []

    /// Statements of the language that this build does not run yet; naming one
    /// gives a clear error instead of a confusing syntax error.
    static let plannedStatements: Set<String> = [
        "describe", "evaluate", "importance", "save", "deploy", "undeploy", "endpoints", "invoke",
        "transform", "monitor", "models", "help",
    ]
    /// Expression forms of the language that this build does not run yet.
    static let plannedExpressions: Set<String> = ["recipe", "train", "tune"]
    /// Pipeline steps this build runs.
    static let steps = ["take", "select"]
    /// Pipeline steps of the language that this build does not run yet.
    static let plannedSteps: Set<String> = ["filter", "derive", "rename", "sort", "sample", "split", "predict", "save"]

    /// Parses `source`, returning its statements and every problem found.
    public static func parse(_ source: String) -> (statements: [Statement], diagnostics: [Diagnostic]) {
        let lexed = Lexer.tokenize(source)
        var parser = Parser(tokens: lexed.tokens)
        let statements = parser.parseProgram()
        let all = (lexed.diagnostics + parser.diagnostics).sorted { $0.span.start < $1.span.start }
        return (statements, all)
    }

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    // MARK: - Statements

    private mutating func parseProgram() -> [Statement] {
        var statements: [Statement] = []
        while true {
            while current.kind == .newline { index += 1 }
            if current.kind == .end { return statements }
            do {
                statements.append(try parseStatement())
                try expectStatementEnd()
            } catch {
                diagnostics.append(error)
                while current.kind != .newline, current.kind != .end { index += 1 }
            }
        }
    }

    private mutating func parseStatement() throws(Diagnostic) -> Statement {
        let start = current.span
        if current.isWord("let") {
            index += 1
            var names = [try parseBindingName()]
            while current.isSymbol(.comma) {
                index += 1
                names.append(try parseBindingName())
            }
            try expect(.assign, "`=` after the name\(names.count > 1 ? "s" : "")")
            let value = try parseExpression()
            return Statement(kind: .bind(names, value), span: start.merged(with: value.span))
        }
        if current.isWord("print") {
            index += 1
            let value = try parseExpression()
            var span = start.merged(with: value.span)
            var toStandardError = false
            if current.isWord("to") {
                index += 1
                guard current.isWord("stderr") || current.isWord("stdout") else {
                    throw Diagnostic(.syntax, "expected `stderr` or `stdout` after `to`", span: current.span,
                                     label: "found \(current.display)")
                }
                toStandardError = current.isWord("stderr")
                span = span.merged(with: current.span)
                index += 1
            }
            return Statement(kind: .print(value, toStandardError: toStandardError), span: span)
        }
        if case .word(let word) = current.kind, Self.plannedStatements.contains(word) {
            throw notYetAvailable(word, what: "statement")
        }
        let value = try parseExpression()
        return Statement(kind: .expression(value), span: value.span)
    }

    private mutating func parseBindingName() throws(Diagnostic) -> Name {
        guard case .word(let text) = current.kind else {
            throw Diagnostic(.syntax, "expected a name to bind", span: current.span, label: "found \(current.display)")
        }
        guard !reservedWords.contains(text) else {
            throw Diagnostic(.syntax, "`\(text)` is a keyword and cannot name a value", span: current.span,
                             label: "reserved word", help: "choose another name, such as `\(text)_table`")
        }
        defer { index += 1 }
        return Name(text: text, span: current.span)
    }

    private mutating func expectStatementEnd() throws(Diagnostic) {
        guard current.kind == .newline || current.kind == .end else {
            throw Diagnostic(.syntax, "expected the end of the statement, found \(current.display)", span: current.span,
                             label: "unexpected here", help: "put each statement on its own line")
        }
    }

    // MARK: - Expressions

    private mutating func parseExpression() throws(Diagnostic) -> Expression {
        var expression = try parseOr()
        while current.isSymbol(.pipe) {
            index += 1
            let stepStart = current.span
            let step = try parseStep()
            let stepSpan = stepStart.merged(with: tokens[index - 1].span)
            expression = Expression(kind: .pipe(expression, step, stepSpan: stepSpan),
                                    span: expression.span.merged(with: stepSpan))
        }
        return expression
    }

    private mutating func parseStep() throws(Diagnostic) -> PipeStep {
        guard case .word(let word) = current.kind else {
            throw Diagnostic(.syntax, "expected a step after `|`", span: current.span, label: "found \(current.display)",
                             help: "steps include \(Self.steps.map { "`\($0)`" }.joined(separator: ", "))")
        }
        switch word {
        case "take":
            index += 1
            return .take(try parseUnary())
        case "select":
            index += 1
            var drop = false
            if current.isSymbol(.minus) {
                drop = true
                index += 1
            }
            return .select(try parseNameList(), drop: drop)
        case _ where Self.plannedSteps.contains(word):
            throw notYetAvailable(word, what: "step")
        default:
            throw Diagnostic(.name, "unknown step `\(word)`", span: current.span, label: "not a pipeline step",
                             help: didYouMean(word, among: Self.steps + Self.plannedSteps.sorted()))
        }
    }

    private mutating func parseNameList() throws(Diagnostic) -> [Name] {
        try expect(.leftBracket, "`[` to start a list of columns")
        var names: [Name] = []
        while !current.isSymbol(.rightBracket) {
            switch current.kind {
            case .word(let text), .quotedName(let text):
                names.append(Name(text: text, span: current.span))
                index += 1
            default:
                throw Diagnostic(.syntax, "expected a column name", span: current.span, label: "found \(current.display)",
                                 help: "write a column whose name is not a plain word in backquotes: `` `monthly charges` ``")
            }
            guard current.isSymbol(.comma) else { break }
            index += 1
        }
        try expect(.rightBracket, "`]` to close the list of columns")
        return names
    }

    private mutating func parseOr() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isWord("or") ? .or : nil }) { parser throws(Diagnostic) in try parser.parseAnd() }
    }

    private mutating func parseAnd() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isWord("and") ? .and : nil }) { parser throws(Diagnostic) in try parser.parseNot() }
    }

    private mutating func parseNot() throws(Diagnostic) -> Expression {
        guard current.isWord("not") else { return try parseComparison() }
        let start = current.span
        index += 1
        let operand = try parseNot()
        return Expression(kind: .unary(.not, operand), span: start.merged(with: operand.span))
    }

    /// Comparisons do not chain: `a < b < c` is an error at the second `<`.
    private mutating func parseComparison() throws(Diagnostic) -> Expression {
        let left = try parseAdditive()
        guard let op = Self.comparisonOperator(current) else { return left }
        index += 1
        let right = try parseAdditive()
        return Expression(kind: .binary(op, left, right), span: left.span.merged(with: right.span))
    }

    private static func comparisonOperator(_ token: Token) -> BinaryOperator? {
        guard case .symbol(let symbol) = token.kind else { return nil }
        return switch symbol {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        default: nil
        }
    }

    private mutating func parseAdditive() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isSymbol(.plus) ? .add : $0.isSymbol(.minus) ? .subtract : nil }) {
            parser throws(Diagnostic) in try parser.parseMultiplicative()
        }
    }

    private mutating func parseMultiplicative() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isSymbol(.star) ? .multiply : $0.isSymbol(.slash) ? .divide : nil }) {
            parser throws(Diagnostic) in try parser.parseUnary()
        }
    }

    /// Parses `operand (op operand)*`, grouping to the left, where `operatorFor`
    /// says which tokens are this level's operators.
    private mutating func parseLeftAssociative(
        _ operatorFor: (Token) -> BinaryOperator?,
        operand: (inout Parser) throws(Diagnostic) -> Expression
    ) throws(Diagnostic) -> Expression {
        var left = try operand(&self)
        while let op = operatorFor(current) {
            index += 1
            let right = try operand(&self)
            left = Expression(kind: .binary(op, left, right), span: left.span.merged(with: right.span))
        }
        return left
    }

    private mutating func parseUnary() throws(Diagnostic) -> Expression {
        guard current.isSymbol(.minus) else { return try parsePrimary() }
        let start = current.span
        index += 1
        let operand = try parseUnary()
        return Expression(kind: .unary(.negate, operand), span: start.merged(with: operand.span))
    }

    private mutating func parsePrimary() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .number(let value, _):
            index += 1
            return Expression(kind: .number(value), span: token.span)
        case .percent(let value):
            index += 1
            return Expression(kind: .percent(value), span: token.span)
        case .string(let text):
            index += 1
            return Expression(kind: .string(text), span: token.span)
        case .symbol(.leftParen):
            index += 1
            var inner = try parseExpression()
            let close = current.span
            try expect(.rightParen, "`)` to close the parenthesis")
            inner.span = token.span.merged(with: close)
            return inner
        case .symbol(.leftBracket):
            index += 1
            var items: [Expression] = []
            while !current.isSymbol(.rightBracket) {
                items.append(try parseExpression())
                guard current.isSymbol(.comma) else { break }
                index += 1
            }
            let close = current.span
            try expect(.rightBracket, "`]` to close the list")
            return Expression(kind: .list(items), span: token.span.merged(with: close))
        case .symbol(.leftBrace):
            index += 1
            let settings = try parseOptions()
            return Expression(kind: .record(settings), span: token.span.merged(with: tokens[index - 1].span))
        case .word("true"), .word("false"):
            index += 1
            return Expression(kind: .boolean(token.isWord("true")), span: token.span)
        case .word("null"):
            index += 1
            return Expression(kind: .null, span: token.span)
        case .word("load"):
            return try parseLoad()
        case .word(let word) where Self.plannedExpressions.contains(word):
            throw notYetAvailable(word, what: "expression")
        case .word(let word) where Self.plannedStatements.contains(word) || word == "let" || word == "print":
            throw Diagnostic(.syntax, "`\(word)` starts a statement and cannot be used as a value", span: token.span,
                             label: "a statement keyword", help: "put `\(word)` at the start of its own line")
        case .word(let word) where reservedWords.contains(word):
            throw Diagnostic(.syntax, "unexpected keyword `\(word)`", span: token.span, label: "expected a value")
        case .word(let word):
            index += 1
            return Expression(kind: .name(word), span: token.span)
        default:
            throw Diagnostic(.syntax, "expected a value, found \(token.display)", span: token.span, label: "expected a value")
        }
    }

    private mutating func parseLoad() throws(Diagnostic) -> Expression {
        let start = current.span
        index += 1
        if current.isWord("model") { throw notYetAvailable("load model", what: "expression") }
        let path = try parsePrimary()
        var span = start.merged(with: path.span)
        var options: [Setting] = []
        if current.isSymbol(.leftBrace) {
            index += 1
            options = try parseOptions()
            span = span.merged(with: tokens[index - 1].span)
        }
        return Expression(kind: .load(path: path, options: options), span: span)
    }

    /// Parses `name = value` items up to the closing `}`, separated by commas or newlines.
    private mutating func parseOptions() throws(Diagnostic) -> [Setting] {
        var options: [Setting] = []
        while true {
            while current.kind == .newline || current.isSymbol(.comma) { index += 1 }
            if current.isSymbol(.rightBrace) {
                index += 1
                return options
            }
            guard case .word(let text) = current.kind else {
                throw Diagnostic(.syntax, "expected an option name or `}`", span: current.span, label: "found \(current.display)")
            }
            let name = Name(text: text, span: current.span)
            index += 1
            try expect(.assign, "`=` after `\(text)`")
            options.append(Setting(name: name, value: try parseExpression()))
            guard current.kind == .newline || current.isSymbol(.comma) || current.isSymbol(.rightBrace) else {
                throw Diagnostic(.syntax, "expected `,`, a new line or `}` after the option", span: current.span,
                                 label: "found \(current.display)")
            }
        }
    }

    // MARK: - Helpers

    private var current: Token { tokens[index] }

    private mutating func expect(_ symbol: Symbol, _ what: String) throws(Diagnostic) {
        guard current.isSymbol(symbol) else {
            throw Diagnostic(.syntax, "expected \(what), found \(current.display)", span: current.span,
                             label: "expected `\(symbol.rawValue)`")
        }
        index += 1
    }

    private func notYetAvailable(_ word: String, what: String) -> Diagnostic {
        Diagnostic(.syntax, "the \(what) `\(word)` is not available in this build of Sluice yet", span: current.span,
                   label: "not yet implemented", help: "this build runs `let`, `print`, `load`, `take`, `select` and arithmetic")
    }
}
