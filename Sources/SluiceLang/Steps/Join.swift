import SluiceData

/// `join OTHER on a, b [how left]` and `join OTHER on a = b`: the rows of both tables whose keys are
/// equal, as pandas' `merge` (inner by default) but with SQL's missing keys, which never match.
struct JoinStep: TableStepSyntax {
    static let keyword = Keyword.join
    static let help = HelpTopic(.join, .tableSteps, usage: "TABLE | join OTHER on a [, b] [how inner|left|right|outer]  /  on a = b",
                                text: "The rows of both tables with equal keys (several keys: all equal; `a = b` for keys named differently). inner (default) keeps rows with partners; left, right and outer keep every row of that side (outer: of both), missing where there is no partner. One key column for keys of one name; other names both tables have get `_right` on the right's. Missing keys never match. Rows: in the left table's order (right: the right's; outer: by key).")
    static let completion = StepCompletion.columns

    /// A key of the table and the other table's (the same name, or `a = b`).
    struct KeyPair: Sendable, Equatable {
        var left: Name
        var right: Name
    }

    var other: Expression
    var keys: [KeyPair]
    var how: JoinKind

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> JoinStep {
        let example = "write `flights | join weather on origin, hour how left`"
        parser.advance()
        let other = try parser.parseUnary()
        guard parser.take(.on) else {
            throw Diagnostic(.syntax, "expected `on` and the keys after the table to join", span: parser.current.span,
                             label: "found \(parser.current.display)", help: example)
        }
        let keys = try parser.parseCommaSeparated { parser throws(Diagnostic) -> KeyPair in
            let left = try parser.parseColumnName("a key column")
            guard parser.current.isSymbol(.assign) else { return KeyPair(left: left, right: left) }
            parser.advance()
            return KeyPair(left: left, right: try parser.parseColumnName("the other table's key column"))
        }
        var how = JoinKind.inner
        if parser.take(.how) {
            guard case .word(let word) = parser.current.kind, let kind = JoinKind(rawValue: word) else {
                throw Diagnostic(.syntax, "expected inner, left, right or outer after `how`", span: parser.current.span,
                                 label: "found \(parser.current.display)")
            }
            parser.advance()
            how = kind
        }
        return JoinStep(other: other, keys: keys, how: how)
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        let otherValue = resolver.check(other)
        var otherSchema: Schema?
        if case .table(let schema) = otherValue { otherSchema = schema }
        if let input { keys.forEach { resolver.checkColumn($0.left, in: input) } }
        if let otherSchema { keys.forEach { resolver.checkColumn($0.right, in: otherSchema) } }
        if let input, let otherSchema {
            for key in keys {
                guard let leftKind = input.kinds[key.left.text], let rightKind = otherSchema.kinds[key.right.text],
                      !leftKind.canEqual(rightKind) else { continue }
                resolver.report(.type, TableError.keyKinds(left: key.left.text, leftKind: leftKind, right: key.right.text, rightKind: rightKind).description,
                                key.left.span.merged(with: key.right.span), label: "keys of other kinds", help: Self.conversionHelp(key.left.text))
            }
        }
        guard let input, let otherSchema, !input.open, !otherSchema.open else { return .table(nil) }
        let shared = Set(keys.filter { $0.left.text == $0.right.text }.map(\.left.text))
        let rightColumns = otherSchema.columns.filter { !shared.contains($0) }.map { input.has($0) ? $0 + "_right" : $0 }
        return .table(Schema(columns: input.columns + rightColumns, origin: input.origin))
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        let right = try evaluator.table(other, "`join` needs a table to join with")
        for key in keys {
            if table.column(named: key.left.text) == nil { throw evaluator.unknownColumn(key.left, in: table) }
            if right.column(named: key.right.text) == nil { throw evaluator.unknownColumn(key.right, in: right) }
        }
        let result = Result { () throws(TableError) in
            try table.joined(with: right, on: keys.map { JoinKey(left: $0.left.text, right: $0.right.text) }, how: how)
        }
        guard case .failure(let error) = result else { return .table(try result.get()) }
        if case .keyKinds(let left, _, let rightName, _) = error, let key = keys.first(where: { $0.left.text == left && $0.right.text == rightName }) {
            throw Diagnostic(.type, error.description, span: key.left.span.merged(with: key.right.span), label: "keys of other kinds",
                             help: Self.conversionHelp(left))
        }
        throw error
    }

    private static func conversionHelp(_ key: String) -> String {
        "convert one side first: `derive \(key) = text(\(key))` or `derive \(key) = number(\(key))`"
    }
}
