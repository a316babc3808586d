import SluiceData

/// `name = function(column)` in `aggregate` and `group by … aggregate`: `count()`, `count(x)`, `sum`,
/// `mean`, `median`, `min`, `max`, `std`, `var`, `nunique`, `first`, `last`, `quantile(x, q)`.
struct AggregationItem: Sendable, Equatable {
    var name: Name
    var function: Aggregation.Function
    var column: Name?
    /// `quantile`'s q.
    var q: Expression?

    static let functions = Aggregation.Function.allCases.map(\.rawValue)

    /// One or more items, separated by commas.
    static func parseList(_ parser: inout Parser) throws(Diagnostic) -> [AggregationItem] {
        try parser.parseCommaSeparated { parser throws(Diagnostic) in try parse(&parser) }
    }

    private static func parse(_ parser: inout Parser) throws(Diagnostic) -> AggregationItem {
        let name = try parser.parseColumnName("the name of the aggregate's column (`n = count()`)")
        try parser.expect(.assign, "`=` after `\(name.text)`")
        let word = parser.current
        guard case .word(let text) = word.kind, let function = Aggregation.Function(rawValue: text) else {
            throw Diagnostic(.name, "expected an aggregate function, found \(word.display)", span: word.span, label: "not an aggregate",
                             help: "aggregates: " + functions.map { "`\($0)`" }.joined(separator: ", "))
        }
        parser.advance()
        try parser.expect(.leftParen, "`(` after `\(text)`")
        var column: Name?
        var q: Expression?
        if !parser.current.isSymbol(.rightParen) {
            column = try parser.parseColumnName("the column `\(text)` reads")
            if function == .quantile, parser.current.isSymbol(.comma) {
                parser.advance()
                q = try parser.parseUnary()
            }
        }
        let close = parser.current.span
        try parser.expect(.rightParen, "`)` to close `\(text)(`")
        if column == nil, function != .count {
            throw Diagnostic(.syntax, "`\(text)` needs a column: `\(text)(x)`", span: word.span.merged(with: close), label: "no column")
        }
        if function == .quantile, q == nil {
            throw Diagnostic(.syntax, "`quantile` needs a column and a fraction: `quantile(x, 0.9)`", span: word.span.merged(with: close),
                             label: "no fraction")
        }
        return AggregationItem(name: name, function: function, column: column, q: q)
    }

    /// Checks the columns against the input's and tells the output's columns.
    static func check(_ items: [AggregationItem], keys: [Name], _ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        for item in items { if let q = item.q { resolver.check(q) } }
        guard let input else { return .table(nil) }
        for name in keys + items.compactMap(\.column) { resolver.checkColumn(name, in: input) }
        return .table(Schema(columns: keys.map(\.text) + items.map(\.name.text), origin: input.origin))
    }

    /// The aggregated table.
    static func apply(_ items: [AggregationItem], keys: [Name], to table: Table, _ evaluator: Evaluator) throws -> Value {
        for name in keys + items.compactMap(\.column) where table.column(named: name.text) == nil {
            throw evaluator.unknownColumn(name, in: table)
        }
        var aggregations: [Aggregation] = []
        for item in items {
            var q: Double?
            if let expression = item.q {
                guard case .number(let value) = try evaluator.evaluate(expression), (0...1).contains(value) else {
                    throw Diagnostic(.type, "the fraction of `quantile` must be a number from 0 to 1", span: expression.span,
                                     label: "not a fraction", help: "`quantile(x, 0.9)` is the 90th percentile")
                }
                q = value
            }
            aggregations.append(Aggregation(name: item.name.text, function: item.function, column: item.column?.text, q: q))
        }
        let result = Result { () throws(TableError) in try table.aggregated(by: keys.map(\.text), aggregations) }
        guard case .failure(let error) = result else { return .table(try result.get()) }
        if case .wrongKind(let column, let kind, let operation, let needs) = error,
           let item = items.first(where: { $0.column?.text == column && $0.function.rawValue == operation }), let span = item.column?.span {
            throw Diagnostic(.type, "`\(operation)` needs \(needs), and `\(column)` is \(kind.rawValue)", span: span,
                             label: "not numbers", help: "`count`, `nunique`, `min`, `max`, `first` and `last` take any column")
        }
        throw error
    }
}

