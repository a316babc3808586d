import SluiceDisplay

/// `models`: the model store's names, versions, metrics and dates.
struct ModelsStatement: KeywordStatement {
    static let keyword = Keyword.models
    static let help = HelpTopic(.models, .statements, usage: "models",
        text: "Lists the model store ($SLUICE_HOME, or .sluice in the working directory): names, versions, metrics, dates.")

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> ModelsStatement {
        parser.advance()
        return ModelsStatement()
    }

    func check(_ resolver: inout Resolver) {}

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let store = context.evaluator.store
        do {
            context.sink.display(ModelListRenderer().bundle(for: try store.list(), root: store.root))
        } catch {
            throw Diagnostic(.runtime, error.description, span: context.span, label: "while reading the store")
        }
    }
}
