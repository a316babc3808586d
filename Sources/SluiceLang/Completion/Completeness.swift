/// Whether a fragment of source is ready to run, as a REPL or notebook asks
/// before sending it.
public enum Completeness: Sendable, Equatable {
    /// Ready to run (it may still hold errors that running will report).
    case complete
    /// More input is needed: a bracket or string is open, or the last token demands more.
    /// `indent` is what the next line should start with.
    case incomplete(indent: String)
    /// No continuation can make this valid.
    case invalid

    /// Judges `source`.
    public static func of(_ source: String) -> Completeness {
        let lexed = Lexer.tokenize(source)
        if lexed.endsInsideString || lexed.endsWithBackslash { return .incomplete(indent: "") }
        var open: [Symbol] = []
        let closers: [Symbol: Symbol] = [.rightParen: .leftParen, .rightBracket: .leftBracket, .rightBrace: .leftBrace]
        for token in lexed.tokens {
            guard case .symbol(let symbol) = token.kind else { continue }
            switch symbol {
            case .leftParen, .leftBracket, .leftBrace:
                open.append(symbol)
            case .rightParen, .rightBracket, .rightBrace:
                guard open.last == closers[symbol] else { return .invalid }
                open.removeLast()
            default:
                break
            }
        }
        if !lexed.diagnostics.isEmpty { return .invalid }
        if !open.isEmpty { return .incomplete(indent: String(repeating: "  ", count: open.count)) }
        let last = lexed.tokens.last { $0.kind != .newline && $0.kind != .end }
        guard let last else { return .complete }
        switch last.kind {
        case .symbol(let symbol) where symbol.continuesLine:
            return .incomplete(indent: "  ")
        case .word(let word) where Keyword.continuingWords.contains(word) || word == Keyword.let.rawValue || word == Keyword.print.rawValue:
            return .incomplete(indent: "  ")
        default:
            // Nothing left open: a syntax error now is one no further line can fix (`let = 1`, `1 + * 2`).
            let syntaxErrors = Parser.parse(source).diagnostics.filter { $0.category == .syntax }
            return syntaxErrors.isEmpty ? .complete : .invalid
        }
    }
}
