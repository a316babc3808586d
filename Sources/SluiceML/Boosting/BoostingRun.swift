import SluiceData

/// The training features binned at their quantile cuts: what every round of
/// boosting reads. Built once per table and `max_bin`, so tuning trials can share it.
struct BinnedFeatures: Sendable {
    let cuts: QuantileCuts
    let matrix: BinnedMatrix

    init(_ features: FeatureMatrix, maxBins: Int, threads: Int) {
        self.init(features, cuts: QuantileCuts(features: features, maxBins: maxBins, threads: threads), threads: threads)
    }

    /// `features` binned at `cuts` found elsewhere (over every worker's rows, in a data-parallel job).
    init(_ features: FeatureMatrix, cuts: QuantileCuts, threads: Int) {
        self.cuts = cuts
        matrix = BinnedMatrix(features: features, cuts: cuts, threads: threads)
    }
}

/// Boosted-tree training that can pause after any round and go on later:
/// the state ``GradientBoostedTrees/fit(features:labels:objective:classCount:validation:progress:shouldStop:)``
/// keeps between rounds. Advancing in steps grows exactly the trees one
/// uninterrupted fit grows, so a tuner can score a candidate after a few
/// rounds and train only the promising ones further.
///
/// In a data-parallel job each worker runs one on its ``RowShare`` of the rows, and the collective sums
/// what they find. Gradients are rounded to a power-of-two grid fine enough that every sum of them is
/// exact in `Double` (``GradientGrid``), so histograms and node sums do not depend on how rows are split
/// between threads or workers: the trees are the same bit for bit.
struct BoostingRun {
    let parameters: BoostingParameters
    let objective: BoostingObjective
    let features: FeatureMatrix
    let labels: [Double]
    let validation: (features: FeatureMatrix, labels: [Double])?
    let function: ObjectiveFunction
    let metric: EvaluationMetric
    let outputs: Int
    let baseScore: Double
    /// Whether each round logs the training loss (a logarithm per row) and the validation metric;
    /// tuning trials, which score their predictions themselves, skip both unless early stopping watches the log.
    let keepsEvaluationLog: Bool
    private let binned: BinnedFeatures
    private let grower: TreeGrower
    private let threads: Int
    private let lossInterval: Int
    private let pairs: SharedBuffer<Float>
    private let collective: any Collective
    private let share: RowShare
    private var margins: [Double]
    private var validationMargins: [Double]
    private var generator: SeededGenerator
    private(set) var trees: [RegressionTree] = []
    private(set) var log: [EvaluationRecord] = []
    private var best: (round: Int, value: Double)?
    /// Rounds trained so far.
    private(set) var roundsDone = 0
    /// Whether `early_stopping_rounds` ended training before `rounds`.
    private(set) var stoppedEarly = false

    init(parameters: BoostingParameters, features: FeatureMatrix, labels: [Double], objective: BoostingObjective,
         classCount: Int, validation: (features: FeatureMatrix, labels: [Double])?, binned: BinnedFeatures? = nil,
         keepsEvaluationLog: Bool = true, collective: any Collective = LocalCollective(), share: RowShare? = nil,
         baseScore givenBaseScore: Double? = nil) throws(ModelError) {
        try parameters.validate()
        guard features.rowCount > 0, labels.count == features.rowCount else { throw .emptyTrainingSet }
        self.parameters = parameters
        self.objective = objective
        self.features = features
        self.labels = labels
        self.validation = validation
        self.keepsEvaluationLog = keepsEvaluationLog || parameters.earlyStoppingRounds != nil
        threads = parameters.threads ?? defaultThreadCount
        outputs = objective == .multiSoftprob ? classCount : 1
        function = ObjectiveFunction(objective: objective, outputs: outputs)
        metric = parameters.evalMetric.flatMap(EvaluationMetric.init(rawValue:)) ?? function.defaultMetric
        self.binned = binned ?? BinnedFeatures(features, maxBins: parameters.maxBin, threads: threads)
        grower = TreeGrower(binned: self.binned.matrix, cuts: self.binned.cuts, parameters: parameters, threads: threads,
                            collective: collective)
        self.collective = collective
        self.share = share ?? RowShare(offset: 0, total: features.rowCount)
        baseScore = givenBaseScore ?? function.baseScore(labels: labels, given: parameters.baseScore)
        let baseMargin = function.baseMargin(forScore: baseScore)
        margins = [Double](repeating: baseMargin, count: features.rowCount * outputs)
        validationMargins = [Double](repeating: baseMargin, count: (validation?.features.rowCount ?? 0) * outputs)
        pairs = SharedBuffer<Float>(repeating: 0, count: 2 * features.rowCount)
        generator = SeededGenerator(seed: parameters.seed)
        // The training loss costs a logarithm per row: on large tables it is logged every few rounds (every
        // worker alike: the loss is summed over them).
        lossInterval = max(1, min(10, self.share.total / 100_000))
    }

    /// The validation set's predictions after the rounds done so far (class probabilities row by row for multiclass).
    var validationPredictions: [Double] { function.transform(validationMargins) }

