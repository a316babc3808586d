import SluiceML

/// Parses tokens into statements. It reports every syntax error in the text,
/// recovering at the next statement after each one.
public struct Parser {
    private var tokens: [Token]
    private var index = 0
    private var diagnostics: [Diagnostic] = []

    /// Pipeline steps this build runs.
    static let steps = ["take", "select", "filter", "derive", "rename", "sort", "sample", "split", "save", "apply",
                        "predict", "impute", "encode", "scale"]
    /// Words that start a statement, which cannot stand where a value is expected.
    static let statementWords: Set<String> = ["let", "print", "deploy", "undeploy", "endpoints", "transform", "monitor"]

    /// Parses `source`, returning its statements and every problem found.
    public static func parse(_ source: String) -> (statements: [Statement], diagnostics: [Diagnostic]) {
        let lexed = Lexer.tokenize(source)
        var parser = Parser(tokens: lexed.tokens)
        let statements = parser.parseProgram()
        // A line with a lexical error (a stray character, an unclosed string) gets no parse errors as well:
        // those would only be its echoes.
        let lexedLines = Set(lexed.diagnostics.map(\.span.start.line))
        let all = (lexed.diagnostics + parser.diagnostics.filter { !lexedLines.contains($0.span.start.line) })
            .sorted { $0.span.start < $1.span.start }
        return (statements, all)
    }

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    // MARK: - Statements

    private mutating func parseProgram() -> [Statement] {
        var statements: [Statement] = []
        while true {
            while current.kind == .newline { index += 1 }
            if current.kind == .end { return statements }
            do {
                statements.append(try parseStatement())
                try expectStatementEnd()
            } catch {
                diagnostics.append(error)
                while current.kind != .newline, current.kind != .end { index += 1 }
            }
        }
    }

    private mutating func parseStatement() throws(Diagnostic) -> Statement {
        let start = current.span
        if current.isWord("let") {
            index += 1
            var names = [try parseBindingName()]
            while current.isSymbol(.comma) {
                index += 1
                names.append(try parseBindingName())
            }
            try expect(.assign, "`=` after the name\(names.count > 1 ? "s" : "")")
            let value = try parseExpression()
            return Statement(kind: .bind(names, value), span: start.merged(with: value.span))
        }
        if current.isWord("print") {
            index += 1
            let value = try parseExpression()
            var span = start.merged(with: value.span)
            var toStandardError = false
            if current.isWord("to") {
                index += 1
                guard current.isWord("stderr") || current.isWord("stdout") else {
                    throw Diagnostic(.syntax, "expected `stderr` or `stdout` after `to`", span: current.span,
                                     label: "found \(current.display)")
                }
                toStandardError = current.isWord("stderr")
                span = span.merged(with: current.span)
                index += 1
            }
            return Statement(kind: .print(value, toStandardError: toStandardError), span: span)
        }
        if current.isWord("describe") {
            index += 1
            let value = try parseExpression()
            return Statement(kind: .describe(value), span: start.merged(with: value.span))
        }
        if current.isWord("save") {
            index += 1
            let value = try parseExpression()
            if current.isWord("as") {
                index += 1
                let name = try parsePrimary()
                return Statement(kind: .saveAs(value, name: name), span: start.merged(with: name.span))
            }
            guard current.isWord("to") else {
                throw Diagnostic(.syntax, "expected `to \"path\"` or `as \"name\"` after the value to save", span: current.span,
                                 label: "found \(current.display)",
                                 help: "write `save table to \"out.csv\"`, or `save model as \"churn\"` for the model store")
            }
            index += 1
            let path = try parsePrimary()
            return Statement(kind: .saveTo(value, path: path), span: start.merged(with: path.span))
        }
        if current.isWord("importance") {
            index += 1
            let model = try parseExpression()
            return Statement(kind: .importance(model), span: start.merged(with: model.span))
        }
        if current.isWord("evaluate") {
            index += 1
            let model = try parseUnary()
            guard current.isWord("on") else {
                throw Diagnostic(.syntax, "expected `on TABLE` after the model to evaluate", span: current.span,
                                 label: "found \(current.display)", help: "write `evaluate model on test_set`")
            }
            index += 1
            let table = try parseExpression()
            let threshold = try parseOptionalClause("threshold")
            return Statement(kind: .evaluate(model: model, table: table, threshold: threshold),
                             span: start.merged(with: threshold?.span ?? table.span))
        }
        if current.isWord("models") {
            index += 1
            return Statement(kind: .listModels, span: start)
        }
        if current.isWord("clear"), tokens[index + 1].kind == .newline || tokens[index + 1].kind == .end {
            index += 1
            return Statement(kind: .clearOutput, span: start)
        }
        if current.isWord("help") {
            index += 1
            guard case .word(let topic) = current.kind else { return Statement(kind: .help(nil), span: start) }
            let name = Name(text: topic, span: current.span)
            index += 1
            return Statement(kind: .help(name), span: start.merged(with: name.span))
        }
        if let deployment = try parseDeploymentStatement(start: start) { return deployment }
        let value = try parseExpression()
        return Statement(kind: .expression(value), span: value.span)
    }

