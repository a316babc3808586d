import Foundation
import SluiceData
import SluiceDisplay
import SluiceML

extension Evaluator {
    /// Runs `tune`: scores each candidate's model on a hold-out (or with k-fold cross-validation)
    /// of the training table, then refits the best on the whole table.
    func tune(algorithm: Name, table: Table, target: Name?, recipe: Recipe, items: [TuneItem],
              span: SourceSpan) throws(Diagnostic) -> TuningResult {
        var metricName: Name?, maximize = true, strategy = SearchStrategy.bayesian
        var trials = 10, seed: UInt64 = 0, folds: Int?
        var fixed: [Setting] = [], ranges: [(name: String, range: SearchRange)] = []
        let known = algorithm.text == "xgboost" ? TrainingSettings.names
            : (algorithm.text == "kmeans" ? KMeansSettings.names : LinearSettings.names)
        for item in items {
            switch item {
            case .objective(let wantsMaximum, let metric):
                maximize = wantsMaximum
                metricName = metric
            case .search(let name):
                switch name.text {
                case "random": strategy = .random
                case "grid": strategy = .grid
                case "bayesian": strategy = .bayesian
                case "hyperband":
                    throw Diagnostic(.syntax, "`search hyperband` is not available in this build of Sluice yet", span: name.span,
                                     label: "not yet implemented", help: "`search bayesian`, `random` and `grid` are")
                default:
                    throw Diagnostic(.name, "unknown search `\(name.text)`", span: name.span, label: "not a strategy",
                                     help: didYouMean(name.text, among: ["random", "grid", "bayesian", "hyperband"]))
                }
            case .trials(let e): trials = try wholeNumber(e, "`trials` needs a whole number")
            case .parallel(let e): _ = try wholeNumber(e, "`parallel` needs a whole number")
            case .seed(let e): seed = UInt64(try wholeNumber(e, "`seed` needs a whole number"))
            case .folds(let e):
                let k = try wholeNumber(e, "`folds` needs a whole number")
                guard k >= 2 else { throw Diagnostic(.type, "`folds` must be at least 2", span: e.span, label: "too few folds") }
                folds = k
            case .fixed(let setting):
                try checkParameter(setting.name, known: known, algorithm: algorithm.text)
                fixed.append(setting)
            case .range(let name, let spec):
                try checkParameter(name, known: known, algorithm: algorithm.text)
                ranges.append((name.text, try searchRange(spec, name: name)))
            }
        }
        guard !ranges.isEmpty else {
            throw Diagnostic(.syntax, "`tune` has nothing to search", span: span, label: "no `p in …`",
                             help: "add a range such as `eta in log 0.01..0.3`")
        }
        guard trials >= 1 else { throw Diagnostic(.type, "`trials` must be at least 1", span: span, label: "no trials") }
        // Parts of the training table: (train, validate) pairs, stratified for classification.
        let stratify = target.flatMap { table.column(named: $0.text) }.flatMap { $0.kind.isNumeric ? nil : $0.name }
        var parts: [(Table, Table)] = []
        do {
            if let folds {
                parts = try foldParts(table, folds: folds, stratify: stratify, seed: seed)
            } else {
                parts = [try table.split(fraction: 0.8, stratify: stratify, seed: seed)]
            }
        } catch {
            throw Diagnostic(.runtime, "\(error)", span: span, label: "while splitting")
        }
        let tuner = Tuner(ranges: ranges, strategy: strategy, trials: trials, seed: seed, maximize: maximize)
        let flag = interruptFlag
        let progressID = "tune-\(UUID().uuidString)"
        var chosenMetric: String?
        var bestSoFar: Double?
        var finished: [TuningTrial] = []
        do {
            finished = try tuner.run(
                score: { parameters in
                    var partValues: [Double] = []
                    for (trainPart, validatePart) in parts {
                        let settings = fixed + parameters.sorted { $0.key < $1.key }.map { literalSetting($0.key, $0.value, span: span) }
                        let model = try trainModel(algorithm: algorithm, table: trainPart, target: target, recipe: recipe,
                                                   settings: settings, span: span, quiet: true)
                        let evaluation = try model.evaluate(on: validatePart)
                        let name = metricName?.text ?? defaultMetric(evaluation)
                        guard let (value, direction) = evaluation.metric(name) else {
                            throw Diagnostic(.name, "`\(name)` is not a metric of \(model.task.name)", span: metricName?.span ?? span,
                                             label: "not a metric here", help: didYouMean(name, among: ModelEvaluation.metricNames))
                        }
                        if metricName == nil { maximize = direction }
                        chosenMetric = name
                        partValues.append(value)
                    }
                    return partValues
                },
                shouldStop: { flag.isRequested },
                progress: { trial, planned in
                    if bestSoFar == nil || (maximize ? trial.value > bestSoFar! : trial.value < bestSoFar!) { bestSoFar = trial.value }
                    let message = "trial \(trial.number) · \(chosenMetric ?? "") \(formatStatistic(trial.value)) · best \(formatStatistic(bestSoFar!))"
                    progress(ProgressReport(done: trial.number, total: planned, message: message), progressID, trial.number == planned)
                })
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw trainingFailure(error, span: span)
        }
        let ranker = Tuner(ranges: ranges, strategy: strategy, trials: trials, seed: seed, maximize: maximize)
        guard let best = ranker.best(of: finished) else {
            throw Diagnostic(.interrupted, "tuning interrupted before any trial finished", span: span, label: "stopped here")
        }
        let bestSettings = fixed + best.parameters.sorted { $0.key < $1.key }.map { literalSetting($0.key, $0.value, span: span) }
        let model = try trainModel(algorithm: algorithm, table: table, target: target, recipe: recipe, settings: bestSettings,
                                   span: span, quiet: false)
        return TuningResult(model: model, trials: finished, best: best, metric: chosenMetric ?? "", maximize: maximize,
                            strategy: strategy, validation: folds.map { "\($0)-fold cross-validation" } ?? "a 20% hold-out",
                            planned: tuner.candidates().count, searched: ranges.map(\.name))
    }

