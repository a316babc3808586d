import Foundation
import Testing
@testable import SluiceML
import SluiceData

private func matrix(_ columns: [[Float]]) -> FeatureMatrix {
    FeatureMatrix(names: columns.indices.map { "x\($0)" }, columns: columns)
}

/// One round with eta 1 and no regularisation, so leaf values are plain Newton steps.
private func oneUnregularisedRound() -> BoostingParameters {
    var parameters = BoostingParameters()
    parameters.rounds = 1
    parameters.eta = 1
    parameters.lambda = 0
    parameters.minChildWeight = 0
    return parameters
}

@Suite("Boosted trees")
struct BoostingTests {
    @Test("weights and gains follow XGBoost's formulas")
    func criteria() {
        var parameters = BoostingParameters()
        parameters.alpha = 1
        parameters.lambda = 0
        parameters.maxDeltaStep = 0.5
        let clamped = SplitCriteria(parameters)
        // XGBoost's own test vector: (G, H) = (8, 2) gives -0.5; (-2, 4) gives 0.25.
        #expect(clamped.weight(8, 2) == -0.5)
        #expect(clamped.weight(-2, 4) == 0.25)
        #expect(clamped.gain(8, 2) + clamped.gain(-2, 4) == 6.75)
        let plain = SplitCriteria(BoostingParameters())
        #expect(plain.weight(4, 3) == -1)  // -4 / (3 + 1)
        #expect(plain.gain(4, 3) == 4)     // 16 / 4, no ½
        #expect(plain.weight(4, 0.5) == 0) // below min_child_weight
    }

    @Test("one round learns a perfect split with hand-computed leaves")
    func perfectSplit() throws {
        let model = try GradientBoostedTrees(parameters: oneUnregularisedRound()).fit(
            features: matrix([[1, 2, 3, 4]]), labels: [0, 0, 1, 1], objective: .squaredError)
        #expect(model.baseScore == 0.5)
        let tree = model.trees[0]
        #expect(tree.nodeCount == 3)
        #expect(tree.splitFeatures[0] == 0 && tree.splitConditions[0] == 3)
        // Gradients m − y at m = 0.5: left (0.5, 0.5) sums to 1 with H = 2, so w = −0.5.
        #expect(tree.splitConditions[1] == -0.5 && tree.splitConditions[2] == 0.5)
        #expect(tree.lossChanges[0] == 1)  // 1²/2 + 1²/2 − 0²/4
        #expect(model.predict(matrix([[0, 2.5, 3, 9]])) == [0, 0, 1, 1])
    }

    @Test("missing values go the way that fits them best")
    func missingDirection() throws {
        let parameters = oneUnregularisedRound()
        // Missing rows have the labels of the large values: they should go right.
        let model = try GradientBoostedTrees(parameters: parameters).fit(
            features: matrix([[1, 2, 3, 4, .nan, .nan]]), labels: [0, 0, 1, 1, 1, 1], objective: .squaredError)
        #expect(model.trees[0].defaultLeft[0] == false)
        let predictions = model.predict(matrix([[.nan, 1]]))
        #expect(abs(predictions[0] - 1) < 1e-6 && abs(predictions[1]) < 1e-6)
        let flipped = try GradientBoostedTrees(parameters: parameters).fit(
            features: matrix([[1, 2, 3, 4, .nan, .nan]]), labels: [0, 0, 1, 1, 0, 0], objective: .squaredError)
        #expect(flipped.trees[0].defaultLeft[0] == true)
    }

