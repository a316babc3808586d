/// Parses tokens into statements. It reports every syntax error in the text, recovering at the next
/// statement after each one. Statements and steps parse themselves (Statements/, Steps/) with the
/// helpers here; expressions are in ExpressionParser.swift.
public struct Parser {
    private(set) var tokens: [Token]
    var index = 0
    private var diagnostics: [Diagnostic] = []
    /// How deep the expression being parsed nests (brackets, operators, steps), which every later pass
    /// walks recursively.
    var depth = 0

    /// The deepest nesting a program may have: far beyond what people write, far below what the passes'
    /// stacks hold (about 450 levels crashed them on the main thread; threads have less).
    static let maximumDepth = 100

    /// Parses `source`, returning its statements and every problem found.
    public static func parse(_ source: String) -> (statements: [Statement], diagnostics: [Diagnostic]) {
        let lexed = Lexer.tokenize(source)
        var parser = Parser(tokens: lexed.tokens)
        let statements = parser.parseProgram()
        // A line with a lexical error (a stray character, an unclosed string) gets no parse errors as well:
        // those would only be its echoes.
        let lexedLines = Set(lexed.diagnostics.map(\.span.start.line))
        let all = (lexed.diagnostics + parser.diagnostics.filter { !lexedLines.contains($0.span.start.line) })
            .sorted { $0.span.start < $1.span.start }
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
        let node: any StatementNode
        if let keyword = current.keyword, let statement = StatementRegistry.statement(startingWith: keyword) {
            node = try statement.parse(&self)
        } else {
            let expression = try parseExpression()
            // A word followed by more than a value can be followed by: a statement that does not exist.
            if !atStatementEnd, case .name(let word) = expression.kind { throw Self.unknownStatement(word, at: expression.span) }
            node = ExpressionStatement(expression: expression)
        }
        return Statement(node: node, span: start.merged(with: previous.span))
    }

    private mutating func expectStatementEnd() throws(Diagnostic) {
        guard current.kind == .newline || current.kind == .end else {
            throw Diagnostic(.syntax, "expected the end of the statement, found \(current.display)", span: current.span,
                             label: "unexpected here", help: "put each statement on its own line")
        }
    }

    /// One level deeper; past ``maximumDepth``, an error instead of a stack that runs out later.
    mutating func deepen() throws(Diagnostic) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw Diagnostic(.syntax, "nested deeper than \(Self.maximumDepth) levels", span: current.span, label: "too deep",
                             help: "split it into steps with `let`: `let part = …`")
        }
    }

    /// The error for a line that starts with a word that starts no statement: the closest statement (or
    /// word that starts a value, such as `train`), or the list.
    static func unknownStatement(_ word: String, at span: SourceSpan) -> Diagnostic {
        let statements = StatementRegistry.keywords.map(\.rawValue)
        let starts = statements + Keyword.valueWords.map(\.rawValue)
        return Diagnostic(.syntax, "unknown statement `\(word)`", span: span, label: "not a statement",
                          help: didYouMean(word, among: starts)
                              ?? "statements: " + statements.map { "`\($0)`" }.joined(separator: ", ")
                              + "; or a value to show, such as a table's name")
    }

    // MARK: - Helpers for statements and steps

    /// The token at the parser's position.
    var current: Token { tokens[index] }
    /// The token after it.
    var next: Token { tokens[index + 1] }
    /// The last token taken.
    var previous: Token { tokens[index - 1] }

    /// Takes the current token.
    mutating func advance() {
        index += 1
    }

    /// Takes the current token when it is `keyword`; says whether it was.
    mutating func take(_ keyword: Keyword) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        index += 1
        return true
    }

    /// Whether the statement ends at the current token (a new line, or the end of the input).
    var atStatementEnd: Bool { current.kind == .newline || current.kind == .end }

    /// A name to bind with `let`: a word that is not reserved.
    mutating func parseBindingName() throws(Diagnostic) -> Name {
        guard case .word(let text) = current.kind else {
            throw Diagnostic(.syntax, "expected a name to bind", span: current.span, label: "found \(current.display)")
        }
        guard !Keyword.reserved.contains(text) else {
            throw Diagnostic(.syntax, "`\(text)` is a keyword and cannot name a value", span: current.span,
                             label: "reserved word", help: "choose another name, such as `\(text)_table`")
        }
        defer { index += 1 }
        return Name(text: text, span: current.span)
    }

    /// One or more items separated by commas, each parsed by `item`.
    mutating func parseCommaSeparated<Item>(
        _ item: (inout Parser) throws(Diagnostic) -> Item
    ) throws(Diagnostic) -> [Item] {
        var items = [try item(&self)]
        while current.isSymbol(.comma) {
            index += 1
            items.append(try item(&self))
        }
        return items
    }

    /// `keyword EXPR` when the next token is `keyword`, else nil.
    mutating func parseOptionalClause(_ keyword: Keyword) throws(Diagnostic) -> Expression? {
        guard take(keyword) else { return nil }
        return try parseUnary()
    }

    /// `[a, b]` when a list of columns follows, else nil.
    mutating func parseOptionalNameList() throws(Diagnostic) -> [Name]? {
        current.isSymbol(.leftBracket) ? try parseNameList() : nil
    }

    /// A column name: a word or a backquoted name.
    mutating func parseColumnName(_ what: String) throws(Diagnostic) -> Name {
        switch current.kind {
        case .word(let text), .quotedName(let text):
            defer { index += 1 }
            return Name(text: text, span: current.span)
        default:
            throw Diagnostic(.syntax, "expected \(what)", span: current.span, label: "found \(current.display)")
        }
    }

    /// `[a, b]`: a list of column names.
    mutating func parseNameList() throws(Diagnostic) -> [Name] {
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

    /// Takes `keyword`, or reports what was expected in its place.
    mutating func expect(_ keyword: Keyword, _ what: String, help: String) throws(Diagnostic) {
        guard take(keyword) else {
            throw Diagnostic(.syntax, "expected \(what)", span: current.span, label: "found \(current.display)", help: help)
        }
    }

    /// Takes `symbol`, or reports what was expected in its place.
    mutating func expect(_ symbol: Symbol, _ what: String) throws(Diagnostic) {
        guard current.isSymbol(symbol) else {
            throw Diagnostic(.syntax, "expected \(what), found \(current.display)", span: current.span,
                             label: "expected `\(symbol.rawValue)`")
        }
        index += 1
    }
}
