/// `let a = expr` or `let a, b = expr`: binds names for the rest of the session (two names take the two
/// tables of `split`).
struct LetStatement: KeywordStatement {
    static let keyword = Keyword.let
    static let help = HelpTopic(.`let`, .statements, usage: "let name = expr  /  let a, b = TABLE | split 80%",
        text: "Binds a value to a name for the rest of the session. Two names take the two tables of `split`.")

    var names: [Name]
    var value: Expression

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> LetStatement {
        parser.advance()
        let names = try parser.parseCommaSeparated { parser throws(Diagnostic) in try parser.parseBindingName() }
        try parser.expect(.assign, "`=` after the name\(names.count > 1 ? "s" : "")")
        return LetStatement(names: names, value: try parser.parseExpression())
    }

    func check(_ resolver: inout Resolver) {
        let result = resolver.check(value)
        guard names.count > 1 else {
            resolver.known[names[0].text] = result.named(names[0].text)
            return
        }
        for name in names {
            if case .tables(let schema, _) = result {
                resolver.known[name.text] = StaticValue.table(schema).named(name.text)
            } else {
                resolver.known[name.text] = .other
            }
        }
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        try context.evaluator.bind(names, to: value)
    }
}
