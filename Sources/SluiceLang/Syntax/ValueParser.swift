import SluiceML

/// The words that start a value: `load`, `train` and `tune` (with their `{ }`), `fit`, `invoke`, and calls.
extension Parser {
    /// `train ALGO on TABLE [predicting col] [using RECIPE] [{ settings }]`, `tune …` with a `{ }` of tuning items, or
    /// `crossvalidate …` with settings and `folds k`.
    mutating func parseTrain() throws(Diagnostic) -> Expression {
        let start = current.span
        let tuning = current.isKeyword(.tune), crossValidating = current.isKeyword(.crossvalidate)
        let word = current.display
        index += 1
        guard case .word(let algorithm) = current.kind, !current.isKeyword(.on) else {
            throw Diagnostic(.syntax, "expected an algorithm after \(word)", span: current.span,
                             label: "found \(current.display)",
                             help: "algorithms: \(Algorithm.allCases.map { "`\($0.name)`" }.joined(separator: ", "))")
        }
        let names = Algorithm.allCases.map(\.name)
        guard let known = Algorithm(rawValue: algorithm) else {
            throw Diagnostic(.name, "unknown algorithm `\(algorithm)`", span: current.span, label: "not an algorithm",
                             help: didYouMean(algorithm, among: names) ?? "algorithms: \(names.map { "`\($0)`" }.joined(separator: ", "))")
        }
        let algorithmName = AlgorithmName(algorithm: known, span: current.span)
        index += 1
        try expect(.on, "`on TABLE` after the algorithm", help: "write `train \(algorithm) on train_set predicting churn`")
        let table = try parseUnary()
        var end = table.span
        var target: Name?
        var recipe: Expression?
        var settings: [Setting] = []
        while true {
            if take(.predicting) {
                target = try parseColumnName("the column to predict")
                end = target!.span
            } else if take(.using) {
                recipe = try parseUnary()
                end = recipe!.span
            } else if current.isSymbol(.leftBrace), tuning {
                index += 1
                let items = try parseTuneItems()
                return Expression(kind: .tune(algorithm: algorithmName, table: table, target: target, recipe: recipe, items: items),
                                  span: start.merged(with: previous.span))
            } else if current.isSymbol(.leftBrace), crossValidating {
                let open = current.span
                index += 1
                var folds: Expression?
                for item in try parseTuneItems() {
                    switch item {
                    case .fixed(let setting): settings.append(setting)
                    case .folds(let count): folds = count
                    default:
                        throw Diagnostic(.syntax, "`crossvalidate { }` takes parameters and `folds k`", span: open.merged(with: previous.span),
                                         label: "not a parameter or `folds`", help: "searching, trials and metrics belong to `tune`")
                    }
                }
                end = previous.span
                return Expression(kind: .crossvalidate(algorithm: algorithmName, table: table, target: target, recipe: recipe,
                                                       settings: settings, folds: folds), span: start.merged(with: end))
            } else if current.isSymbol(.leftBrace) {
                index += 1
                settings = try parseOptions()
                end = previous.span
            } else {
                break
            }
        }
        if crossValidating {
            return Expression(kind: .crossvalidate(algorithm: algorithmName, table: table, target: target, recipe: recipe,
                                                   settings: settings, folds: nil), span: start.merged(with: end))
        }
        if tuning {
            throw Diagnostic(.syntax, "`tune` needs a `{ }` with what to search", span: start.merged(with: end), label: "no search",
                             help: "write `tune xgboost on t predicting y { maximize auc, eta in log 0.01..0.3 }`")
        }
        return Expression(kind: .train(algorithm: algorithmName, table: table, target: target, recipe: recipe, settings: settings),
                          span: start.merged(with: end))
    }

