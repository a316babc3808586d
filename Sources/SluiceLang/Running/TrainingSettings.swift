import SluiceData
import SluiceML

/// The `{ }` settings of `train xgboost`: XGBoost's parameter names, plus `validation = TABLE`.
struct TrainingSettings {
    static let names = ["rounds", "eta", "max_depth", "grow_policy", "max_leaves", "min_child_weight", "gamma", "lambda", "alpha", "max_delta_step",
                        "subsample", "colsample_bytree", "max_bin", "base_score", "seed", "objective",
                        "early_stopping_rounds", "eval_metric", "threads", "validation"]

    var parameters = BoostingParameters()
    var validation: Table?

    init(_ settings: [Setting], evaluate: (Expression) throws(Diagnostic) -> Value) throws(Diagnostic) {
        for setting in settings {
            let name = setting.name.text
            let value = try evaluate(setting.value)
            func number() throws(Diagnostic) -> Double {
                guard case .number(let x) = value else { throw Self.wrongType(setting, "a number") }
                return x
            }
            func whole() throws(Diagnostic) -> Int {
                let x = try number()
                guard x == x.rounded(), x >= 0, x < 1e9 else { throw Self.wrongType(setting, "a whole number") }
                return Int(x)
            }
            func text() throws(Diagnostic) -> String {
                guard case .string(let s) = value else { throw Self.wrongType(setting, "text in quotes") }
                return s
            }
            switch name {
            case "rounds": parameters.rounds = try whole()
            case "eta": parameters.eta = try number()
            case "max_depth": parameters.maxDepth = try whole()
            case "max_leaves": parameters.maxLeaves = try whole()
            case "grow_policy":
                let policy = try text()
                guard let known = GrowPolicy(rawValue: policy) else {
                    throw Diagnostic(.name, "unknown grow_policy \"\(policy)\"", span: setting.value.span, label: "not a policy",
                                     help: "policies: \"depthwise\", \"lossguide\"")
                }
                parameters.growPolicy = known
            case "min_child_weight": parameters.minChildWeight = try number()
            case "gamma": parameters.gamma = try number()
            case "lambda": parameters.lambda = try number()
            case "alpha": parameters.alpha = try number()
            case "max_delta_step": parameters.maxDeltaStep = try number()
            case "subsample": parameters.subsample = try number()
            case "colsample_bytree": parameters.colsampleByTree = try number()
            case "max_bin": parameters.maxBin = try whole()
            case "base_score": parameters.baseScore = try number()
            case "seed": parameters.seed = UInt64(try whole())
            case "early_stopping_rounds": parameters.earlyStoppingRounds = try whole()
            case "threads": parameters.threads = try whole()
            case "eval_metric": parameters.evalMetric = try text()
            case "objective":
                let objective = try text()
                guard let known = BoostingObjective(rawValue: objective) else {
                    throw Diagnostic(.name, "unknown objective \"\(objective)\"", span: setting.value.span, label: "not an objective",
                                     help: "objectives: " + BoostingObjective.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
                }
                parameters.objective = known
            case "validation":
                guard case .table(let table) = value else { throw Self.wrongType(setting, "a table") }
                validation = table
            default:
                throw AlgorithmParameters.unknown(setting.name, algorithm: "xgboost")
            }
        }
        if parameters.earlyStoppingRounds != nil, validation == nil, let setting = settings.first(where: { $0.name.text == "early_stopping_rounds" }) {
            throw Diagnostic(.type, "`early_stopping_rounds` needs a validation table to watch", span: setting.name.span,
                             label: "no validation table", help: "add `validation = valid_set`")
        }
        do {
            try parameters.validate()
        } catch {
            let span = settings.first { error.description.contains("`\($0.name.text)`") }?.span ?? settings.first?.name.span
            throw Diagnostic(.type, error.description, span: span ?? SourceSpan(start: .init(line: 1, column: 1, offset: 0),
                                                                              end: .init(line: 1, column: 1, offset: 0)),
                             label: "out of range")
        }
    }

    private static func wrongType(_ setting: Setting, _ expected: String) -> Diagnostic {
        Diagnostic(.type, "`\(setting.name.text)` must be \(expected)", span: setting.value.span, label: "expected \(expected)")
    }
}

extension Setting {
    /// The span from the name to the value.
    var span: SourceSpan { name.span.merged(with: value.span) }
}

/// The `{ }` settings of `train kmeans`: `k` (required), `max_iter`, `tol`, `n_init`, `seed`, `init`, `threads`.
struct KMeansSettings {
    static let names = ["k", "max_iter", "tol", "n_init", "seed", "init", "threads"]

    var parameters: KMeansParameters

