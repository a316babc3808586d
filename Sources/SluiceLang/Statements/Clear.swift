/// `clear`: clears what the cell has shown so far, in a notebook (a terminal keeps its lines).
struct ClearStatement: KeywordStatement {
    static let keyword = Keyword.clear
    static let help = HelpTopic(.clear, .statements, usage: "clear",
        text: "Clears what the cell has shown so far, in a notebook (a terminal keeps its lines).")

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> ClearStatement {
        parser.advance()
        return ClearStatement()
    }

    func check(_ resolver: inout Resolver) {}

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        context.sink.clearOutput()
    }
}