    /// Trains rounds until `roundsDone` reaches `target` (at most `rounds`) or early stopping ends training.
    ///
    /// - Throws: ``ModelError/interrupted`` when `shouldStop` returns true between rounds; the rounds done stay.
    mutating func advance(to target: Int, progress: (TrainingProgress) -> Void = { _ in },
                          shouldStop: () -> Bool = { false }) throws(ModelError) {
        let rowCount = features.rowCount
        while roundsDone < min(target, parameters.rounds), !stoppedEarly {
            if shouldStop() { throw .interrupted }
            let round = roundsDone
            let rows = sampleRows(rowCount)
            let allowed = sampleFeatures(features.columns.count)
            var trainingLoss = 0.0
            let logsLoss = keepsEvaluationLog && round > 0 && (round - 1) % lossInterval == 0
            for output in 0..<outputs {
                let bounds = function.gradientBounds(labels: labels, margins: margins, output: output, collective: collective)
                let loss = function.gradients(labels: labels, margins: margins, output: output, into: pairs, threads: threads,
                                              computeLoss: logsLoss && output == 0, collective: collective,
                                              grid: GradientGrid(rows: share.total, bounds: bounds))
                if output == 0 { trainingLoss = loss }
                var order = rows
                let (tree, leaves) = grower.grow(pairs: pairs, rows: &order, features: allowed)
                apply(tree, leaves: leaves, order: order, sampled: rows.count < rowCount, output: output)
                if let validation {
                    add(tree, features: validation.features, output: output, to: &validationMargins)
                }
                trees.append(tree)
            }
            if logsLoss { log[round - 1].training = trainingLoss }
            var record = EvaluationRecord(round: round, training: .nan, validation: nil)
            if let validation, keepsEvaluationLog {
                let value = metric.evaluate(predictions: validationPredictions, labels: validation.labels, classes: outputs)
                record.validation = value
                if best == nil || (metric.maximizes ? value > best!.value : value < best!.value) { best = (round, value) }
            }
            log.append(record)
            roundsDone += 1
            stoppedEarly = stopsEarly(round: round)
            if keepsEvaluationLog && (roundsDone == parameters.rounds || stoppedEarly) {
                log[round].training = function.gradients(labels: labels, margins: margins, output: 0, into: pairs, threads: threads,
                                                         collective: collective)
            }
            progress(TrainingProgress(round: round, rounds: parameters.rounds, record: log[round], metric: metric))
        }
    }

    /// The model of the rounds done so far (cut back to the best round when early stopping watched a validation set).
    func model() -> BoostedTreesModel {
        var kept = trees
        var bestRound: Int?
        if parameters.earlyStoppingRounds != nil, let best {
            bestRound = best.round
            kept.removeLast(kept.count - (best.round + 1) * outputs)
        }
        // Split bins only serve training; the model keeps what it needs to predict and to be saved.
        for index in kept.indices { kept[index].splitBins = [] }
        return BoostedTreesModel(objective: objective, parameters: parameters, featureNames: features.names,
                                 outputCount: outputs, baseScore: baseScore, trees: kept, metric: metric,
                                 evaluationLog: log, bestRound: bestRound)
    }

    private func stopsEarly(round: Int) -> Bool {
        guard let patience = parameters.earlyStoppingRounds, let best else { return false }
        return round - best.round >= patience
    }

    /// The rows of this round's tree: each kept with probability `subsample`. The draws are made for
    /// every worker's rows, so the generator stays the same on all of them, and this worker keeps its own.
    private mutating func sampleRows(_ count: Int) -> [UInt32] {
        guard parameters.subsample < 1 else { return (0..<count).map(UInt32.init) }
        let threshold = UInt64(parameters.subsample * Double(UInt64.max))
        let mine = share.offset..<(share.offset + count)
        var rows: [UInt32] = []
        rows.reserveCapacity(Int(Double(count) * parameters.subsample * 1.05))
        for row in 0..<share.total where generator.next() <= threshold && mine.contains(row) {
            rows.append(UInt32(row - share.offset))
        }
        return rows
    }

    /// The features this round's trees may split on.
    private mutating func sampleFeatures(_ count: Int) -> [Int] {
        guard parameters.colsampleByTree < 1 else { return Array(0..<count) }
        let keep = max(1, Int((parameters.colsampleByTree * Double(count)).rounded()))
        return generator.permutation(of: count).prefix(keep).sorted()
    }

    /// Adds the tree's leaf values to the training margins: from the leaves'
    /// row ranges, and by walking the tree for the rows left out of the sample.
    private mutating func apply(_ tree: RegressionTree, leaves: [(leaf: Int, range: Range<Int>)], order: [UInt32], sampled: Bool,
                                output: Int) {
        let matrix = binned.matrix, missingCodes = binned.cuts.missingCodes, outputs = outputs
        var covered = sampled ? [Bool](repeating: false, count: matrix.rowCount) : []
        for (leaf, range) in leaves {
            let value = Double(tree.splitConditions[leaf])
            for position in range {
                let row = Int(order[position])
                margins[row * outputs + output] += value
                if sampled { covered[row] = true }
            }
        }
        guard sampled else { return }
        matrix.bins.withUnsafeBufferPointer { bins in
            for row in 0..<matrix.rowCount where !covered[row] {
                let leaf = tree.leaf(bins: bins.baseAddress! + row * matrix.featureCount, missingCodes: missingCodes)
                margins[row * outputs + output] += Double(tree.splitConditions[leaf])
            }
        }
    }

    private func add(_ tree: RegressionTree, features: FeatureMatrix, output: Int, to margins: inout [Double]) {
        for row in 0..<features.rowCount {
            let leaf = tree.leaf { features.columns[$0][row] }
            margins[row * outputs + output] += Double(tree.splitConditions[leaf])
        }
    }
}

/// A worker's rows in a data-parallel job: the block starting at row `offset` of the `total` rows that
/// all the workers hold between them.
struct RowShare: Sendable {
    var offset: Int
    var total: Int
}