    init(_ settings: [Setting], span: SourceSpan, rows: Int, evaluate: (Expression) throws(Diagnostic) -> Value) throws(Diagnostic) {
        var values: [String: (Setting, Value)] = [:]
        for setting in settings {
            guard Self.names.contains(setting.name.text) else {
                throw AlgorithmParameters.unknown(setting.name, algorithm: "kmeans")
            }
            values[setting.name.text] = (setting, try evaluate(setting.value))
        }
        func whole(_ name: String) throws(Diagnostic) -> Int? {
            guard let (setting, value) = values[name] else { return nil }
            guard case .number(let x) = value, x == x.rounded(), x >= 0, x < 1e9 else {
                throw Diagnostic(.type, "`\(name)` must be a whole number", span: setting.value.span, label: "expected a whole number")
            }
            return Int(x)
        }
        guard let k = try whole("k") else {
            throw Diagnostic(.type, "`train kmeans` needs the number of clusters: `{ k = 5 }`", span: span, label: "no k")
        }
        parameters = KMeansParameters(k: k)
        if let value = try whole("max_iter") { parameters.maxIterations = value }
        if let value = try whole("n_init") { parameters.initializations = value }
        if let value = try whole("seed") { parameters.seed = UInt64(value) }
        if let value = try whole("threads") { parameters.threads = value }
        if let (setting, value) = values["tol"] {
            guard case .number(let x) = value else {
                throw Diagnostic(.type, "`tol` must be a number", span: setting.value.span, label: "expected a number")
            }
            parameters.tolerance = x
        }
        if let (setting, value) = values["init"], value != .string("kmeans++") {
            throw Diagnostic(.type, "`init` must be \"kmeans++\"", span: setting.value.span, label: "the only initialisation")
        }
        do {
            try parameters.validate(rows: rows)
        } catch {
            let culprit = settings.first { error.description.contains("`\($0.name.text)`") }
            throw Diagnostic(.type, error.description, span: culprit?.span ?? span, label: "out of range")
        }
    }
}

/// The `{ }` settings of `train linear_learner`.
struct LinearSettings {
    static let names = ["l1", "l2", "optimizer", "epochs", "learning_rate", "batch_size", "max_iter", "tol", "seed",
                        "threads", "loss"]

    var parameters = LinearParameters()
    var loss: LinearLoss?

    init(_ settings: [Setting], evaluate: (Expression) throws(Diagnostic) -> Value) throws(Diagnostic) {
        for setting in settings {
            let name = setting.name.text
            let value = try evaluate(setting.value)
            func number() throws(Diagnostic) -> Double {
                guard case .number(let x) = value else {
                    throw Diagnostic(.type, "`\(name)` must be a number", span: setting.value.span, label: "expected a number")
                }
                return x
            }
            func whole() throws(Diagnostic) -> Int {
                let x = try number()
                guard x == x.rounded(), x >= 0, x < 1e9 else {
                    throw Diagnostic(.type, "`\(name)` must be a whole number", span: setting.value.span, label: "expected a whole number")
                }
                return Int(x)
            }
            switch name {
            case "l1": parameters.l1 = try number()
            case "l2": parameters.l2 = try number()
            case "epochs": parameters.epochs = try whole()
            case "learning_rate": parameters.learningRate = try number()
            case "batch_size": parameters.batchSize = try whole()
            case "max_iter": parameters.maxIterations = try whole()
            case "tol": parameters.tolerance = try number()
            case "seed": parameters.seed = UInt64(try whole())
            case "threads": parameters.threads = try whole()
            case "optimizer", "loss":
                guard case .string(let text) = value else {
                    throw Diagnostic(.type, "`\(name)` must be text in quotes", span: setting.value.span, label: "expected text")
                }
                if name == "optimizer" {
                    guard let optimizer = LinearOptimizer(rawValue: text) else {
                        throw Diagnostic(.name, "unknown optimizer \"\(text)\"", span: setting.value.span, label: "not an optimizer",
                                         help: "optimizers: \"lbfgs\", \"adam\", \"sgd\"")
                    }
                    parameters.optimizer = optimizer
                } else {
                    guard let known = LinearLoss(rawValue: text) else {
                        throw Diagnostic(.name, "unknown loss \"\(text)\"", span: setting.value.span, label: "not a loss",
                                         help: "losses: \"squared_loss\", \"logistic\", \"softmax_loss\"")
                    }
                    loss = known
                }
            default:
                throw AlgorithmParameters.unknown(setting.name, algorithm: "linear_learner")
            }
        }
        do {
            try parameters.validate()
        } catch {
            let culprit = settings.first { error.description.contains("`\($0.name.text)`") }
            throw Diagnostic(.type, error.description, span: culprit?.span ?? settings[0].span, label: "out of range")
        }
    }
}

/// The `{ }` parameters each algorithm takes.
enum AlgorithmParameters {
    static func names(of algorithm: String) -> [String] {
        switch algorithm {
        case "xgboost": TrainingSettings.names
        case "linear_learner": LinearSettings.names
        case "kmeans": KMeansSettings.names
        default: []
        }
    }

    /// The error for a parameter `algorithm` does not take, with the closest one or the list.
    static func unknown(_ name: Name, algorithm: String) -> Diagnostic {
        let known = names(of: algorithm)
        return Diagnostic(.name, "unknown parameter `\(name.text)` for \(algorithm)", span: name.span, label: "not a parameter",
                          help: didYouMean(name.text, among: known) ?? "parameters: " + known.joined(separator: ", "))
    }
}
