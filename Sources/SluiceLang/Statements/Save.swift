import SluiceDisplay

/// `save TABLE to "path.csv"`, `save MODEL to "model.json"` (XGBoost's format), `save CHART to "p.svg"`
/// (or `.html`), or `save MODEL as "name"` (a new version in the model store).
struct SaveStatement: KeywordStatement {
    var runsOnLeaderOnly: Bool { true }
    static let keyword = Keyword.save
    static let help = HelpTopic(.save, .statements, usage: "save TABLE to \"path.csv\"  /  TABLE | save \"path.csv\"  /  save MODEL as \"name\"  /  save MODEL to \"model.json\"  /  save CHART to \"p.svg\"",
        text: "Writes a table (or an evaluation's metrics) as CSV, stores a new version of a model in the model store, writes an xgboost model in XGBoost's JSON format, or writes a chart as SVG or as a web page (.html, interactive where Vega's scripts load).")

    enum Destination: Equatable {
        /// A file.
        case file(Expression)
        /// A name in the model store.
        case store(Expression)
    }

    var value: Expression
    var destination: Destination

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> SaveStatement {
        parser.advance()
        let value = try parser.parseExpression()
        if parser.take(.as) { return SaveStatement(value: value, destination: .store(try parser.parsePrimary())) }
        try parser.expect(.to, "`to \"path\"` or `as \"name\"` after the value to save",
                          help: "write `save table to \"out.csv\"`, or `save model as \"churn\"` for the model store")
        return SaveStatement(value: value, destination: .file(try parser.parsePrimary()))
    }

    func check(_ resolver: inout Resolver) {
        resolver.check(value)
        switch destination {
        case .file(let path): resolver.check(path)
        case .store(let name): resolver.check(name)
        }
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let evaluator = context.evaluator
        switch destination {
        case .store(let name):
            let model = try evaluator.modelToStore(value, "`save … as` stores models; save a table with `save … to \"file.csv\"`")
            let (saved, version) = try evaluator.saving.saveModel(model, as: name)
            context.say("saved \(saved) v\(version) in \(evaluator.store.root)")
        case .file(let path):
            let saved = try evaluator.evaluate(value)
            if let table = saved.table {
                let written = try evaluator.saving.save(table, to: path)
                context.say("saved \(TableRenderer(maxRows: .max).shapeLine(for: table)) to \(written)")
                return
            }
            switch saved {
            case .chart(let chart):
                context.say("saved the chart \"\(chart.title)\" to \(try evaluator.saving.save(chart, to: path))")
            case let other:
                guard let model = other.trainedModel else {
                    throw Diagnostic(.type, "`save … to` needs a table, a chart or a model, not \(valueDescription(other))",
                                     span: value.span, label: "cannot be saved to a file")
                }
                let written = try evaluator.saving.saveModel(model, to: path)
                context.say("saved the \(model.algorithm) model in XGBoost's JSON format to \(written)")
            }
        }
    }
}
