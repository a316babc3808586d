/// Turns source text into tokens, applying the line rules of the language:
/// `#` comments, `\` at the end of a line, and continuation when a line ends
/// with `|`, `,`, `=` or an operator, when the next line starts with `|`, or
/// inside unclosed `(` and `[`. Inside `{ }` newlines stay, as item separators.
public struct Lexer {
    /// Tokens and problems found in one source text.
    public struct Result: Sendable {
        public var tokens: [Token]
        public var diagnostics: [Diagnostic]
        /// Whether the text ends inside a string or backquoted name.
        public var endsInsideString: Bool
        /// Whether the text ends with a `\` line continuation.
        public var endsWithBackslash: Bool
    }

    private let characters: [Character]
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    private var diagnostics: [Diagnostic] = []
    private var endsInsideString = false
    private var endsWithBackslash = false

    /// Tokenizes `source`. A Windows line break (`\r\n`, one `Character` in Swift) counts as a newline.
    public static func tokenize(_ source: String) -> Result {
        var lexer = Lexer(characters: Array(source).map { $0 == "\r\n" ? "\n" : $0 })
        lexer.run()
        let tokens = LineJoiner.join(lexer.tokens)
        return Result(tokens: tokens, diagnostics: lexer.diagnostics,
                      endsInsideString: lexer.endsInsideString, endsWithBackslash: lexer.endsWithBackslash)
    }