    @Test("the same seed gives the same model; early stopping keeps the best round")
    func determinismAndEarlyStopping() throws {
        var generator = SeededGenerator(seed: 5)
        let x = (0..<400).map { _ in Float(generator.nextIndex(below: 1000)) / 1000 }
        let noise = (0..<400).map { _ in Double(generator.nextIndex(below: 1000)) / 1000 }
        let labels = zip(x, noise).map { Double($0) + $1 > 1 ? 1.0 : 0.0 }
        var parameters = BoostingParameters()
        parameters.rounds = 60
        parameters.subsample = 0.7
        parameters.colsampleByTree = 1
        parameters.seed = 11
        let first = try GradientBoostedTrees(parameters: parameters).fit(features: matrix([x]), labels: labels, objective: .binaryLogistic)
        let second = try GradientBoostedTrees(parameters: parameters).fit(features: matrix([x]), labels: labels, objective: .binaryLogistic)
        #expect(first.trees == second.trees)
        parameters.earlyStoppingRounds = 5
        parameters.evalMetric = "logloss"
        let validation = (matrix([Array(x.prefix(100))]), Array(labels.prefix(100)))
        let stopped = try GradientBoostedTrees(parameters: parameters).fit(
            features: matrix([Array(x.dropFirst(100))]), labels: Array(labels.dropFirst(100)), objective: .binaryLogistic,
            validation: validation)
        let best = try #require(stopped.bestRound)
        #expect(stopped.evaluationLog.count == best + 6)
        #expect(stopped.trees.count == best + 1)
        let values = stopped.evaluationLog.compactMap(\.validation)
        #expect(values[best] == values.min())
    }

    @Test("multiclass gives one tree per class per round and probabilities that sum to 1")
    func multiclass() throws {
        var parameters = BoostingParameters()
        parameters.rounds = 5
        let x: [Float] = [0, 1, 2, 10, 11, 12, 20, 21, 22]
        let model = try GradientBoostedTrees(parameters: parameters).fit(
            features: matrix([x]), labels: [0, 0, 0, 1, 1, 1, 2, 2, 2], objective: .multiSoftprob, classCount: 3)
        #expect(model.trees.count == 15)
        let probabilities = model.predict(matrix([[1, 11, 21]]))
        for row in 0..<3 {
            let slice = probabilities[(row * 3)..<(row * 3 + 3)]
            #expect(abs(slice.reduce(0, +) - 1) < 1e-12)
            #expect(slice.indices.max { slice[$0] < slice[$1] }! - row * 3 == row)
        }
    }