    private mutating func parseBindingName() throws(Diagnostic) -> Name {
        guard case .word(let text) = current.kind else {
            throw Diagnostic(.syntax, "expected a name to bind", span: current.span, label: "found \(current.display)")
        }
        guard !reservedWords.contains(text) else {
            throw Diagnostic(.syntax, "`\(text)` is a keyword and cannot name a value", span: current.span,
                             label: "reserved word", help: "choose another name, such as `\(text)_table`")
        }
        defer { index += 1 }
        return Name(text: text, span: current.span)
    }

    private mutating func expectStatementEnd() throws(Diagnostic) {
        guard current.kind == .newline || current.kind == .end else {
            throw Diagnostic(.syntax, "expected the end of the statement, found \(current.display)", span: current.span,
                             label: "unexpected here", help: "put each statement on its own line")
        }
    }

    // MARK: - Expressions

    private mutating func parseExpression() throws(Diagnostic) -> Expression {
        var expression = try parseOr()
        while current.isSymbol(.pipe) {
            index += 1
            let stepStart = current.span
            let step = try parseStep()
            let stepSpan = stepStart.merged(with: tokens[index - 1].span)
            expression = Expression(kind: .pipe(expression, step, stepSpan: stepSpan),
                                    span: expression.span.merged(with: stepSpan))
        }
        return expression
    }

