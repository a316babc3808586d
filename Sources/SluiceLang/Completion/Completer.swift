import SluiceML

/// What can be typed at a cursor: the candidates and the range of text they replace.
public struct Completion: Sendable, Equatable {
    public var matches: [String]
    /// The replaced range, in Unicode scalars (Jupyter's code points) from the start of the text.
    public var start: Int
    public var end: Int
}

/// Completes the word at a cursor from its context: algorithms after `train`/`tune`, parameters inside
/// their `{ }`, metrics after `maximize`/`minimize`, step names after `|`, the columns of the table in
/// scope in steps and after `predicting`/`stratify`, else keywords and bound names.
struct Completer {
    let bound: [String: StaticValue]
    let workingDirectory: String

    static let algorithms = Algorithm.allCases.map(\.name).sorted()
    static let rowWords = Keyword.operatorWords.filter { $0 != .log }.map(\.rawValue)

    func complete(_ text: String, cursor: Int) -> Completion {
        let scalars = Array(text.unicodeScalars)
        let end = min(max(cursor, 0), scalars.count)
        var start = end
        while start > 0, Self.isWordScalar(scalars[start - 1]) { start -= 1 }
        let before = String(String.UnicodeScalarView(scalars[..<start]))
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        // Inside an open backquote: column names, closed by the backquote.
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        if line.filter({ $0 == "`" }).count % 2 == 1, let quote = before.lastIndex(of: "`") {
            let typed = String(before[before.index(after: quote)...]) + word
            let quoteStart = before.unicodeScalars.distance(from: before.unicodeScalars.startIndex, to: quote) + 1
            let columns = context(before: String(before[..<quote])).columns ?? []
            return Completion(matches: columns.filter { $0.hasPrefix(typed) }.map { $0 + "`" }, start: quoteStart, end: end)
        }
        let candidates = context(before: before).candidates
        let matches = Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
        return Completion(matches: matches, start: start, end: end)
    }

