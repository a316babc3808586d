import Testing
@testable import SluiceLang

private func kinds(_ source: String) -> [TokenKind] {
    Lexer.tokenize(source).tokens.map(\.kind)
}

@Suite("Lexer")
struct LexerTests {
    @Test("numbers, percents, ranges and log ranges")
    func numbers() {
        #expect(kinds("42 0.1 1e-3 80%") == [
            .number(42, isInteger: true), .number(0.1, isInteger: false), .number(0.001, isInteger: false),
            .percent(80), .end,
        ])
        #expect(kinds("3..10") == [.number(3, isInteger: true), .symbol(.range), .number(10, isInteger: true), .end])
        #expect(kinds("log 0.01..0.3") == [
            .word("log"), .number(0.01, isInteger: false), .symbol(.range), .number(0.3, isInteger: false), .end,
        ])
    }

    @Test("strings with escapes, backquoted names, comments and arrows")
    func stringsAndNames() {
        #expect(kinds(#""a \"q\" \\ b\n" `monthly charges` # note"#) == [
            .string("a \"q\" \\ b\n"), .quotedName("monthly charges"), .end,
        ])
        #expect(kinds("old -> new") == [.word("old"), .symbol(.arrow), .word("new"), .end])
        #expect(kinds("a >= 1 != 2 == 3 <= 4") == [
            .word("a"), .symbol(.greaterEqual), .number(1, isInteger: true), .symbol(.notEqual),
            .number(2, isInteger: true), .symbol(.equal), .number(3, isInteger: true), .symbol(.lessEqual),
            .number(4, isInteger: true), .end,
        ])
    }

    @Test("tokens carry line and column spans")
    func spans() {
        let tokens = Lexer.tokenize("let x = 1\n  print x").tokens
        let print = tokens.first { $0.isWord("print") }!
        #expect(print.span.start == SourcePosition(line: 2, column: 3, offset: 12))
        #expect(print.span.end == SourcePosition(line: 2, column: 8, offset: 17))
    }

    @Test("a line continues after |, an operator or a comma, and before a line starting with |")
    func continuation() {
        #expect(kinds("a |\n take 5") == [.word("a"), .symbol(.pipe), .word("take"), .number(5, isInteger: true), .end])
        #expect(kinds("a\n\n  | take 5") == [.word("a"), .symbol(.pipe), .word("take"), .number(5, isInteger: true), .end])
        #expect(kinds("1 +\n2") == [.number(1, isInteger: true), .symbol(.plus), .number(2, isInteger: true), .end])
        #expect(kinds("a \\\n b") == [.word("a"), .word("b"), .end])
        #expect(kinds("a\nb") == [.word("a"), .newline, .word("b"), .end])
    }

    @Test("newlines vanish inside ( and [ but separate items inside { }")
    func brackets() {
        #expect(kinds("[a,\n b\n]") == [.symbol(.leftBracket), .word("a"), .symbol(.comma), .word("b"), .symbol(.rightBracket), .end])
        #expect(kinds("{\n a = 1\n b = 2\n}") == [
            .symbol(.leftBrace), .word("a"), .symbol(.assign), .number(1, isInteger: true), .newline,
            .word("b"), .symbol(.assign), .number(2, isInteger: true), .newline, .symbol(.rightBrace), .end,
        ])
    }

    @Test("problems are reported with their place")
    func problems() {
        let unterminated = Lexer.tokenize("print \"abc")
        #expect(unterminated.endsInsideString)
        #expect(unterminated.diagnostics.map(\.message) == ["unterminated string"])
        let stray = Lexer.tokenize("a $ b")
        #expect(stray.diagnostics.first?.message == "unexpected character `$`")
        #expect(stray.diagnostics.first?.span.start.column == 3)
    }
}
