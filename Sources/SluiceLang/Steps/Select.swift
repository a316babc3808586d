import SluiceData

/// `select [a, b]` keeps those columns, in that order; `select -[a, b]` drops them.
struct SelectStep: TableStepSyntax {
    static let keyword = Keyword.select
    static let help = HelpTopic(.select, .tableSteps, usage: "TABLE | select [a, b]  /  TABLE | select -[a, b]",
        text: "Keeps these columns in this order, or drops them.")
    static let completion = StepCompletion.columns

    var columns: [Name]
    var drop: Bool

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> SelectStep {
        parser.advance()
        let drop = parser.current.isSymbol(.minus)
        if drop { parser.advance() }
        return SelectStep(columns: try parser.parseNameList(), drop: drop)
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        guard var schema = input else { return .table(drop ? nil : Schema(columns: columns.map(\.text), origin: nil)) }
        columns.forEach { resolver.checkColumn($0, in: schema) }
        guard drop else { return .table(Schema(columns: columns.map(\.text), origin: schema.origin, kinds: schema.kinds)) }
        schema.columns.removeAll { column in columns.contains { $0.text == column } }
        return .table(schema)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        for name in columns where table.column(named: name.text) == nil { throw evaluator.unknownColumn(name, in: table) }
        let listed = columns.map(\.text)
        return .table(drop ? try table.dropping(listed) : try table.selecting(listed))
    }
}