    private init(characters: [Character]) {
        self.characters = characters
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column, offset: index) }

    private func peek(_ ahead: Int = 0) -> Character? {
        index + ahead < characters.count ? characters[index + ahead] : nil
    }

    private mutating func advance() -> Character {
        let character = characters[index]
        index += 1
        if character == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return character
    }

    private mutating func run() {
        while let character = peek() {
            let start = position
            switch character {
            case " ", "\t", "\r":
                _ = advance()
            case "#":
                while let c = peek(), c != "\n" { _ = advance() }
            case "\n":
                _ = advance()
                tokens.append(Token(kind: .newline, span: SourceSpan(start: start, end: position)))
            case "\\":
                lexBackslash(start: start)
            case "\"":
                lexString(start: start)
            case "`":
                lexQuotedName(start: start)
            case _ where character.isNumber && character.isASCII:
                lexNumber(start: start)
            case _ where character.isLetter || character == "_":
                var word = ""
                while let c = peek(), c.isLetter || c.isNumber || c == "_" { word.append(advance()) }
                tokens.append(Token(kind: .word(word), span: SourceSpan(start: start, end: position)))
            default:
                lexSymbol(start: start)
            }
        }
        tokens.append(Token(kind: .end, span: SourceSpan(start: position, end: position)))
    }

    private mutating func lexBackslash(start: SourcePosition) {
        _ = advance()
        var ahead = 0
        while let c = peek(ahead), c == " " || c == "\t" || c == "\r" { ahead += 1 }
        if peek(ahead) == "#" { while let c = peek(ahead), c != "\n" { ahead += 1 } }
        guard peek(ahead) == "\n" || peek(ahead) == nil else {
            diagnostics.append(Diagnostic(.syntax, "unexpected `\\`", span: SourceSpan(start: start, end: position),
                                          label: "`\\` continues a line only at its end"))
            return
        }
        for _ in 0..<ahead { _ = advance() }
        if peek() == "\n" { _ = advance() } else { endsWithBackslash = true }
    }

    private mutating func lexString(start: SourcePosition) {
        _ = advance()
        var text = ""
        while let c = peek() {
            if c == "\"" {
                _ = advance()
                tokens.append(Token(kind: .string(text), span: SourceSpan(start: start, end: position)))
                return
            }
            if c == "\\" {
                let escapeStart = position
                _ = advance()
                switch peek() {
                case "\"": text.append(advance())
                case "\\": text.append(advance())
                case "n": _ = advance(); text.append("\n")
                case "t": _ = advance(); text.append("\t")
                case nil: break
                default:
                    let escaped = advance()
                    diagnostics.append(Diagnostic(.syntax, "unknown escape `\\\(escaped)` in a string",
                                                  span: SourceSpan(start: escapeStart, end: position),
                                                  label: "a string may use \\\", \\\\, \\n and \\t",
                                                  help: "write `\\\\` for a backslash"))
                }
                continue
            }
            text.append(advance())
        }
        endsInsideString = true
        diagnostics.append(Diagnostic(.syntax, "unterminated string", span: SourceSpan(start: start, end: position),
                                      label: "this string is never closed", help: "add a closing `\"`"))
    }

    private mutating func lexQuotedName(start: SourcePosition) {
        _ = advance()
        var name = ""
        while let c = peek(), c != "`", c != "\n" { name.append(advance()) }
        guard peek() == "`" else {
            endsInsideString = peek() == nil
            diagnostics.append(Diagnostic(.syntax, "unterminated backquoted name", span: SourceSpan(start: start, end: position),
                                          label: "this name is never closed", help: "add a closing backquote"))
            return
        }
        _ = advance()
        tokens.append(Token(kind: .quotedName(name), span: SourceSpan(start: start, end: position)))
    }

    private mutating func lexNumber(start: SourcePosition) {
        var text = ""
        var isInteger = true
        while let c = peek(), c.isASCII, c.isNumber || c == "_" { let d = advance(); if d != "_" { text.append(d) } }
        // A fraction needs a digit after the dot, so that `1..5` stays a range.
        if peek() == ".", let next = peek(1), next.isASCII, next.isNumber {
            isInteger = false
            text.append(advance())
            while let c = peek(), c.isASCII, c.isNumber { text.append(advance()) }
        }
        if peek() == "e" || peek() == "E" {
            let hasSign = peek(1) == "+" || peek(1) == "-"
            if let digit = peek(hasSign ? 2 : 1), digit.isASCII, digit.isNumber {
                isInteger = false
                text.append(advance())
                if hasSign { text.append(advance()) }
                while let c = peek(), c.isASCII, c.isNumber { text.append(advance()) }
            }
        }
        let value = Double(text) ?? .nan
        if peek() == "%" {
            _ = advance()
            tokens.append(Token(kind: .percent(value), span: SourceSpan(start: start, end: position)))
        } else {
            tokens.append(Token(kind: .number(value, isInteger: isInteger), span: SourceSpan(start: start, end: position)))
        }
    }

    private mutating func lexSymbol(start: SourcePosition) {
        let first = advance()
        let pair = peek().map { String(first) + String($0) }
        if let pair, let symbol = Symbol(rawValue: pair) {
            _ = advance()
            tokens.append(Token(kind: .symbol(symbol), span: SourceSpan(start: start, end: position)))
        } else if let symbol = Symbol(rawValue: String(first)) {
            tokens.append(Token(kind: .symbol(symbol), span: SourceSpan(start: start, end: position)))
        } else {
            diagnostics.append(Diagnostic(.syntax, "unexpected character `\(first)`",
                                          span: SourceSpan(start: start, end: position),
                                          label: "not part of the language"))
        }
    }
}

/// Drops the newlines that do not end a statement.
enum LineJoiner {
    static func join(_ tokens: [Token]) -> [Token] {
        var result: [Token] = []
        var brackets: [Symbol] = []
        for (index, token) in tokens.enumerated() {
            if case .symbol(let symbol) = token.kind {
                switch symbol {
                case .leftParen, .leftBracket, .leftBrace: brackets.append(symbol)
                case .rightParen, .rightBracket, .rightBrace: if !brackets.isEmpty { brackets.removeLast() }
                default: break
                }
            }
            guard token.kind == .newline else {
                result.append(token)
                continue
            }
            let insideBraces = brackets.last == .leftBrace
            if let innermost = brackets.last, innermost != .leftBrace { continue }
            if let previous = result.last {
                if previous.kind == .newline { continue }
                if case .symbol(let symbol) = previous.kind, symbol.continuesLine || symbol == .leftBrace { continue }
                if !insideBraces, case .word(let word) = previous.kind, Keyword.continuingWords.contains(word) { continue }
            } else {
                continue
            }
            if !insideBraces, nextSignificant(after: index, in: tokens)?.isSymbol(.pipe) == true { continue }
            result.append(token)
        }
        return result
    }

    private static func nextSignificant(after index: Int, in tokens: [Token]) -> Token? {
        tokens[(index + 1)...].first { $0.kind != .newline }
    }
}