    private func checkParameter(_ name: Name, known: [String], algorithm: String) throws(Diagnostic) {
        guard known.contains(name.text) else {
            throw Diagnostic(.name, "unknown parameter `\(name.text)` for \(algorithm)", span: name.span, label: "not a parameter",
                             help: didYouMean(name.text, among: known) ?? "parameters: " + known.joined(separator: ", "))
        }
    }

    private func searchRange(_ spec: RangeSpec, name: Name) throws(Diagnostic) -> SearchRange {
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

    private func literalSetting(_ name: String, _ value: TuningValue, span: SourceSpan) -> Setting {
        let kind: Expression.Kind = switch value {
        case .number(let x): .number(x)
        case .text(let s): .string(s)
        }
        return Setting(name: Name(text: name, span: span), value: Expression(kind: kind, span: span))
    }

    private func defaultMetric(_ evaluation: ModelEvaluation) -> String {
        switch evaluation {
        case .binary: "auc"
        case .multiclass: "accuracy"
        case .regression: "rmse"
        case .clustering: "silhouette"
        }
    }

    /// k (train, validate) pairs: each row validates once; stratified keeps class shares per fold.
    private func foldParts(_ table: Table, folds: Int, stratify: String?, seed: UInt64) throws -> [(Table, Table)] {
        var generator = SeededGenerator(seed: seed)
        var foldOfRow = [Int](repeating: 0, count: table.rowCount)
        let groups: [[Int]]
        if let stratify, let column = table.column(named: stratify) {
            var byValue: [String: [Int]] = [:]
            for row in 0..<table.rowCount { byValue[column.formattedValue(at: row) ?? "\u{0}", default: []].append(row) }
            groups = byValue.keys.sorted().map { byValue[$0]! }
        } else {
            groups = [Array(0..<table.rowCount)]
        }
        var offset = 0
        for group in groups {
            for (position, index) in generator.permutation(of: group.count).enumerated() {
                foldOfRow[group[index]] = (position + offset) % folds
            }
            offset += group.count
        }
        return (0..<folds).map { fold in
            (table.gathering((0..<table.rowCount).filter { foldOfRow[$0] != fold }),
             table.gathering((0..<table.rowCount).filter { foldOfRow[$0] == fold }))
        }
    }
}
