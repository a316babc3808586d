import SluiceData

/// `sort a desc, b`: a stable sort, missing values last.
struct SortStep: TableStepSyntax {
    static let keyword = Keyword.sort
    static let help = HelpTopic(.sort, .tableSteps, usage: "TABLE | sort a [desc] [, b [desc]]",
        text: "A stable sort; missing values last; categories by their text.")
    static let completion = StepCompletion.columns

    /// `column [desc]`
    struct Key: Sendable, Equatable {
        var column: Name
        var descending: Bool
    }

    var keys: [Key]

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> SortStep {
        parser.advance()
        return SortStep(keys: try parser.parseCommaSeparated { parser throws(Diagnostic) in
            let column = try parser.parseColumnName("a column to sort by")
            let descending = parser.take(.desc)
            if !descending, !parser.take(.asc), case .word(let word) = parser.current.kind {
                throw Diagnostic(.syntax, "expected `desc`, `asc`, `,` or the end of the step after `\(column.text)`",
                                 span: parser.current.span, label: "found `\(word)`",
                                 help: didYouMean(word, among: [Keyword.desc.rawValue, Keyword.asc.rawValue])
                                     ?? "separate columns with commas: `sort a desc, b`")
            }
            return Key(column: column, descending: descending)
        })
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        if let input { keys.forEach { resolver.checkColumn($0.column, in: input) } }
        return .table(input)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        for key in keys where table.column(named: key.column.text) == nil { throw evaluator.unknownColumn(key.column, in: table) }
        return .table(try table.sorted(by: keys.map { ($0.column.text, $0.descending) }))
    }
}