    @Test("loss-guided trees stop at max_leaves and export with consecutive children")
    func lossGuide() throws {
        var generator = SeededGenerator(seed: 8)
        let columns = (0..<3).map { _ in (0..<600).map { _ in Float(generator.nextIndex(below: 1000)) / 1000 } }
        let labels = (0..<600).map { row in Double(columns[0][row] + columns[1][row] * columns[2][row]) }
        var parameters = BoostingParameters()
        parameters.rounds = 5
        parameters.growPolicy = .lossguide
        parameters.maxLeaves = 7
        parameters.maxDepth = 0
        let model = try GradientBoostedTrees(parameters: parameters).fit(features: matrix(columns), labels: labels, objective: .squaredError)
        for tree in model.trees {
            let leaves = (0..<tree.nodeCount).filter { tree.isLeaf($0) }.count
            #expect(leaves == 7)
            for node in 0..<tree.nodeCount where !tree.isLeaf(node) {
                #expect(tree.rightChildren[node] == tree.leftChildren[node] + 1)
            }
        }
        parameters.maxLeaves = 0
        #expect(throws: ModelError.invalidParameter("with no `max_depth`, set `max_leaves`")) {
            try GradientBoostedTrees(parameters: parameters).fit(features: matrix(columns), labels: labels, objective: .squaredError)
        }
    }

    @Test("256 bins for a feature without missing values, 255 beside them otherwise; bin 255 is not taken for missing")
    func fullByteOfBins() throws {
        let values = (0..<256).map(Float.init)
        #expect(QuantileCuts(features: matrix([values]), maxBins: 256, threads: 1).cuts[0].count == 256)
        #expect(QuantileCuts(features: matrix([values + [.nan]]), maxBins: 256, threads: 1).cuts[0].count == 255)
        var parameters = oneUnregularisedRound()
        parameters.maxDepth = 1
        let labels = values.map { $0 == 255 ? 1.0 : 0.0 }
        let model = try GradientBoostedTrees(parameters: parameters).fit(features: matrix([values]), labels: labels,
                                                                        objective: .squaredError)
        #expect(model.trees[0].splitConditions[0] == 255)
        let predictions = model.predict(matrix([[254, 255]]))
        #expect(predictions[0] < 0.01 && predictions[1] > 0.99)
    }

    @Test("parameters out of range are named")
    func validation() {
        var parameters = BoostingParameters()
        parameters.eta = 0
        #expect(throws: ModelError.invalidParameter("`eta` must be in (0, 1]")) {
            try GradientBoostedTrees(parameters: parameters).fit(features: matrix([[1]]), labels: [1], objective: .squaredError)
        }
    }

    @Test("the XGBoost export lays out every tree array per node")
    func export() throws {
        var parameters = BoostingParameters()
        parameters.rounds = 2
        let model = try GradientBoostedTrees(parameters: parameters).fit(
            features: matrix([[1, 2, 3, 4, 5, 6]]), labels: [0, 0, 0, 1, 1, 1], objective: .binaryLogistic)
        let json = try JSONSerialization.jsonObject(with: Data(XGBoostExport.json(for: model).utf8)) as! [String: Any]
        let learner = json["learner"] as! [String: Any]
        let parameterBlock = learner["learner_model_param"] as! [String: String]
        #expect(parameterBlock["base_score"].flatMap(Float.init) == 0.5)
        #expect((learner["objective"] as! [String: Any])["name"] as? String == "binary:logistic")
        let booster = (learner["gradient_booster"] as! [String: Any])["model"] as! [String: Any]
        let trees = booster["trees"] as! [[String: Any]]
        #expect(trees.count == 2)
        #expect(booster["iteration_indptr"] as? [Int] == [0, 1, 2])
        for tree in trees {
            let nodes = Int((tree["tree_param"] as! [String: String])["num_nodes"]!)!
            for key in ["left_children", "right_children", "parents", "split_indices", "split_conditions", "default_left",
                        "base_weights", "loss_changes", "sum_hessian", "split_type"] {
                #expect((tree[key] as! [Any]).count == nodes, "\(key)")
            }
            #expect((tree["parents"] as! [Int])[0] == 2_147_483_647)
        }
    }
}

@Suite("Metrics")
struct MetricsTests {
    @Test("ROC AUC by hand, with ties counted as one half")
    func auc() {
        #expect(Metrics.rocAUC(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1]) == 0.75)
        #expect(Metrics.rocAUC(scores: [0.5, 0.5, 0.5, 0.5], labels: [0, 1, 0, 1]) == 0.5)
        // Pairs (positive, negative): (0.5 vs 0.2) 1, (0.5 vs 0.5) ½, (0.9 vs both) 2 → 3.5 / 4.
        #expect(Metrics.rocAUC(scores: [0.2, 0.5, 0.5, 0.9], labels: [0, 0, 1, 1]) == 0.875)
        #expect(Metrics.rocAUC(scores: [0.1, 0.2], labels: [1, 1]).isNaN)
    }

    @Test("log loss, error, RMSE and MAE by hand")
    func others() {
        #expect(abs(Metrics.logLoss(probabilities: [0.9, 0.2], labels: [1, 0]) - (-(log(0.9) + log(0.8)) / 2)) < 1e-15)
        #expect(Metrics.errorRate(probabilities: [0.9, 0.6, 0.4], labels: [1, 0, 0]) == 1.0 / 3)
        #expect(Metrics.rmse(predictions: [1, 2, 3], targets: [1, 2, 5]) == (4.0 / 3).squareRoot())
        #expect(Metrics.mae(predictions: [1, 2, 3], targets: [0, 2, 5]) == 1)
        #expect(Metrics.multiclassError(probabilities: [0.7, 0.2, 0.1, 0.1, 0.3, 0.6], labels: [0, 1], classes: 3) == 0.5)
    }
}