    private mutating func parseStep() throws(Diagnostic) -> PipeStep {
        guard case .word(let word) = current.kind else {
            throw Diagnostic(.syntax, "expected a step after `|`", span: current.span, label: "found \(current.display)",
                             help: "steps include \(Self.steps.map { "`\($0)`" }.joined(separator: ", "))")
        }
        let keyword = current
        switch word {
        case "take":
            index += 1
            return .take(try parseUnary())
        case "select":
            index += 1
            var drop = false
            if current.isSymbol(.minus) {
                drop = true
                index += 1
            }
            return .select(try parseNameList(), drop: drop)
        case "filter":
            index += 1
            return .filter(try parseOr())
        case "derive":
            index += 1
            return .derive(try parseCommaSeparated { parser throws(Diagnostic) in
                let name = try parser.parseColumnName("a name for the new column")
                try parser.expect(.assign, "`=` after `\(name.text)`")
                return Derivation(name: name, value: try parser.parseOr())
            })
        case "rename":
            index += 1
            return .rename(try parseCommaSeparated { parser throws(Diagnostic) in
                let from = try parser.parseColumnName("the column to rename")
                try parser.expect(.arrow, "`->` between the old and the new name")
                return Renaming(from: from, to: try parser.parseColumnName("the new name"))
            })
        case "sort":
            index += 1
            return .sort(try parseCommaSeparated { parser throws(Diagnostic) in
                let column = try parser.parseColumnName("a column to sort by")
                let descending = parser.current.isWord("desc")
                if descending || parser.current.isWord("asc") { parser.index += 1 }
                return SortKey(column: column, descending: descending)
            })
        case "sample":
            index += 1
            let count = try parseUnary()
            return .sample(count, seed: try parseOptionalClause("seed"))
        case "split":
            index += 1
            let fraction = try parseUnary()
            var stratify: Name?
            var seed: Expression?
            while current.isWord("stratify") || current.isWord("seed") {
                if current.isWord("stratify") {
                    index += 1
                    stratify = try parseColumnName("the column to stratify by")
                } else {
                    seed = try parseOptionalClause("seed")
                }
            }
            return .split(fraction, stratify: stratify, seed: seed)
        case "save":
            index += 1
            return .save(try parsePrimary())
        case "apply":
            index += 1
            return .apply(try parseUnary())
        case "predict":
            index += 1
            let model = try parseUnary()
            return .predict(model, threshold: try parseOptionalClause("threshold"))
        case "impute":
            index += 1
            let strategy: ImputeSyntax
            switch current.kind {
            case .word("mean"): strategy = .mean
            case .word("median"): strategy = .median
            case .word("mode"): strategy = .mode
            case .word("constant"):
                index += 1
                strategy = .constant(try parseUnary())
                return .impute(strategy, columns: try parseOptionalNameList())
            default:
                throw Diagnostic(.syntax, "expected `mean`, `median`, `mode` or `constant VALUE` after `impute`",
                                 span: current.span, label: "found \(current.display)")
            }
            index += 1
            return .impute(strategy, columns: try parseOptionalNameList())
        case "encode":
            index += 1
            if current.isWord("onehot") {
                index += 1
                return .encodeOneHot(try parseOptionalNameList())
            }
            guard current.isWord("ordinal") else {
                throw Diagnostic(.syntax, "expected `onehot` or `ordinal` after `encode`", span: current.span,
                                 label: "found \(current.display)")
            }
            index += 1
            let column = try parseColumnName("the column to encode")
            let levels = current.isSymbol(.leftBracket) ? try parsePrimary() : nil
            return .encodeOrdinal(column, levels: levels)
        case "scale":
            index += 1
            guard case .word(let method) = current.kind, let scale = ScaleMethod(rawValue: method) else {
                throw Diagnostic(.syntax, "expected `standard` or `minmax` after `scale`", span: current.span,
                                 label: "found \(current.display)")
            }
            index += 1
            return .scale(scale, columns: try parseOptionalNameList())
        default:
            throw Diagnostic(.name, "unknown step `\(word)`", span: keyword.span, label: "not a pipeline step",
                             help: didYouMean(word, among: Self.steps))
        }
    }

    /// One or more items separated by commas, each parsed by `item`.
    private mutating func parseCommaSeparated<Item>(
        _ item: (inout Parser) throws(Diagnostic) -> Item
    ) throws(Diagnostic) -> [Item] {
        var items = [try item(&self)]
        while current.isSymbol(.comma) {
            index += 1
            items.append(try item(&self))
        }
        return items
    }

    /// `word EXPR` when the next token is `word`, else nil.
    private mutating func parseOptionalClause(_ word: String) throws(Diagnostic) -> Expression? {
        guard current.isWord(word) else { return nil }
        index += 1
        return try parseUnary()
    }

    private mutating func parseOptionalNameList() throws(Diagnostic) -> [Name]? {
        current.isSymbol(.leftBracket) ? try parseNameList() : nil
    }

    /// A column name: a word or a backquoted name.
    private mutating func parseColumnName(_ what: String) throws(Diagnostic) -> Name {
        switch current.kind {
        case .word(let text), .quotedName(let text):
            defer { index += 1 }
            return Name(text: text, span: current.span)
        default:
            throw Diagnostic(.syntax, "expected \(what)", span: current.span, label: "found \(current.display)")
        }
    }

    private mutating func parseNameList() throws(Diagnostic) -> [Name] {
        try expect(.leftBracket, "`[` to start a list of columns")
        var names: [Name] = []
        while !current.isSymbol(.rightBracket) {
            switch current.kind {
            case .word(let text), .quotedName(let text):
                names.append(Name(text: text, span: current.span))
                index += 1
            default:
                throw Diagnostic(.syntax, "expected a column name", span: current.span, label: "found \(current.display)",
                                 help: "write a column whose name is not a plain word in backquotes: `` `monthly charges` ``")
            }
            guard current.isSymbol(.comma) else { break }
            index += 1
        }
        try expect(.rightBracket, "`]` to close the list of columns")
        return names
    }

