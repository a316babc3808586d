import SluiceData

/// An algorithm's parameters, read and checked.
public enum AlgorithmConfiguration: Sendable {
    case boostedTrees(BoostingParameters, validation: Table?)
    case linear(LinearParameters, loss: LinearLoss?)
    case kmeans(KMeansParameters)

    /// The number of threads it trains on; nil: every core.
    public var threads: Int? {
        get {
            switch self {
            case .boostedTrees(let parameters, _): parameters.threads
            case .linear(let parameters, _): parameters.threads
            case .kmeans(let parameters): parameters.threads
            }
        }
        set {
            switch self {
            case .boostedTrees(var parameters, let validation):
                parameters.threads = newValue
                self = .boostedTrees(parameters, validation: validation)
            case .linear(var parameters, let loss):
                parameters.threads = newValue
                self = .linear(parameters, loss: loss)
            case .kmeans(var parameters):
                parameters.threads = newValue
                self = .kmeans(parameters)
            }
        }
    }

    /// The boosting objective that decides how the target is encoded, when the parameters force one.
    var objective: BoostingObjective? {
        switch self {
        case .boostedTrees(let parameters, _): parameters.objective
        case .linear(_, let loss): loss?.objective
        case .kmeans: nil
        }
    }
}

extension BoostingParameters {
    /// XGBoost's parameter names, plus `validation = TABLE` (the rows whose metric each round logs).
    static let names = ["rounds", "eta", "max_depth", "grow_policy", "max_leaves", "min_child_weight", "gamma", "lambda", "alpha",
                        "max_delta_step", "subsample", "colsample_bytree", "max_bin", "base_score", "seed", "objective",
                        "early_stopping_rounds", "eval_metric", "threads", "validation"]

    /// The parameters and validation table that `settings` give.
    static func configured(by settings: [ParameterSetting]) throws(ParameterError) -> AlgorithmConfiguration {
        var parameters = BoostingParameters()
        var validation: Table?
        for setting in settings {
            let value = ParameterReader(setting: setting)
            switch setting.name {
            case "rounds": parameters.rounds = try value.whole()
            case "eta": parameters.eta = try value.number()
            case "max_depth": parameters.maxDepth = try value.whole()
            case "max_leaves": parameters.maxLeaves = try value.whole()
            case "grow_policy": parameters.growPolicy = try value.choice(GrowPolicy.self, what: "a policy", plural: "policies")
            case "min_child_weight": parameters.minChildWeight = try value.number()
            case "gamma": parameters.gamma = try value.number()
            case "lambda": parameters.lambda = try value.number()
            case "alpha": parameters.alpha = try value.number()
            case "max_delta_step": parameters.maxDeltaStep = try value.number()
            case "subsample": parameters.subsample = try value.number()
            case "colsample_bytree": parameters.colsampleByTree = try value.number()
            case "max_bin": parameters.maxBin = try value.whole()
            case "base_score": parameters.baseScore = try value.number()
            case "seed": parameters.seed = UInt64(try value.whole())
            case "early_stopping_rounds": parameters.earlyStoppingRounds = try value.whole()
            case "threads": parameters.threads = try value.whole()
            case "eval_metric": parameters.evalMetric = try value.text()
            case "objective": parameters.objective = try value.choice(BoostingObjective.self, what: "an objective", plural: "objectives")
            case "validation":
                guard case .table(let table) = setting.value else { throw .wrongType(setting.name, "a table") }
                validation = table
            default: throw .unknownParameter(setting.name, of: .xgboost)
            }
        }
        if parameters.earlyStoppingRounds != nil, validation == nil {
            throw ParameterError(isUnknownName: false, place: .name("early_stopping_rounds"),
                                 message: "`early_stopping_rounds` needs a validation table to watch", label: "no validation table",
                                 help: "add `validation = valid_set`")
        }
        do {
            try parameters.validate()
        } catch {
            throw .outOfRange(error, among: settings)
        }
        return .boostedTrees(parameters, validation: validation)
    }
}

extension LinearParameters {
    static let names = ["l1", "l2", "optimizer", "epochs", "learning_rate", "batch_size", "max_iter", "tol", "seed", "threads", "loss"]

    /// The parameters and loss that `settings` give.
    static func configured(by settings: [ParameterSetting]) throws(ParameterError) -> AlgorithmConfiguration {
        var parameters = LinearParameters()
        var loss: LinearLoss?
        for setting in settings {
            let value = ParameterReader(setting: setting)
            switch setting.name {
            case "l1": parameters.l1 = try value.number()
            case "l2": parameters.l2 = try value.number()
            case "epochs": parameters.epochs = try value.whole()
            case "learning_rate": parameters.learningRate = try value.number()
            case "batch_size": parameters.batchSize = try value.whole()
            case "max_iter": parameters.maxIterations = try value.whole()
            case "tol": parameters.tolerance = try value.number()
            case "seed": parameters.seed = UInt64(try value.whole())
            case "threads": parameters.threads = try value.whole()
            case "optimizer": parameters.optimizer = try value.choice(LinearOptimizer.self, what: "an optimizer", plural: "optimizers")
            case "loss": loss = try value.choice(LinearLoss.self, what: "a loss", plural: "losses")
            default: throw .unknownParameter(setting.name, of: .linearLearner)
            }
        }
        do {
            try parameters.validate()
        } catch {
            throw .outOfRange(error, among: settings)
        }
        return .linear(parameters, loss: loss)
    }
}

extension KMeansParameters {
    static let names = ["k", "max_iter", "tol", "n_init", "seed", "init", "threads"]

    /// The parameters that `settings` give, for clustering `rows` rows.
    static func configured(by settings: [ParameterSetting], rows: Int) throws(ParameterError) -> AlgorithmConfiguration {
        var given: [String: ParameterReader] = [:]
        for setting in settings {
            guard names.contains(setting.name) else { throw .unknownParameter(setting.name, of: .kmeans) }
            given[setting.name] = ParameterReader(setting: setting)
        }
        guard let k = try given["k"]?.whole() else {
            throw ParameterError(isUnknownName: false, place: .all, message: "k-means needs the number of clusters: `{ k = 5 }`",
                                 label: "no k")
        }
        var parameters = KMeansParameters(k: k)
        if let value = try given["max_iter"]?.whole() { parameters.maxIterations = value }
        if let value = try given["n_init"]?.whole() { parameters.initializations = value }
        if let value = try given["seed"]?.whole() { parameters.seed = UInt64(value) }
        if let value = try given["threads"]?.whole() { parameters.threads = value }
        if let value = try given["tol"]?.number() { parameters.tolerance = value }
        if let initialisation = given["init"], initialisation.setting.value != .text("kmeans++") {
            throw ParameterError(isUnknownName: false, place: .value("init"), message: "`init` must be \"kmeans++\"",
                                 label: "the only initialisation")
        }
        do {
            try parameters.validate(rows: rows)
        } catch {
            throw .outOfRange(error, among: settings)
        }
        return .kmeans(parameters)
    }
}