/// `group by a, b aggregate n = count(), m = mean(x)`: one row per combination of the keys (in
/// ascending order, missing keys a group of their own), as pandas' `groupby(sort=True, dropna=False).agg`.
struct GroupStep: TableStepSyntax {
    static let keyword = Keyword.group
    static let help = HelpTopic(.group, .tableSteps, usage: "TABLE | group by a, b aggregate n = count(), m = mean(x), p = quantile(x, 0.9)",
                                text: "One row per combination of the keys, in ascending order (missing keys form a group, last), with each aggregate over the group's rows: " + AggregationItem.functions.joined(separator: ", ") + ". Missing values are skipped, as pandas' groupby; std and var are the sample's (n − 1).")
    static let completion = StepCompletion.columns

    var keys: [Name]
    var items: [AggregationItem]

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> GroupStep {
        parser.advance()
        guard parser.take(.by) else {
            throw Diagnostic(.syntax, "expected `by` after `group`", span: parser.current.span, label: "found \(parser.current.display)",
                             help: "write `group by carrier aggregate n = count()`")
        }
        let keys = try parser.parseCommaSeparated { parser throws(Diagnostic) in try parser.parseColumnName("a column to group by") }
        guard parser.take(.aggregate) else {
            throw Diagnostic(.syntax, "expected `aggregate` after the keys", span: parser.current.span, label: "found \(parser.current.display)",
                             help: "write `group by carrier aggregate n = count(), late = mean(delay)`")
        }
        return GroupStep(keys: keys, items: try AggregationItem.parseList(&parser))
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        AggregationItem.check(items, keys: keys, &resolver, on: input)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        try AggregationItem.apply(items, keys: keys, to: table, evaluator)
    }
}

/// `aggregate n = count(), m = mean(x)`: one row over the whole table.
struct AggregateStep: TableStepSyntax {
    static let keyword = Keyword.aggregate
    static let help = HelpTopic(.aggregate, .tableSteps, usage: "TABLE | aggregate n = count(), m = mean(x)",
                                text: "One row of aggregates over the whole table (see `help group`).")
    static let completion = StepCompletion.columns

    var items: [AggregationItem]

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> AggregateStep {
        parser.advance()
        return AggregateStep(items: try AggregationItem.parseList(&parser))
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        AggregationItem.check(items, keys: [], &resolver, on: input)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        try AggregationItem.apply(items, keys: [], to: table, evaluator)
    }
}

/// `count by a, b`: value counts — each combination of the columns with its rows in `n`, largest
/// first, ties in ascending order of the values (missing values counted as one value, last).
struct CountStep: TableStepSyntax {
    static let keyword = Keyword.count
    static let help = HelpTopic(.count, .tableSteps, usage: "TABLE | count by a [, b]",
                                text: "Value counts: each value (or combination) with its number of rows in column `n`, largest first, ties by value; missing values count as one value.")
    static let completion = StepCompletion.columns

    var keys: [Name]

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> CountStep {
        parser.advance()
        guard parser.take(.by) else {
            throw Diagnostic(.syntax, "expected `by` after `count`", span: parser.current.span, label: "found \(parser.current.display)",
                             help: "write `count by carrier`")
        }
        return CountStep(keys: try parser.parseCommaSeparated { parser throws(Diagnostic) in try parser.parseColumnName("a column to count by") })
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        guard let input else { return .table(nil) }
        keys.forEach { resolver.checkColumn($0, in: input) }
        return .table(Schema(columns: keys.map(\.text) + ["n"], origin: input.origin))
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        for name in keys where table.column(named: name.text) == nil { throw evaluator.unknownColumn(name, in: table) }
        let counted = try table.aggregated(by: keys.map(\.text), [Aggregation(name: "n", function: .count, column: nil)])
        // Groups come in ascending order of their values; a stable sort by count keeps that for ties.
        return .table(try counted.sorted(by: [("n", true)]))
    }
}
