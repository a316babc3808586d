import SluiceData

/// What training reports after each round.
public struct TrainingProgress: Sendable {
    public var round: Int
    public var rounds: Int
    public var record: EvaluationRecord
    public var metric: EvaluationMetric
}

/// Gradient-boosted trees with XGBoost's `hist` semantics: features binned at
/// quantile cut points, trees grown depth by depth from gradient histograms,
/// XGBoost's weights and gains, learned directions for missing values.
public struct GradientBoostedTrees: Sendable {
    public var parameters: BoostingParameters

    public init(parameters: BoostingParameters) {
        self.parameters = parameters
    }

    /// Trains on `features` and `labels` (0/1 for binary:logistic, class
    /// indices for multi:softprob with `classCount` classes, values for
    /// regression). With `validation`, each round logs the watched metric
    /// on it, and `early_stopping_rounds` keeps the best round.
    ///
    /// - Throws: ``ModelError/interrupted`` when `shouldStop` returns true between rounds.
    public func fit(
        features: FeatureMatrix, labels: [Double], objective: BoostingObjective, classCount: Int = 2,
        validation: (features: FeatureMatrix, labels: [Double])? = nil,
        progress: (TrainingProgress) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) throws(ModelError) -> BoostedTreesModel {
        try parameters.validate()
        guard features.rowCount > 0, labels.count == features.rowCount else { throw .emptyTrainingSet }
        let threads = parameters.threads ?? defaultThreadCount
        let outputs = objective == .multiSoftprob ? classCount : 1
        let function = ObjectiveFunction(objective: objective, outputs: outputs)
        let metric = parameters.evalMetric.flatMap(EvaluationMetric.init(rawValue:)) ?? function.defaultMetric
        let cuts = QuantileCuts(features: features, maxBins: parameters.maxBin, threads: threads)
        let binned = BinnedMatrix(features: features, cuts: cuts, threads: threads)
        let grower = TreeGrower(binned: binned, cuts: cuts, parameters: parameters, threads: threads)
        let baseScore = function.baseScore(labels: labels, given: parameters.baseScore)
        let baseMargin = function.baseMargin(forScore: baseScore)
        let rowCount = features.rowCount
        var margins = [Double](repeating: baseMargin, count: rowCount * outputs)
        var validationMargins = [Double](repeating: baseMargin, count: (validation?.features.rowCount ?? 0) * outputs)
        let pairs = SharedBuffer<Float>(repeating: 0, count: 2 * rowCount)
        var generator = SeededGenerator(seed: parameters.seed)
        var trees: [RegressionTree] = []
        var log: [EvaluationRecord] = []
        var best: (round: Int, value: Double)?
        let featureCount = features.columns.count
        // The training loss costs a logarithm per row: on large tables it is logged every few rounds.
        let lossInterval = max(1, min(10, rowCount / 100_000))

        for round in 0..<parameters.rounds {
            if shouldStop() { throw .interrupted }
            let rows = sampleRows(rowCount, generator: &generator)
            let allowed = sampleFeatures(featureCount, generator: &generator)
            var trainingLoss = 0.0
            let logsLoss = round > 0 && (round - 1) % lossInterval == 0
            for output in 0..<outputs {
                let loss = function.gradients(labels: labels, margins: margins, output: output, into: pairs, threads: threads,
                                              computeLoss: logsLoss && output == 0)
                if output == 0 { trainingLoss = loss }
                var order = rows
                let (tree, leaves) = grower.grow(pairs: pairs, rows: &order, features: allowed)
                apply(tree, leaves: leaves, order: order, sampled: rows.count < rowCount, binned: binned,
                      missingCodes: cuts.missingCodes, output: output, outputs: outputs, to: &margins)
                if let validation {
                    add(tree, features: validation.features, output: output, outputs: outputs, to: &validationMargins)
                }
                trees.append(tree)
            }
            if round > 0 { log[round - 1].training = trainingLoss }
            var record = EvaluationRecord(round: round, training: .nan, validation: nil)
            if let validation {
                let value = metric.evaluate(predictions: function.transform(validationMargins), labels: validation.labels,
                                            classes: outputs)
                record.validation = value
                if best == nil || (metric.maximizes ? value > best!.value : value < best!.value) { best = (round, value) }
            }
            log.append(record)
            if round == parameters.rounds - 1 || stopsEarly(round: round, best: best) {
                log[round].training = function.gradients(labels: labels, margins: margins, output: 0, into: pairs, threads: threads)
            }
            progress(TrainingProgress(round: round, rounds: parameters.rounds, record: log[round], metric: metric))
            if stopsEarly(round: round, best: best) { break }
        }
        var bestRound: Int?
        if parameters.earlyStoppingRounds != nil, let best {
            bestRound = best.round
            trees.removeLast(trees.count - (best.round + 1) * outputs)
        }
        // Split bins only serve training; the model keeps what it needs to predict and to be saved.
        for index in trees.indices { trees[index].splitBins = [] }
        return BoostedTreesModel(objective: objective, parameters: parameters, featureNames: features.names,
                                 outputCount: outputs, baseScore: baseScore, trees: trees, metric: metric,
                                 evaluationLog: log, bestRound: bestRound)
    }

