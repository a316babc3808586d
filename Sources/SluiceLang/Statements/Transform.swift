import Foundation

/// `transform "in" with MODEL to "out" [join input] [batch n] [{ instances = n }]`: batch transform of a
/// file of any size, in this process or as a job of n ranks under Open MPI.
struct TransformStatement: KeywordStatement {
    var runsOnLeaderOnly: Bool { true }
    static let keyword = Keyword.transform
    static let help = HelpTopic(.transform, .deployment, usage: "transform \"in\" with MODEL to \"out\" [join input] [batch n] [{ instances = n }]",
        text: "Batch transform: streams a CSV (with a header) or JSON Lines file of any size through the model on every core, in input order, in memory bounded by the batch size (default 20,000 rows). `join input` keeps the input's columns. The output appears under its name only when complete. `{ instances = n }` scores the input's shares on n ranks under Open MPI (hosts from SLUICE_MPI_HOSTFILE) and writes one output in input order.")

    var input: Expression
    var model: Expression
    var output: Expression
    var joinInput: Bool
    var batch: Expression?
    /// The `{ }` settings: `instances`.
    var settings: [Setting]

    static let settingNames = [ClusterJobs.instancesSetting]

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> TransformStatement {
        let example = "write `transform \"in.csv\" with best to \"out.csv\"`"
        parser.advance()
        let input = try parser.parseUnary()
        try parser.expect(.with, "`with MODEL` after the input file", help: example)
        let model = try parser.parseUnary()
        try parser.expect(.to, "`to \"path\"` after the model", help: example)
        let output = try parser.parseUnary()
        var joinInput = false
        if parser.take(.join) {
            guard parser.take(.input) else {
                throw Diagnostic(.syntax, "expected `input` after `join`", span: parser.current.span,
                                 label: "found \(parser.current.display)")
            }
            joinInput = true
        }
        let batch = try parser.parseOptionalClause(.batch)
        var settings: [Setting] = []
        if parser.current.isSymbol(.leftBrace) {
            parser.advance()
            settings = try parser.parseOptions()
        }
        return TransformStatement(input: input, model: model, output: output, joinInput: joinInput, batch: batch, settings: settings)
    }

    func check(_ resolver: inout Resolver) {
        [input, model, output].forEach { resolver.check($0) }
        resolver.check(batch)
        for setting in settings {
            resolver.check(setting.value)
            if !Self.settingNames.contains(setting.name.text) { resolver.report(Self.unknown(setting.name)) }
        }
    }

    /// The error for a setting `transform` does not take.
    static func unknown(_ name: Name) -> Diagnostic {
        Diagnostic(.name, "`transform` has no setting `\(name.text)`", span: name.span, label: "unknown setting",
                   help: didYouMean(name.text, among: settingNames) ?? "its settings: " + settingNames.joined(separator: ", "))
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let id = "transform-\(UUID().uuidString)"
        let sink = context.sink
        context.say(try context.evaluator.deployment.transform(
            input: input, model: model, output: output, joinInput: joinInput, batch: batch, settings: settings,
            progress: { sink.progress($0, id: id, finished: $1) }))
    }
}