    /// The items of `tune { }` up to `}`, separated by commas or newlines.
    mutating func parseTuneItems() throws(Diagnostic) -> [TuneItem] {
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
            switch Keyword(rawValue: word) {
            case .maximize?, .minimize?:
                items.append(.objective(maximize: word == Keyword.maximize.rawValue, metric: try parseColumnName("a metric")))
            case .search?:
                items.append(.search(try parseColumnName("a search strategy")))
            case .prune?:
                items.append(.prune(try parseColumnName("a stopping rule")))
            case .trials?: items.append(.trials(try parseUnary()))
            case .parallel?: items.append(.parallel(try parseUnary()))
            case .seed?: items.append(.seed(try parseUnary()))
            case .folds?: items.append(.folds(try parseUnary()))
            default:
                if current.isSymbol(.assign) {
                    index += 1
                    items.append(.fixed(Setting(name: name, value: try parseExpression())))
                } else if take(.in) {
                    if current.isSymbol(.leftBracket) {
                        guard case .list(let values) = try parsePrimary().kind else { preconditionFailure() }
                        items.append(.range(name, .choices(values)))
                    } else {
                        let logarithmic = take(.log)
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

    /// `name(arguments)`, for the functions of column expressions.
    mutating func parseCall(_ name: String) throws(Diagnostic) -> Expression {
        let nameToken = current
        let known = (Array(columnFunctions.keys) + Array(valueFunctions.keys)).sorted()
        guard let arity = columnFunctions[name] ?? valueFunctions[name] else {
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
        if arity.upperBound == Int.max, arguments.count < arity.lowerBound {
            throw Diagnostic(.type, "`\(name)` takes \(arity.lowerBound == 2 ? "two" : String(arity.lowerBound)) or more arguments",
                             span: span, label: "too few arguments")
        }
        if !arity.contains(arguments.count) {
            let count = arity.count == 1 ? "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
                : "\(arity.lowerBound) or \(arity.upperBound) arguments"
            throw Diagnostic(.type, "`\(name)` takes \(count), not \(arguments.count)", span: span, label: "wrong number of arguments")
        }
        return Expression(kind: .call(Name(text: name, span: nameToken.span), arguments), span: span)
    }

    mutating func parseLoad() throws(Diagnostic) -> Expression {
        let start = current.span
        index += 1
        if current.isKeyword(.model), next.kind != .newline, next.kind != .end,
           !next.isSymbol(.pipe) {
            index += 1
            let name = try parsePrimary()
            let version = try parseOptionalClause(.version)
            return Expression(kind: .loadModel(name: name, version: version),
                              span: start.merged(with: version?.span ?? name.span))
        }
        let path = try parsePrimary()
        var span = start.merged(with: path.span)
        var options: [Setting] = []
        if current.isSymbol(.leftBrace) {
            index += 1
            options = try parseOptions()
            span = span.merged(with: previous.span)
        }
        return Expression(kind: .load(path: path, options: options), span: span)
    }

    /// Parses `name = value` items up to the closing `}`, separated by commas or newlines.
    mutating func parseOptions() throws(Diagnostic) -> [Setting] {
        var options: [Setting] = []
        while true {
            while current.kind == .newline || current.isSymbol(.comma) { index += 1 }
            if current.isSymbol(.rightBrace) {
                index += 1
                return options
            }
            // A name, or any text in backquotes or quotes: `types = { `Zip Code` = "text" }`.
            let text: String
            switch current.kind {
            case .word(let word): text = word
            case .quotedName(let quoted), .string(let quoted): text = quoted
            default:
                throw Diagnostic(.syntax, "expected an option name or `}`", span: current.span, label: "found \(current.display)",
                                 help: "a name of other characters goes in backquotes: `Zip Code` = \"text\"")
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


    /// `fit RECIPE on TABLE [predicting col]`
    mutating func parseFit() throws(Diagnostic) -> Expression {
        let start = current.span
        index += 1
        let recipe = try parseUnary()
        try expect(.on, "`on TABLE` after the recipe to fit", help: "write `fit prep on train_set`")
        let table = try parseUnary()
        var target: Name?
        if take(.predicting) { target = try parseColumnName("the target column") }
        return Expression(kind: .fit(recipe: recipe, table: table, target: target), span: start.merged(with: previous.span))
    }

    /// `evaluate MODEL on TABLE [threshold x]` or `evaluate [A, B, …] on TABLE [threshold x]`
    mutating func parseEvaluate() throws(Diagnostic) -> Expression {
        let start = current.span
        index += 1
        var models: [Expression] = []
        if current.isSymbol(.leftBracket) {
            index += 1
            while !current.isSymbol(.rightBracket) {
                models.append(try parseUnary())
                guard current.isSymbol(.comma) else { break }
                index += 1
            }
            try expect(.rightBracket, "`]` after the models to compare")
            guard !models.isEmpty else {
                throw Diagnostic(.syntax, "`evaluate [ ]` needs at least one model", span: start.merged(with: previous.span), label: "no models")
            }
        } else {
            models = [try parseUnary()]
        }
        try expect(.on, "`on TABLE` after the model to evaluate", help: "write `evaluate model on test_set`")
        let table = try parseUnary()
        let threshold = try parseOptionalClause(.threshold)
        return Expression(kind: .evaluate(models: models, table: table, threshold: threshold), span: start.merged(with: previous.span))
    }

    /// `invoke "name" with TABLE [by COLUMN]`
    mutating func parseInvoke() throws(Diagnostic) -> Expression {
        let start = current.span
        index += 1
        let name = try parseUnary()
        try expect(.with, "`with TABLE` after the endpoint's name", help: "write `invoke \"churn\" with test_set`")
        let table = try parseUnary()
        var end = table.span, by: Name?
        if take(.by) {
            guard case .word(let word) = current.kind else {
                throw Diagnostic(.syntax, "expected the column of the requests' ids after `by`", span: current.span,
                                 label: "found \(current.display)", help: "write `invoke \"churn\" with rows by customer`")
            }
            by = Name(text: word, span: current.span)
            end = current.span
            advance()
        }
        return Expression(kind: .invoke(name: name, table: table, by: by), span: start.merged(with: end))
    }
}