    private func stopsEarly(round: Int, best: (round: Int, value: Double)?) -> Bool {
        guard let patience = parameters.earlyStoppingRounds, let best else { return false }
        return round - best.round >= patience
    }

    /// The rows of this round's tree: each kept with probability `subsample`.
    private func sampleRows(_ count: Int, generator: inout SeededGenerator) -> [UInt32] {
        guard parameters.subsample < 1 else { return (0..<count).map(UInt32.init) }
        let threshold = UInt64(parameters.subsample * Double(UInt64.max))
        var rows: [UInt32] = []
        rows.reserveCapacity(Int(Double(count) * parameters.subsample * 1.05))
        for row in 0..<count where generator.next() <= threshold { rows.append(UInt32(row)) }
        return rows
    }

    /// The features this round's trees may split on.
    private func sampleFeatures(_ count: Int, generator: inout SeededGenerator) -> [Int] {
        guard parameters.colsampleByTree < 1 else { return Array(0..<count) }
        let keep = max(1, Int((parameters.colsampleByTree * Double(count)).rounded()))
        return generator.permutation(of: count).prefix(keep).sorted()
    }

    /// Adds the tree's leaf values to the training margins: from the leaves'
    /// row ranges, and by walking the tree for the rows left out of the sample.
    private func apply(_ tree: RegressionTree, leaves: [(leaf: Int, range: Range<Int>)], order: [UInt32], sampled: Bool,
                       binned: BinnedMatrix, missingCodes: [Int16], output: Int, outputs: Int, to margins: inout [Double]) {
        var covered = sampled ? [Bool](repeating: false, count: binned.rowCount) : []
        for (leaf, range) in leaves {
            let value = Double(tree.splitConditions[leaf])
            for position in range {
                let row = Int(order[position])
                margins[row * outputs + output] += value
                if sampled { covered[row] = true }
            }
        }
        guard sampled else { return }
        binned.bins.withUnsafeBufferPointer { bins in
            for row in 0..<binned.rowCount where !covered[row] {
                let leaf = tree.leaf(bins: bins.baseAddress! + row * binned.featureCount, missingCodes: missingCodes)
                margins[row * outputs + output] += Double(tree.splitConditions[leaf])
            }
        }
    }

    private func add(_ tree: RegressionTree, features: FeatureMatrix, output: Int, outputs: Int, to margins: inout [Double]) {
        for row in 0..<features.rowCount {
            let leaf = tree.leaf { features.columns[$0][row] }
            margins[row * outputs + output] += Double(tree.splitConditions[leaf])
        }
    }
}
