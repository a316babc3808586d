/// One round of a training log: the training loss (the objective's metric;
/// NaN for rounds where it was not computed, which on large tables is all
/// but every few) and, with a validation table, the watched metric on it.
public struct EvaluationRecord: Sendable, Codable, Equatable {
    public var round: Int
    public var training: Double
    public var validation: Double?
}

/// A trained ensemble of boosted trees.
public struct BoostedTreesModel: Sendable, Codable, Equatable {
    public var objective: BoostingObjective
    public var parameters: BoostingParameters
    public var featureNames: [String]
    /// Outputs per row: 1, or the number of classes for `multi:softprob`.
    public var outputCount: Int
    /// The initial prediction in output space.
    public var baseScore: Double
    /// Trees round by round; each round has `outputCount` trees, one per output.
    public var trees: [RegressionTree]
    /// The metric of the log's validation column.
    public var metric: EvaluationMetric
    public var evaluationLog: [EvaluationRecord]
    /// With early stopping: the round kept (0-based); the trees after it are dropped.
    public var bestRound: Int?

    public var roundCount: Int { trees.count / outputCount }

    /// Raw margins, row-major, `outputCount` wide. Rows go in blocks, each
    /// block copied row-major and run through one tree at a time, so a tree's
    /// nodes stay in cache while a block uses it.
    public func predictMargins(_ features: FeatureMatrix, threads: Int = defaultThreadCount) -> [Double] {
        predictMargins(features, packed: packedTrees(), threads: threads)
    }

    /// The trees packed for prediction: what ``predictMargins(_:threads:)`` packs on every call, for
    /// callers that predict many times with one model.
    func packedTrees() -> [PackedTree] { trees.map(PackedTree.init) }

    func predictMargins(_ features: FeatureMatrix, packed: [PackedTree], threads: Int) -> [Double] {
        let function = ObjectiveFunction(objective: objective, outputs: outputCount)
        let base = function.baseMargin(forScore: baseScore)
        let rowCount = features.rowCount
        let margins = SharedBuffer<Double>(repeating: base, count: rowCount * outputCount)
        let blockSize = 128
        let outputCount = self.outputCount
        let featureCount = features.columns.count
        parallelFor((rowCount + blockSize - 1) / blockSize, threads: threads) { block in
            let start = block * blockSize, end = min(rowCount, start + blockSize)
            var values = [Float](repeating: 0, count: (end - start) * featureCount)
            for feature in 0..<featureCount {
                let column = features.columns[feature]
                for row in start..<end { values[(row - start) * featureCount + feature] = column[row] }
            }
            values.withUnsafeBufferPointer { rows in
                let base = rows.baseAddress!
                for (number, tree) in packed.enumerated() {
                    let output = number % outputCount
                    var row = start
                    while row + 8 <= end {
                        let leaves = tree.values8(base + (row - start) * featureCount, stride: featureCount)
                        for lane in 0..<8 { margins[(row + lane) * outputCount + output] += Double(leaves[lane]) }
                        row += 8
                    }
                    while row < end {
                        margins[row * outputCount + output] += Double(tree.value(base + (row - start) * featureCount))
                        row += 1
                    }
                }
            }
        }
        return margins.array
    }

    /// Predictions in output space: probabilities (per class for multiclass) or values.
    public func predict(_ features: FeatureMatrix, threads: Int = defaultThreadCount) -> [Double] {
        predict(features, packed: packedTrees(), threads: threads)
    }

    func predict(_ features: FeatureMatrix, packed: [PackedTree], threads: Int) -> [Double] {
        ObjectiveFunction(objective: objective, outputs: outputCount).transform(predictMargins(features, packed: packed, threads: threads))
    }
}

/// A tree's nodes packed 16 bytes each for prediction. Children are
/// consecutive (right = left + 1), as breadth-first growth lays them out.
struct PackedTree: Sendable {
    struct Node {
        /// The threshold, or the leaf value.
        var value: Float
        var feature: Int32
        /// -1 for a leaf.
        var left: Int32
        var defaultLeft: Bool
    }

    let nodes: [Node]
    /// The longest path from the root to a leaf, in splits.
    let depth: Int

    init(_ tree: RegressionTree) {
        var depths = [Int](repeating: 0, count: tree.nodeCount)
        for index in 1..<max(tree.nodeCount, 1) { depths[index] = depths[Int(tree.parents[index])] + 1 }
        depth = depths.max() ?? 0
        nodes = (0..<tree.nodeCount).map { index in
            precondition(tree.leftChildren[index] < 0 || tree.rightChildren[index] == tree.leftChildren[index] + 1,
                         "children must be consecutive")
            return Node(value: tree.splitConditions[index], feature: tree.splitFeatures[index],
                        left: tree.leftChildren[index], defaultLeft: tree.defaultLeft[index])
        }
    }

    /// The leaf values of eight consecutive rows (`stride` floats apart),
    /// walked side by side for the tree's depth (a leaf steps to itself), so
    /// that the eight chains of dependent loads overlap.
    @inline(__always)
    func values8(_ rows: UnsafePointer<Float>, stride: Int) -> SIMD8<Float> {
        nodes.withUnsafeBufferPointer { nodes in
            @inline(__always) func step(_ index: Int, _ row: UnsafePointer<Float>) -> Int {
                let node = nodes[index]
                if node.left < 0 { return index }
                let x = row[Int(node.feature)]
                let goLeft = x.isNaN ? node.defaultLeft : x < node.value
                return Int(node.left) + (goLeft ? 0 : 1)
            }
            var a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0
            for _ in 0..<depth {
                a = step(a, rows)
                b = step(b, rows + stride)
                c = step(c, rows + 2 * stride)
                d = step(d, rows + 3 * stride)
                e = step(e, rows + 4 * stride)
                f = step(f, rows + 5 * stride)
                g = step(g, rows + 6 * stride)
                h = step(h, rows + 7 * stride)
            }
            return SIMD8(nodes[a].value, nodes[b].value, nodes[c].value, nodes[d].value,
                         nodes[e].value, nodes[f].value, nodes[g].value, nodes[h].value)
        }
    }

    /// The leaf value for one row of features (NaN for missing).
    @inline(__always)
    func value(_ row: UnsafePointer<Float>) -> Float {
        nodes.withUnsafeBufferPointer { nodes in
            var index = 0
            while true {
                let node = nodes[index]
                if node.left < 0 { return node.value }
                let x = row[Int(node.feature)]
                let goLeft = x.isNaN ? node.defaultLeft : x < node.value
                index = Int(node.left) + (goLeft ? 0 : 1)
            }
        }
    }
}
