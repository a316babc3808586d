/// Expressions: operators by precedence, literals, lists, records, calls, and the words that start a value
/// (`load`, `recipe`, `train`, `tune`, `fit`, `invoke`).
extension Parser {

    mutating func parseExpression() throws(Diagnostic) -> Expression {
        let outer = depth
        defer { depth = outer }
        try deepen()
        var expression = try parseOr()
        while current.isSymbol(.pipe) {
            try deepen()
            index += 1
            let stepStart = current.span
            let step = try parseStep()
            let stepSpan = stepStart.merged(with: previous.span)
            expression = Expression(kind: .pipe(expression, step, stepSpan: stepSpan),
                                    span: expression.span.merged(with: stepSpan))
        }
        return expression
    }

    /// The step after `|`, parsed by its own type.
    mutating func parseStep() throws(Diagnostic) -> PipeStep {
        let steps = StepRegistry.keywords.map(\.rawValue)
        guard case .word(let word) = current.kind else {
            throw Diagnostic(.syntax, "expected a step after `|`", span: current.span, label: "found \(current.display)",
                             help: "steps include \(steps.map { "`\($0)`" }.joined(separator: ", "))")
        }
        if let keyword = Keyword(rawValue: word) {
            if let step = StepRegistry.tableStep(startingWith: keyword) { return PipeStep(.table(try step.parse(&self))) }
            if let step = StepRegistry.recipeStep(startingWith: keyword) { return PipeStep(.recipe(try step.parse(&self))) }
        }
        throw Diagnostic(.name, "unknown step `\(word)`", span: current.span, label: "not a pipeline step",
                         help: didYouMean(word, among: steps) ?? "steps: " + steps.map { "`\($0)`" }.joined(separator: ", "))
    }

