import SluiceData
import SluiceDisplay
import SluiceML

/// The items of a `tune { }` block, checked: how to search, what to optimise, what is fixed and what is searched.
struct TuneOptions {
    var metricName: Name?
    /// `maximize` or `minimize` as written; nil leaves the metric's own direction.
    var maximize: Bool?
    var strategy = SearchStrategy.bayesian
    var trials = 10
    var parallel = 1
    var seed: UInt64 = 0
    var folds: Int?
    var stopsByMedian = false
    var fixed: [Setting] = []
    var ranges: [(name: Name, range: SearchRange)] = []
    /// The most trials a search may plan (each is a model trained, and its parameters are drawn up front).
    static let mostTrials = 100_000
    /// Where a round-based item was written: `search hyperband` or `prune median`.
    private var roundsItem: (text: String, span: SourceSpan)?

    init(_ items: [TuneItem], algorithm: AlgorithmName, span: SourceSpan,
         evaluate: (Expression) throws(Diagnostic) -> Value) throws(Diagnostic) {
        let known = algorithm.algorithm.parameterNames
        // Limits are checked before anything is set up for them: a search of a billion trials is refused,
        // not allocated until memory runs out.
        func whole(_ e: Expression, _ what: String, atLeast minimum: Int, atMost maximum: Int = 999_999_999) throws(Diagnostic) -> Int {
            guard case .number(let x) = try evaluate(e), x == x.rounded() else {
                throw Diagnostic(.type, "`\(what)` needs a whole number", span: e.span, label: "not a whole number")
            }
            guard x >= Double(minimum) else {
                throw Diagnostic(.type, "`\(what)` must be at least \(minimum)", span: e.span, label: "too small")
            }
            guard x <= Double(maximum) else {
                throw Diagnostic(.type, "`\(what)` must be at most \(formatCount(maximum))", span: e.span, label: "too large")
            }
            return Int(x)
        }
        for item in items {
            switch item {
            case .objective(let wantsMaximum, let metric):
                maximize = wantsMaximum
                metricName = metric
            case .search(let name):
                guard let chosen = SearchStrategy(rawValue: name.text) else {
                    throw Diagnostic(.name, "unknown search `\(name.text)`", span: name.span, label: "not a strategy",
                                     help: didYouMean(name.text, among: SearchStrategy.allCases.map(\.rawValue)))
                }
                strategy = chosen
                if chosen == .hyperband { roundsItem = ("`search hyperband`", name.span) }
            case .prune(let rule):
                guard rule.text == "median" else {
                    throw Diagnostic(.name, "unknown stopping rule `\(rule.text)`", span: rule.span, label: "not a rule",
                                     help: "the rule is `prune median`")
                }
                stopsByMedian = true
                roundsItem = roundsItem ?? ("`prune median`", rule.span)
            case .trials(let e): trials = try whole(e, "trials", atLeast: 1, atMost: Self.mostTrials)
            case .parallel(let e): parallel = try whole(e, "parallel", atLeast: 1, atMost: Self.mostTrials)
            case .seed(let e): seed = UInt64(try whole(e, "seed", atLeast: 0))
            // Each fold holds its own training table: a hundred is far past what cross-validation needs.
            case .folds(let e): folds = try whole(e, "folds", atLeast: 2, atMost: 100)
            case .fixed(let setting):
                guard known.contains(setting.name.text) else { throw AlgorithmSettings.unknown(setting.name, algorithm: algorithm.algorithm) }
                fixed.append(setting)
            case .range(let name, let spec):
                guard known.contains(name.text) else { throw AlgorithmSettings.unknown(name, algorithm: algorithm.algorithm) }
                ranges.append((name, try Self.searchRange(spec, name: name, evaluate: evaluate)))
            }
        }
        guard !ranges.isEmpty else {
            throw Diagnostic(.syntax, "`tune` has nothing to search", span: span, label: "no `p in …`",
                             help: "add a range such as `eta in log 0.01..0.3`")
        }
        // Hyperband and the median rule need a model that trains in rounds, and one number of rounds to share.
        if let (needsRounds, itemSpan) = roundsItem {
            guard algorithm.algorithm.trainsInRounds else {
                throw Diagnostic(.type, "\(needsRounds) needs a model trained in boosting rounds", span: itemSpan,
                                 label: "\(algorithm.text) trains all at once",
                                 help: "use it with " + Algorithm.allCases.filter(\.trainsInRounds).map { "`tune \($0.name)`" }.joined(separator: " or "))
            }
            if strategy == .hyperband, let rounds = ranges.first(where: { $0.name.text == "rounds" }) {
                throw Diagnostic(.type, "`search hyperband` shares out boosting rounds itself", span: rounds.name.span,
                                 label: "searched here", help: "fix the most rounds a trial may use: `rounds = 300`")
            }
        }
    }

    private static func searchRange(_ spec: RangeSpec, name: Name,
                                    evaluate: (Expression) throws(Diagnostic) -> Value) throws(Diagnostic) -> SearchRange {
        func number(_ e: Expression) throws(Diagnostic) -> Double {
            guard case .number(let x) = try evaluate(e) else {
                throw Diagnostic(.type, "a range bound must be a number", span: e.span, label: "expected a number")
            }
            return x
        }
        switch spec {
        case .linear(let a, let b), .log(let a, let b):
            let low = try number(a), high = try number(b)
            guard low < high else {
                throw Diagnostic(.type, "the range of `\(name.text)` must go from low to high", span: a.span.merged(with: b.span),
                                 label: "empty range")
            }
            let integer = low == low.rounded() && high == high.rounded()
            if case .log = spec {
                guard low > 0 else {
                    throw Diagnostic(.type, "a `log` range needs bounds above 0", span: a.span, label: "not positive")
                }
                return .logUniform(low, high, integer: integer)
            }
            return .uniform(low, high, integer: integer)
        case .choices(let expressions):
            var values: [TuningValue] = []
            for e in expressions {
                switch try evaluate(e) {
                case .number(let x): values.append(.number(x))
                case .string(let s): values.append(.text(s))
                default: throw Diagnostic(.type, "candidates must be numbers or text", span: e.span, label: "not a number or text")
                }
            }
            guard !values.isEmpty else { throw Diagnostic(.type, "the candidates of `\(name.text)` are empty", span: name.span) }
            return .choices(values)
        }
    }
}