    private mutating func parseOr() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isWord("or") ? .or : nil }) { parser throws(Diagnostic) in try parser.parseAnd() }
    }

    private mutating func parseAnd() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isWord("and") ? .and : nil }) { parser throws(Diagnostic) in try parser.parseNot() }
    }

    private mutating func parseNot() throws(Diagnostic) -> Expression {
        guard current.isWord("not") else { return try parseComparison() }
        let start = current.span
        index += 1
        let operand = try parseNot()
        return Expression(kind: .unary(.not, operand), span: start.merged(with: operand.span))
    }

    /// Comparisons do not chain: `a < b < c` is an error at the second `<`.
    private mutating func parseComparison() throws(Diagnostic) -> Expression {
        let left = try parseAdditive()
        if current.isWord("is") {
            index += 1
            let negated = current.isWord("not")
            if negated { index += 1 }
            guard current.isWord("null") else {
                throw Diagnostic(.syntax, "expected `null` after `is\(negated ? " not" : "")`", span: current.span,
                                 label: "found \(current.display)")
            }
            let end = current.span
            index += 1
            return Expression(kind: .isNull(left, negated: negated), span: left.span.merged(with: end))
        }
        let negatedIn = current.isWord("not") && tokens[index + 1].isWord("in")
        if current.isWord("in") || negatedIn {
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

    private static func comparisonOperator(_ token: Token) -> BinaryOperator? {
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

    private mutating func parseAdditive() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isSymbol(.plus) ? .add : $0.isSymbol(.minus) ? .subtract : nil }) {
            parser throws(Diagnostic) in try parser.parseMultiplicative()
        }
    }

    private mutating func parseMultiplicative() throws(Diagnostic) -> Expression {
        try parseLeftAssociative({ $0.isSymbol(.star) ? .multiply : $0.isSymbol(.slash) ? .divide : nil }) {
            parser throws(Diagnostic) in try parser.parseUnary()
        }
    }

    /// Parses `operand (op operand)*`, grouping to the left, where `operatorFor`
    /// says which tokens are this level's operators.
    private mutating func parseLeftAssociative(
        _ operatorFor: (Token) -> BinaryOperator?,
        operand: (inout Parser) throws(Diagnostic) -> Expression
    ) throws(Diagnostic) -> Expression {
        var left = try operand(&self)
        while let op = operatorFor(current) {
            index += 1
            let right = try operand(&self)
            left = Expression(kind: .binary(op, left, right), span: left.span.merged(with: right.span))
        }
        return left
    }

    private mutating func parseUnary() throws(Diagnostic) -> Expression {
        guard current.isSymbol(.minus) else { return try parsePrimary() }
        let start = current.span
        index += 1
        let operand = try parseUnary()
        return Expression(kind: .unary(.negate, operand), span: start.merged(with: operand.span))
    }

    private mutating func parsePrimary() throws(Diagnostic) -> Expression {
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
            return Expression(kind: .record(settings), span: token.span.merged(with: tokens[index - 1].span))
        case .word("true"), .word("false"):
            index += 1
            return Expression(kind: .boolean(token.isWord("true")), span: token.span)
        case .word("null"):
            index += 1
            return Expression(kind: .null, span: token.span)
        case .word("load"):
            return try parseLoad()
        case .quotedName(let name):
            index += 1
            return Expression(kind: .column(name), span: token.span)
        case .word(let word) where tokens[index + 1].isSymbol(.leftParen) && tokens[index + 1].span.start == token.span.end:
            return try parseCall(word)
        case .word("recipe"):
            index += 1
            return Expression(kind: .recipe, span: token.span)
        case .word("train"), .word("tune"):
            return try parseTrain()
        case .word("fit"):
            index += 1
            let recipe = try parseUnary()
            guard current.isWord("on") else {
                throw Diagnostic(.syntax, "expected `on TABLE` after the recipe to fit", span: current.span,
                                 label: "found \(current.display)", help: "write `fit prep on train_set`")
            }
            index += 1
            let table = try parseUnary()
            var target: Name?
            var end = table.span
            if current.isWord("predicting") {
                index += 1
                target = try parseColumnName("the target column")
                end = target!.span
            }
            return Expression(kind: .fit(recipe: recipe, table: table, target: target), span: token.span.merged(with: end))
        case .word("invoke"):
            index += 1
            let name = try parseUnary()
            try expectWord("with", "`with TABLE` after the endpoint's name", help: "write `invoke \"churn\" with test_set`")
            let table = try parseUnary()
            return Expression(kind: .invoke(name: name, table: table), span: token.span.merged(with: table.span))
        case .word(let word) where Self.statementWords.contains(word):
            throw Diagnostic(.syntax, "`\(word)` starts a statement and cannot be used as a value", span: token.span,
                             label: "a statement keyword", help: "put `\(word)` at the start of its own line")
        case .word(let word) where reservedWords.contains(word):
            throw Diagnostic(.syntax, "unexpected keyword `\(word)`", span: token.span, label: "expected a value")
        case .word(let word):
            index += 1
            return Expression(kind: .name(word), span: token.span)
        default:
            throw Diagnostic(.syntax, "expected a value, found \(token.display)", span: token.span, label: "expected a value")
        }
    }

    /// `train ALGO on TABLE [predicting col] [using RECIPE] [{ settings }]`, or `tune …` with a `{ }` of tuning items.
    private mutating func parseTrain() throws(Diagnostic) -> Expression {
        let start = current.span
        let tuning = current.isWord("tune")
        index += 1
        guard case .word(let algorithm) = current.kind, algorithm != "on" else {
            throw Diagnostic(.syntax, "expected an algorithm after `\(tuning ? "tune" : "train")`", span: current.span,
                             label: "found \(current.display)",
                             help: "algorithms: \(Self.algorithms.map { "`\($0)`" }.joined(separator: ", "))")
        }
        let algorithmName = Name(text: algorithm, span: current.span)
        guard Self.algorithms.contains(algorithm) else {
            throw Diagnostic(.name, "unknown algorithm `\(algorithm)`", span: current.span, label: "not an algorithm",
                             help: didYouMean(algorithm, among: Self.algorithms)
                                ?? "algorithms: \(Self.algorithms.map { "`\($0)`" }.joined(separator: ", "))")
        }
        index += 1
        guard current.isWord("on") else {
            throw Diagnostic(.syntax, "expected `on TABLE` after the algorithm", span: current.span, label: "found \(current.display)",
                             help: "write `train \(algorithm) on train_set predicting churn`")
        }
        index += 1
        let table = try parseUnary()
        var end = table.span
        var target: Name?
        var recipe: Expression?
        var settings: [Setting] = []
        while true {
            if current.isWord("predicting") {
                index += 1
                target = try parseColumnName("the column to predict")
                end = target!.span
            } else if current.isWord("using") {
                index += 1
                recipe = try parseUnary()
                end = recipe!.span
            } else if current.isSymbol(.leftBrace), tuning {
                index += 1
                let items = try parseTuneItems()
                return Expression(kind: .tune(algorithm: algorithmName, table: table, target: target, recipe: recipe, items: items),
                                  span: start.merged(with: tokens[index - 1].span))
            } else if current.isSymbol(.leftBrace) {
                index += 1
                settings = try parseOptions()
                end = tokens[index - 1].span
            } else {
                break
            }
        }
        if tuning {
            throw Diagnostic(.syntax, "`tune` needs a `{ }` with what to search", span: start.merged(with: end), label: "no search",
                             help: "write `tune xgboost on t predicting y { maximize auc, eta in log 0.01..0.3 }`")
        }
        return Expression(kind: .train(algorithm: algorithmName, table: table, target: target, recipe: recipe, settings: settings),
                          span: start.merged(with: end))
    }

    /// The items of `tune { }` up to `}`, separated by commas or newlines.
    private mutating func parseTuneItems() throws(Diagnostic) -> [TuneItem] {
        var items: [TuneItem] = []
        while true {
            while current.kind == .newline || current.isSymbol(.comma) { index += 1 }
            if current.isSymbol(.rightBrace) {
                index += 1
                return items
            }
            guard case .word(let word) = current.kind else {
                throw Diagnostic(.syntax, "expected a tuning item or `}`", span: current.span, label: "found \(current.display)")
            }
            let name = Name(text: word, span: current.span)
            index += 1
            switch word {
            case "maximize", "minimize":
                items.append(.objective(maximize: word == "maximize", metric: try parseColumnName("a metric")))
            case "search":
                items.append(.search(try parseColumnName("a search strategy")))
            case "prune":
                items.append(.prune(try parseColumnName("a stopping rule")))
            case "trials": items.append(.trials(try parseUnary()))
            case "parallel": items.append(.parallel(try parseUnary()))
            case "seed": items.append(.seed(try parseUnary()))
            case "folds": items.append(.folds(try parseUnary()))
            default:
                if current.isSymbol(.assign) {
                    index += 1
                    items.append(.fixed(Setting(name: name, value: try parseExpression())))
                } else if current.isWord("in") {
                    index += 1
                    if current.isSymbol(.leftBracket) {
                        guard case .list(let values) = try parsePrimary().kind else { preconditionFailure() }
                        items.append(.range(name, .choices(values)))
                    } else {
                        let logarithmic = current.isWord("log")
                        if logarithmic { index += 1 }
                        let low = try parseUnary()
                        try expect(.range, "`..` between the bounds")
                        let high = try parseUnary()
                        items.append(.range(name, logarithmic ? .log(low, high) : .linear(low, high)))
                    }
                } else {
                    throw Diagnostic(.syntax, "expected `= value` or `in a..b` after `\(word)`", span: current.span,
                                     label: "found \(current.display)",
                                     help: "tuning items: maximize/minimize METRIC, search, trials, parallel, seed, folds, prune median, p = v, p in a..b, p in log a..b, p in [..]")
                }
            }
            guard current.kind == .newline || current.isSymbol(.comma) || current.isSymbol(.rightBrace) else {
                throw Diagnostic(.syntax, "expected `,`, a new line or `}` after the tuning item", span: current.span,
                                 label: "found \(current.display)")
            }
        }
    }

    /// The algorithms `train` knows.
    static let algorithms = ["xgboost", "kmeans", "linear_learner"]

    /// `name(arguments)`, for the functions of column expressions.
    private mutating func parseCall(_ name: String) throws(Diagnostic) -> Expression {
        let nameToken = current
        let known = (Array(columnFunctions.keys) + Array(valueFunctions.keys)).sorted()
        guard let arity = columnFunctions[name] ?? valueFunctions[name].map({ Optional($0) }) else {
            throw Diagnostic(.name, "unknown function `\(name)`", span: nameToken.span, label: "not a function",
                             help: didYouMean(name, among: known)
                                ?? "the functions are \(known.map { "`\($0)`" }.joined(separator: ", "))")
        }
        index += 2
        var arguments: [Expression] = []
        while !current.isSymbol(.rightParen) {
            arguments.append(try parseOr())
            guard current.isSymbol(.comma) else { break }
            index += 1
        }
        let close = current.span
        try expect(.rightParen, "`)` to close the call of `\(name)`")
        let span = nameToken.span.merged(with: close)
        if let arity, arguments.count != arity {
            throw Diagnostic(.type, "`\(name)` takes \(arity) argument\(arity == 1 ? "" : "s"), not \(arguments.count)",
                             span: span, label: "wrong number of arguments")
        }
        if arity == nil, arguments.count < 2 {
            throw Diagnostic(.type, "`\(name)` takes two or more arguments", span: span, label: "too few arguments")
        }
        return Expression(kind: .call(Name(text: name, span: nameToken.span), arguments), span: span)
    }

    private mutating func parseLoad() throws(Diagnostic) -> Expression {
        let start = current.span
        index += 1
        if current.isWord("model"), tokens[index + 1].kind != .newline, tokens[index + 1].kind != .end,
           !tokens[index + 1].isSymbol(.pipe) {
            index += 1
            let name = try parsePrimary()
            let version = try parseOptionalClause("version")
            return Expression(kind: .loadModel(name: name, version: version),
                              span: start.merged(with: version?.span ?? name.span))
        }
        let path = try parsePrimary()
        var span = start.merged(with: path.span)
        var options: [Setting] = []
        if current.isSymbol(.leftBrace) {
            index += 1
            options = try parseOptions()
            span = span.merged(with: tokens[index - 1].span)
        }
        return Expression(kind: .load(path: path, options: options), span: span)
    }

    /// Parses `name = value` items up to the closing `}`, separated by commas or newlines.
    private mutating func parseOptions() throws(Diagnostic) -> [Setting] {
        var options: [Setting] = []
        while true {
            while current.kind == .newline || current.isSymbol(.comma) { index += 1 }
            if current.isSymbol(.rightBrace) {
                index += 1
                return options
            }
            guard case .word(let text) = current.kind else {
                throw Diagnostic(.syntax, "expected an option name or `}`", span: current.span, label: "found \(current.display)")
            }
            let name = Name(text: text, span: current.span)
            index += 1
            try expect(.assign, "`=` after `\(text)`")
            options.append(Setting(name: name, value: try parseExpression()))
            guard current.kind == .newline || current.isSymbol(.comma) || current.isSymbol(.rightBrace) else {
                throw Diagnostic(.syntax, "expected `,`, a new line or `}` after the option", span: current.span,
                                 label: "found \(current.display)")
            }
        }
    }

    // MARK: - Deployment

    /// `deploy`, `undeploy`, `endpoints`, `transform` and `monitor`; nil when the statement is none of them.
    private mutating func parseDeploymentStatement(start: SourceSpan) throws(Diagnostic) -> Statement? {
        guard case .word(let word) = current.kind else { return nil }
        switch word {
        case "deploy":
            index += 1
            let model = try parseUnary()
            try expectWord("as", "`as \"name\"` after the model to deploy", help: "write `deploy best as \"churn\" port 8080`")
            let name = try parseUnary()
            let port = try parseOptionalClause("port")
            let capture = try parseOptionalClause("capture")
            return Statement(kind: .deploy(model: model, name: name, port: port, capture: capture),
                             span: start.merged(with: capture?.span ?? port?.span ?? name.span))
        case "undeploy":
            index += 1
            let name = try parseUnary()
            return Statement(kind: .undeploy(name), span: start.merged(with: name.span))
        case "endpoints":
            index += 1
            return Statement(kind: .listEndpoints, span: start)
        case "transform":
            index += 1
            let input = try parseUnary()
            try expectWord("with", "`with MODEL` after the input file", help: "write `transform \"in.csv\" with best to \"out.csv\"`")
            let model = try parseUnary()
            try expectWord("to", "`to \"path\"` after the model", help: "write `transform \"in.csv\" with best to \"out.csv\"`")
            let output = try parseUnary()
            var end = output.span
            var joinInput = false
            if current.isWord("join") {
                index += 1
                guard current.isWord("input") else {
                    throw Diagnostic(.syntax, "expected `input` after `join`", span: current.span, label: "found \(current.display)")
                }
                joinInput = true
                end = current.span
                index += 1
            }
            let batch = try parseOptionalClause("batch")
            return Statement(kind: .transform(input: input, model: model, output: output, joinInput: joinInput, batch: batch),
                             span: start.merged(with: batch?.span ?? end))
        case "monitor":
            index += 1
            let subject = try parseUnary()
            if current.isWord("against") {
                index += 1
                let model = try parseUnary()
                let threshold = try parseOptionalClause("threshold")
                return Statement(kind: .monitorEndpoint(name: subject, model: model, threshold: threshold),
                                 span: start.merged(with: threshold?.span ?? model.span))
            }
            try expectWord("on", "`against MODEL` after an endpoint's name, or `on TABLE` after a model",
                           help: "write `monitor \"churn\" against best` or `monitor best on new_rows`")
            let table = try parseUnary()
            let threshold = try parseOptionalClause("threshold")
            return Statement(kind: .monitorTable(model: subject, table: table, threshold: threshold),
                             span: start.merged(with: threshold?.span ?? table.span))
        default:
            return nil
        }
    }

    // MARK: - Helpers

    private mutating func expectWord(_ word: String, _ what: String, help: String) throws(Diagnostic) {
        guard current.isWord(word) else {
            throw Diagnostic(.syntax, "expected \(what)", span: current.span, label: "found \(current.display)", help: help)
        }
        index += 1
    }

    private var current: Token { tokens[index] }

    private mutating func expect(_ symbol: Symbol, _ what: String) throws(Diagnostic) {
        guard current.isSymbol(symbol) else {
            throw Diagnostic(.syntax, "expected \(what), found \(current.display)", span: current.span,
                             label: "expected `\(symbol.rawValue)`")
        }
        index += 1
    }

}