    /// Whether a scalar can be part of a name.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    private struct Context {
        var candidates: [String]
        var columns: [String]?
    }

    /// What fits after `before`, from the tokens of the statement the cursor is in.
    private func context(before: String) -> Context {
        let tokens = Lexer.tokenize(before).tokens.filter { $0.kind != .end }
        // The statement starts after the last newline outside braces; the statements before it bind names.
        var depth = 0, statementStart = 0
        for (index, token) in tokens.enumerated() {
            if token.isSymbol(.leftBrace) || token.isSymbol(.leftBracket) || token.isSymbol(.leftParen) { depth += 1 }
            if token.isSymbol(.rightBrace) || token.isSymbol(.rightBracket) || token.isSymbol(.rightParen) { depth = max(0, depth - 1) }
            if token.kind == .newline, depth == 0 { statementStart = index + 1 }
        }
        var resolver = Resolver(bound: bound, workingDirectory: workingDirectory)
        if statementStart > 0 {
            let earlier = String(Array(before)[..<tokens[statementStart - 1].span.end.offset])
            resolver.check(Parser.parse(earlier).statements)
        }
        let statement = Array(tokens[statementStart...])
        let names = resolver.known.keys.sorted()
        let general = Context(candidates: Array(Keyword.reserved) + names, columns: nil)
        guard let last = statement.last else { return general }
        // What the resolver knows of the value of the statement's tokens `first..<limit`.
        func value(from first: Int, to limit: Int) -> StaticValue? {
            guard first < limit, first < statement.count else { return nil }
            let source = String(Array(before)[statement[first].span.start.offset..<statement[limit - 1].span.end.offset])
            guard let expression = Parser.parse(source).statements.first?.as(ExpressionStatement.self)?.expression else { return nil }
            var scratch = resolver
            return scratch.check(expression)
        }
        func table(from first: Int, to limit: Int) -> [String]? {
            if case .table(let schema?) = value(from: first, to: limit) { return schema.columns }
            return nil
        }
        // Where the expression of the statement starts: after `let names =`, or after a statement word.
        var expressionStart = 0
        if let assign = statement.firstIndex(where: { $0.isSymbol(.assign) }), statement.first?.isKeyword(.let) == true {
            expressionStart = assign + 1
        } else if let first = statement.first, first.isKeyword(.print) || first.isKeyword(.describe) {
            expressionStart = 1
        }
        if let keyword = last.keyword {
            switch keyword {
            case .train, .tune, .crossvalidate: return Context(candidates: Self.algorithms)
            case .maximize, .minimize: return Context(candidates: Resolver.allMetrics)
            case .search: return Context(candidates: SearchStrategy.allCases.map(\.rawValue))
            case .prune: return Context(candidates: ["median"])
            case .help: return Context(candidates: HelpCatalog.names)
            case .predicting:
                let on = statement.lastIndex { $0.isKeyword(.on) } ?? expressionStart
                let columns = table(from: on + 1, to: statement.count - 1)
                return Context(candidates: columns ?? [], columns: columns)
            case .stratify:
                if let pipe = lastPipe(in: statement) {
                    let columns = table(from: expressionStart, to: pipe)
                    return Context(candidates: columns ?? [], columns: columns)
                }
            default: break
            }
        }
        // Inside the `{ }` of `train ALGO`, `tune ALGO` or `crossvalidate ALGO`, at the start of an item: its parameters
        // (and the items of a search, or `folds`).
        if let brace = openBrace(in: statement),
           let verb = statement[..<brace].lastIndex(where: { $0.isKeyword(.train) || $0.isKeyword(.tune) || $0.isKeyword(.crossvalidate) }),
           verb + 1 < brace, case .word(let algorithm) = statement[verb + 1].kind,
           last.isSymbol(.leftBrace) || last.isSymbol(.comma) || last.kind == .newline {
            let items: [Keyword] = statement[verb].isKeyword(.tune) ? Keyword.tuneItems : statement[verb].isKeyword(.crossvalidate) ? [.folds] : []
            return Context(candidates: (Algorithm(rawValue: algorithm)?.parameterNames ?? []) + items.map(\.rawValue))
        }
        guard let pipe = lastPipe(in: statement) else { return general }
        if pipe == statement.count - 1 {
            // A recipe takes recipe steps; anything else, table steps.
            let steps: [Keyword] = if case .recipe? = value(from: expressionStart, to: pipe) {
                StepRegistry.recipeSteps.map { $0.keyword }
            } else {
                StepRegistry.tableSteps.map { $0.keyword }
            }
            return Context(candidates: steps.map(\.rawValue))
        }
        let columns = table(from: expressionStart, to: pipe)
        guard let keyword = statement[pipe + 1].keyword, let step = StepRegistry.tableStep(startingWith: keyword) else { return general }
        switch step.completion {
        case .columns: return Context(candidates: columns ?? [], columns: columns)
        case .rowExpression:
            let values = names.filter { if case .scalar? = resolver.known[$0] { true } else { false } }
            return Context(candidates: (columns ?? []) + values + Self.rowWords + Array(columnFunctions.keys), columns: columns)
        case .general: return general
        }
    }

    /// The last `|` outside brackets.
    private func lastPipe(in statement: [Token]) -> Int? {
        var depth = 0, found: Int?
        for (index, token) in statement.enumerated() {
            if token.isSymbol(.leftBracket) || token.isSymbol(.leftParen) || token.isSymbol(.leftBrace) { depth += 1 }
            if token.isSymbol(.rightBracket) || token.isSymbol(.rightParen) || token.isSymbol(.rightBrace) { depth -= 1 }
            if depth == 0, token.isSymbol(.pipe) { found = index }
        }
        return found
    }

    /// The `{` still open at the end of the statement.
    private func openBrace(in statement: [Token]) -> Int? {
        var open: [Int] = []
        for (index, token) in statement.enumerated() {
            if token.isSymbol(.leftBrace) { open.append(index) }
            if token.isSymbol(.rightBrace), !open.isEmpty { open.removeLast() }
        }
        return open.last
    }

}

extension Session {
    /// The completions at `cursor` (in Unicode scalars) in `text`, from the session's bindings and the
    /// statements before the cursor.
    public func complete(_ text: String, cursor: Int) -> Completion {
        Completer(bound: staticBindings, workingDirectory: workingDirectory).complete(text, cursor: cursor)
    }
}
