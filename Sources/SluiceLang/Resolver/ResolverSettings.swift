import SluiceML

/// Checks the `{ }` of `train` and `tune` before anything runs: parameter names always, and the values
/// and tuning items whenever everything in them is written out (numbers, text, booleans, lists).
extension Resolver {
    mutating func checkSettings(_ settings: [Setting], algorithm: AlgorithmName, span: SourceSpan) {
        let known = algorithm.algorithm.parameterNames
        if let unknown = settings.first(where: { !known.contains($0.name.text) }) {
            report(AlgorithmSettings.unknown(unknown.name, algorithm: algorithm.algorithm))
            return
        }
        guard settings.allSatisfy({ Self.literal($0.value) != nil }) else { return }
        do throws(Diagnostic) {
            _ = try AlgorithmSettings.configuration(algorithm.algorithm, settings, span: span, evaluate: Self.evaluateLiteral)
        } catch {
            report(error)
        }
    }

    mutating func checkTuneItems(_ items: [TuneItem], algorithm: AlgorithmName, span: SourceSpan) {
        // A metric no task has is a typo; one the target's task lacks is reported once the task is known.
        for case .objective(_, let metric) in items where !Self.allMetrics.contains(metric.text) {
            report(.name, "unknown metric `\(metric.text)`", metric.span, label: "not a metric",
                   help: didYouMean(metric.text, among: Self.allMetrics) ?? "metrics: " + Self.allMetrics.joined(separator: ", "))
        }
        let expressions: [Expression] = items.flatMap { item -> [Expression] in
            switch item {
            case .trials(let e), .parallel(let e), .seed(let e), .folds(let e): [e]
            case .fixed(let setting): [setting.value]
            case .range(_, .linear(let a, let b)), .range(_, .log(let a, let b)): [a, b]
            case .range(_, .choices(let values)): values
            case .objective, .search, .prune: []
            }
        }
        let known = algorithm.algorithm.parameterNames
        let named: [Name] = items.compactMap { item in
            switch item {
            case .fixed(let setting): setting.name
            case .range(let name, _): name
            default: nil
            }
        }
        if let unknown = named.first(where: { !known.contains($0.text) }) {
            report(AlgorithmSettings.unknown(unknown, algorithm: algorithm.algorithm))
            return
        }
        guard expressions.allSatisfy({ Self.literal($0) != nil }) else { return }
        do throws(Diagnostic) {
            _ = try TuneOptions(items, algorithm: algorithm, span: span, evaluate: Self.evaluateLiteral)
            // Settings a trial could get: every searched parameter at its first end, then each other end (each
            // candidate of a list) in turn; all must be valid with the fixed values.
            let fixed = items.compactMap { if case .fixed(let setting) = $0 { setting } else { nil } }
            var ranges: [(name: Name, ends: [Expression])] = []
            for case .range(let name, let spec) in items {
                switch spec {
                case .linear(let a, let b), .log(let a, let b): ranges.append((name, [a, b]))
                case .choices(let values): ranges.append((name, values))
                }
            }
            let first = ranges.compactMap { range in range.ends.first.map { Setting(name: range.name, value: $0) } }
            var trials = [fixed + first]
            for (index, range) in ranges.enumerated() {
                for end in range.ends.dropFirst() {
                    var chosen = first
                    chosen[index] = Setting(name: range.name, value: end)
                    trials.append(fixed + chosen)
                }
            }
            for settings in trials {
                let before = diagnostics.count
                checkSettings(settings, algorithm: algorithm, span: span)
                if diagnostics.count > before { return }
            }
        } catch {
            report(error)
        }
    }

    /// Every metric a tuner can optimise, for any task.
    static let allMetrics: [String] = {
        let tasks: [ModelTask] = [.binaryClassification(negative: "", positive: ""), .multiclassClassification(classes: []),
                                  .regression, .clustering(k: 0)]
        var names: [String] = []
        for name in tasks.flatMap({ MetricDirection.names(for: $0) }) where !names.contains(name) { names.append(name) }
        return names
    }()

    /// The value of an expression written out in full; nil for anything that needs the session.
    static func literal(_ expression: Expression) -> Value? {
        switch expression.kind {
        case .number(let x): .number(x)
        case .percent(let x): .number(x / 100)
        case .string(let text): .string(text)
        case .boolean(let flag): .boolean(flag)
        case .null: .null
        case .unary(.negate, let operand): literal(operand).flatMap { if case .number(let x) = $0 { .number(-x) } else { nil } }
        case .list(let items):
            items.allSatisfy { literal($0) != nil } ? .list(items.map { literal($0)! }) : nil
        case .record(let fields):
            fields.allSatisfy { literal($0.value) != nil }
                ? .record(Dictionary(fields.map { ($0.name.text, literal($0.value)!) }) { first, _ in first }) : nil
        default: nil
        }
    }

    static func evaluateLiteral(_ expression: Expression) throws(Diagnostic) -> Value {
        guard let value = literal(expression) else {
            throw Diagnostic(.type, "expected a value written out", span: expression.span, label: "not a literal")
        }
        return value
    }
}
