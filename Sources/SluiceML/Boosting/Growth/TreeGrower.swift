/// Grows one regression tree from gradient pairs: the root's histogram, then the policy's loop of
/// evaluating splits (``SplitEvaluator``), moving rows (``RowPartitioner``) and building the
/// children's histograms (``HistogramBuilder``, which sums them over the workers of a distributed job).
struct TreeGrower {
    let binned: BinnedMatrix
    let cuts: QuantileCuts
    let parameters: BoostingParameters
    let threads: Int
    let collective: any Collective

    init(binned: BinnedMatrix, cuts: QuantileCuts, parameters: BoostingParameters, threads: Int,
         collective: any Collective = LocalCollective()) {
        self.binned = binned
        self.cuts = cuts
        self.parameters = parameters
        self.threads = threads
        self.collective = collective
    }

    /// Grows a tree over `rows` (reordered so that each leaf's rows are contiguous) with gradient pairs
    /// `pairs`, splitting only on `features`. Returns the tree and each leaf's range of `rows`.
    func grow(pairs: SharedBuffer<Float>, rows: inout [UInt32], features: [Int]) -> (RegressionTree, [(leaf: Int, range: Range<Int>)]) {
        var scratch = [UInt32](repeating: 0, count: rows.count)
        var result: (RegressionTree, [(leaf: Int, range: Range<Int>)]) = (RegressionTree(), [])
        binned.bins.withUnsafeBufferPointer { bins in
            binned.columnBins.withUnsafeBufferPointer { columnBins in
                rows.withUnsafeMutableBufferPointer { rowBuffer in
                    scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                        let memory = GrowthMemory(bins: bins.baseAddress!, columnBins: columnBins.baseAddress!, pairs: pairs.pointer,
                                                  rows: rowBuffer.baseAddress!, scratch: scratchBuffer.baseAddress!)
                        var growth = TreeGrowth(
                            histograms: HistogramBuilder(binned: binned, cuts: cuts, threads: threads, collective: collective),
                            splits: SplitEvaluator(cuts: cuts, parameters: parameters, threads: threads),
                            partitioner: RowPartitioner(binned: binned, cuts: cuts, threads: threads),
                            memory: memory, features: features, parameters: parameters)
                        let root = growth.root(rowCount: rowBuffer.count)
                        switch parameters.growPolicy {
                        case .depthwise: DepthwiseGrowth.grow(from: root, &growth)
                        case .lossguide: LossguideGrowth.grow(from: root, &growth)
                        }
                        result = (growth.tree, growth.leaves)
                    }
                }
            }
        }
        return result
    }
}

/// How a tree grows from its root: level by level, or best leaf first.
protocol GrowthPolicy {
    static func grow(from root: GrowingNode, _ growth: inout TreeGrowth)
}

/// One tree while it grows: the pieces that do the work, the tree so far and its finished leaves.
struct TreeGrowth {
    let histograms: HistogramBuilder
    let splits: SplitEvaluator
    let partitioner: RowPartitioner
    let memory: GrowthMemory
    let features: [Int]
    let parameters: BoostingParameters
    private(set) var tree = RegressionTree()
    /// Each finished leaf's node and its range of the row order.
    var leaves: [(leaf: Int, range: Range<Int>)] = []

    init(histograms: HistogramBuilder, splits: SplitEvaluator, partitioner: RowPartitioner, memory: GrowthMemory,
         features: [Int], parameters: BoostingParameters) {
        self.histograms = histograms
        self.splits = splits
        self.partitioner = partitioner
        self.memory = memory
        self.features = features
        self.parameters = parameters
    }

    /// The root over the first `rowCount` rows: its gradient sums and histogram over every worker.
    mutating func root(rowCount: Int) -> GrowingNode {
        var sums = [0.0, 0.0]
        for index in 0..<rowCount {
            let row = Int(memory.rows[index])
            sums[0] += Double(memory.pairs[2 * row])
            sums[1] += Double(memory.pairs[2 * row + 1])
        }
        histograms.collective.allReduceSum(&sums)
        let (gradient, hessian) = (sums[0], sums[1])
        let weight = Float(splits.criteria.weight(gradient, hessian) * parameters.eta)
        let id = tree.addNode(parent: RegressionTree.rootParent, weight: weight, hessian: Float(hessian))
        return GrowingNode(id: id, range: 0..<rowCount, gradient: gradient, hessian: hessian, depth: 0,
                           histogram: histograms.histograms(of: [0..<rowCount], memory: memory)[0])
    }

    /// Splits `node` in the tree: its two children, whose rows start at `middle`.
    mutating func expand(_ node: GrowingNode, by choice: SplitChoice, at middle: Int) -> (GrowingNode, GrowingNode) {
        let eta = parameters.eta
        let criteria = splits.criteria
        let rightGradient = node.gradient - choice.leftGradient
        let rightHessian = node.hessian - choice.leftHessian
        let left = tree.addNode(parent: Int32(node.id), weight: Float(criteria.weight(choice.leftGradient, choice.leftHessian) * eta),
                                hessian: Float(choice.leftHessian))
        let right = tree.addNode(parent: Int32(node.id), weight: Float(criteria.weight(rightGradient, rightHessian) * eta),
                                 hessian: Float(rightHessian))
        tree.leftChildren[node.id] = Int32(left)
        tree.rightChildren[node.id] = Int32(right)
        tree.splitFeatures[node.id] = Int32(choice.feature)
        tree.splitConditions[node.id] = choice.threshold
        tree.splitBins[node.id] = choice.bin
        tree.defaultLeft[node.id] = choice.defaultLeft
        tree.lossChanges[node.id] = Float(choice.lossChange)
        return (GrowingNode(id: left, range: node.range.lowerBound..<middle, gradient: choice.leftGradient,
                            hessian: choice.leftHessian, depth: node.depth + 1),
                GrowingNode(id: right, range: middle..<node.range.upperBound, gradient: rightGradient,
                            hessian: rightHessian, depth: node.depth + 1))
    }
}
