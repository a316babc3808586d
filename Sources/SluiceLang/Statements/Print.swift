/// `print expr [to stderr]`: a value's text form on standard output, or standard error.
struct PrintStatement: KeywordStatement {
    static let keyword = Keyword.print
    static let help = HelpTopic(.print, .statements, usage: "print expr [to stderr]",
        text: "Writes a value's text form to standard output, or standard error.")

    var value: Expression
    var toStandardError: Bool

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> PrintStatement {
        parser.advance()
        let value = try parser.parseExpression()
        guard parser.take(.to) else { return PrintStatement(value: value, toStandardError: false) }
        guard parser.current.isKeyword(.stderr) || parser.current.isKeyword(.stdout) else {
            throw Diagnostic(.syntax, "expected `stderr` or `stdout` after `to`", span: parser.current.span,
                             label: "found \(parser.current.display)")
        }
        defer { parser.advance() }
        return PrintStatement(value: value, toStandardError: parser.current.isKeyword(.stderr))
    }

    func check(_ resolver: inout Resolver) {
        resolver.check(value)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let shown = try context.evaluator.evaluate(value)
        context.sink.write(shown.printedText + "\n", to: toStandardError ? .stderr : .stdout)
    }
}
