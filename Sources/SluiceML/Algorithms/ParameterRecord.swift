/// Every parameter of a configuration or a trained model by its language name, as text: what a run records
/// (defaults included; a parameter without a value, such as `early_stopping_rounds` when none was set, is
/// left out).
extension AlgorithmConfiguration {
    public var parameterTexts: [String: String] {
        switch self {
        case .boostedTrees(let parameters, _): parameters.texts()
        case .linear(let parameters, let loss): parameters.texts(loss: loss)
        case .kmeans(let parameters): parameters.texts
        }
    }
}

extension TrainedModel {
    /// Every parameter the model was trained with, as ``AlgorithmConfiguration/parameterTexts`` (with the
    /// objective, base score and loss it settled on where the settings left them open).
    public var parameterTexts: [String: String] {
        switch estimator {
        case .boostedTrees(let trees): trees.parameters.texts(objective: trees.objective, baseScore: trees.baseScore, metric: trees.metric.rawValue)
        case .linear(let linear): linear.parameters.texts(loss: linear.loss)
        case .kmeans(let clusters): clusters.parameters.texts
        }
    }
}

extension BoostingParameters {
    func texts(objective: BoostingObjective? = nil, baseScore: Double? = nil, metric: String? = nil) -> [String: String] {
        var texts = ["rounds": "\(rounds)", "eta": "\(eta)", "max_depth": "\(maxDepth)", "grow_policy": growPolicy.rawValue,
                     "max_leaves": "\(maxLeaves)", "min_child_weight": "\(minChildWeight)", "gamma": "\(gamma)", "lambda": "\(lambda)",
                     "alpha": "\(alpha)", "max_delta_step": "\(maxDeltaStep)", "subsample": "\(subsample)",
                     "colsample_bytree": "\(colsampleByTree)", "max_bin": "\(maxBin)", "seed": "\(seed)"]
        texts["objective"] = (self.objective ?? objective)?.rawValue
        texts["base_score"] = (self.baseScore ?? baseScore).map { "\($0)" }
        texts["eval_metric"] = evalMetric ?? metric
        texts["early_stopping_rounds"] = earlyStoppingRounds.map { "\($0)" }
        texts["threads"] = threads.map { "\($0)" }
        return texts
    }
}

extension LinearParameters {
    func texts(loss: LinearLoss?) -> [String: String] {
        var texts = ["l1": "\(l1)", "l2": "\(l2)", "optimizer": optimizer.rawValue, "epochs": "\(epochs)",
                     "learning_rate": "\(learningRate)", "batch_size": "\(batchSize)", "max_iter": "\(maxIterations)",
                     "tol": "\(tolerance)", "seed": "\(seed)"]
        texts["loss"] = loss?.rawValue
        texts["threads"] = threads.map { "\($0)" }
        return texts
    }
}

extension KMeansParameters {
    var texts: [String: String] {
        var texts = ["k": "\(k)", "max_iter": "\(maxIterations)", "tol": "\(tolerance)", "n_init": "\(initializations)",
                     "seed": "\(seed)", "init": "kmeans++"]
        texts["threads"] = threads.map { "\($0)" }
        return texts
    }
}
