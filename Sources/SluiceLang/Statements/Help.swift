/// `help [topic]`: the topics, or one explained (in the pager where the front end has one).
struct HelpStatement: KeywordStatement {
    static let keyword = Keyword.help
    static let help = HelpTopic(.help, .statements, usage: "help [topic]",
        text: "Lists the topics, or explains one. In a notebook the text opens in the pager.")

    var topic: Name?

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> HelpStatement {
        parser.advance()
        guard case .word(let topic) = parser.current.kind else { return HelpStatement() }
        defer { parser.advance() }
        return HelpStatement(topic: Name(text: topic, span: parser.current.span))
    }

    func check(_ resolver: inout Resolver) {
        guard let topic, HelpCatalog.text(for: topic.text) == nil else { return }
        resolver.report(.name, "no help on `\(topic.text)`", topic.span, label: "not a topic",
                        help: didYouMean(topic.text, among: HelpCatalog.names) ?? "`help` lists the topics")
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let text = topic.flatMap { HelpCatalog.text(for: $0.text) } ?? HelpCatalog.overview
        context.sink.page(HelpCatalog.bundle(text))
    }
}