    mutating func parseOr() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isKeyword(.or) ? .or : nil }) { parser throws(Diagnostic) in try parser.parseAnd() }
    }

    mutating func parseAnd() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isKeyword(.and) ? .and : nil }) { parser throws(Diagnostic) in try parser.parseNot() }
    }

    mutating func parseNot() throws(Diagnostic) -> Expression {
        guard current.isKeyword(.not) else { return try parseComparison() }
        let start = current.span
        let outer = depth
        defer { depth = outer }
        try deepen()
        index += 1
        let operand = try parseNot()
        return Expression(kind: .unary(.not, operand), span: start.merged(with: operand.span))
    }

    /// Comparisons do not chain: `a < b < c` is an error at the second `<`.
    mutating func parseComparison() throws(Diagnostic) -> Expression {
        let left = try parseAdditive()
        if current.isKeyword(.`is`) {
            index += 1
            let negated = current.isKeyword(.not)
            if negated { index += 1 }
            guard current.isKeyword(.null) else {
                throw Diagnostic(.syntax, "expected `null` after `is\(negated ? " not" : "")`", span: current.span,
                                 label: "found \(current.display)")
            }
            let end = current.span
            index += 1
            return Expression(kind: .isNull(left, negated: negated), span: left.span.merged(with: end))
        }
        let negatedIn = current.isKeyword(.not) && next.isKeyword(.`in`)
        if current.isKeyword(.`in`) || negatedIn {
            index += negatedIn ? 2 : 1
            let list = try parsePrimary()
            guard case .list(let items) = list.kind else {
                throw Diagnostic(.syntax, "expected a list such as `[\"a\", \"b\"]` after `in`", span: list.span,
                                 label: "not a list")
            }
            return Expression(kind: .inList(left, items, negated: negatedIn), span: left.span.merged(with: list.span))
        }
        guard let op = Self.comparisonOperator(current) else { return left }
        index += 1
        let right = try parseAdditive()
        return Expression(kind: .binary(op, left, right), span: left.span.merged(with: right.span))
    }

    static func comparisonOperator(_ token: Token) -> BinaryOperator? {
        guard case .symbol(let symbol) = token.kind else { return nil }
        return switch symbol {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        default: nil
        }
    }

    mutating func parseAdditive() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isSymbol(.plus) ? .add : $0.isSymbol(.minus) ? .subtract : nil }) {
            parser throws(Diagnostic) in try parser.parseMultiplicative()
        }
    }

    mutating func parseMultiplicative() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isSymbol(.star) ? .multiply : $0.isSymbol(.slash) ? .divide : nil }) {
            parser throws(Diagnostic) in try parser.parseUnary()
        }
    }

    /// Parses `operand (op operand)*`, grouping to the left, where `operatorFor`
    /// says which tokens are this level's operators.
    mutating func parseLeftAssociative(
        _ operatorFor: (Token) -> BinaryOperator?,
        operand: (inout Parser) throws(Diagnostic) -> Expression
    ) throws(Diagnostic) -> Expression {
        let outer = depth
        defer { depth = outer }
        var left = try operand(&self)
        while let op = operatorFor(current) {
            try deepen()
            index += 1
            let right = try operand(&self)
            left = Expression(kind: .binary(op, left, right), span: left.span.merged(with: right.span))
        }
        return left
    }

    mutating func parseUnary() throws(Diagnostic) -> Expression {
        guard current.isSymbol(.minus) else { return try parsePrimary() }
        let start = current.span
        let outer = depth
        defer { depth = outer }
        try deepen()
        index += 1
        let operand = try parseUnary()
        return Expression(kind: .unary(.negate, operand), span: start.merged(with: operand.span))
    }

    mutating func parsePrimary() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .number(let value, _):
            index += 1
            return Expression(kind: .number(value), span: token.span)
        case .percent(let value):
            index += 1
            return Expression(kind: .percent(value), span: token.span)
        case .string(let text):
            index += 1
            return Expression(kind: .string(text), span: token.span)
        case .symbol(.leftParen):
            index += 1
            var inner = try parseExpression()
            let close = current.span
            try expect(.rightParen, "`)` to close the parenthesis")
            inner.span = token.span.merged(with: close)
            return inner
        case .symbol(.leftBracket):
            index += 1
            var items: [Expression] = []
            while !current.isSymbol(.rightBracket) {
                items.append(try parseExpression())
                guard current.isSymbol(.comma) else { break }
                index += 1
            }
            let close = current.span
            try expect(.rightBracket, "`]` to close the list")
            return Expression(kind: .list(items), span: token.span.merged(with: close))
        case .symbol(.leftBrace):
            index += 1
            let settings = try parseOptions()
            return Expression(kind: .record(settings), span: token.span.merged(with: previous.span))
        case .word(Keyword.`true`.rawValue), .word(Keyword.`false`.rawValue):
            index += 1
            return Expression(kind: .boolean(token.isKeyword(.`true`)), span: token.span)
        case .word(Keyword.null.rawValue):
            index += 1
            return Expression(kind: .null, span: token.span)
        case .word(Keyword.load.rawValue):
            return try parseLoad()
        case .quotedName(let name):
            index += 1
            return Expression(kind: .column(name), span: token.span)
        case .word(let word) where next.isSymbol(.leftParen) && next.span.start == token.span.end:
            return try parseCall(word)
        case .word(Keyword.recipe.rawValue):
            index += 1
            return Expression(kind: .recipe, span: token.span)
        case .word(Keyword.train.rawValue), .word(Keyword.tune.rawValue), .word(Keyword.crossvalidate.rawValue):
            return try parseTrain()
        case .word(Keyword.fit.rawValue):
            return try parseFit()
        case .word(Keyword.invoke.rawValue):
            return try parseInvoke()
        case .word(Keyword.evaluate.rawValue):
            return try parseEvaluate()
        case .word(Keyword.runs.rawValue):
            index += 1
            return Expression(kind: .runs, span: token.span)
        case .word(let word) where Keyword(rawValue: word).flatMap(StatementRegistry.statement(startingWith:)) != nil:
            throw Diagnostic(.syntax, "`\(word)` starts a statement and cannot be used as a value", span: token.span,
                             label: "a statement keyword", help: "put `\(word)` at the start of its own line")
        case .word(let word) where Keyword.reserved.contains(word):
            throw Diagnostic(.syntax, "unexpected keyword `\(word)`", span: token.span, label: "expected a value")
        case .word(let word):
            index += 1
            return Expression(kind: .name(word), span: token.span)
        default:
            throw Diagnostic(.syntax, "expected a value, found \(token.display)", span: token.span, label: "expected a value")
        }
    }

}
