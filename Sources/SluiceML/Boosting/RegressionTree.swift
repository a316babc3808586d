/// One tree, stored as XGBoost stores it: parallel arrays over nodes in
/// breadth-first order, node 0 the root. A leaf has no children (-1) and its
/// value (already scaled by eta) in `splitConditions`.
public struct RegressionTree: Sendable, Codable, Equatable {
    public var leftChildren: [Int32] = []
    public var rightChildren: [Int32] = []
    public var parents: [Int32] = []
    public var splitFeatures: [Int32] = []
    /// The threshold (go left when value < it), or the leaf value.
    public var splitConditions: [Float] = []
    public var defaultLeft: [Bool] = []
    /// The node's weight × eta (for leaves, equal to the leaf value).
    public var baseWeights: [Float] = []
    public var lossChanges: [Float] = []
    public var sumHessians: [Float] = []
    /// Training only: the split bin (left when bin <= it); not needed to predict.
    var splitBins: [Int16] = []

    static let rootParent: Int32 = 2_147_483_647

    public var nodeCount: Int { leftChildren.count }

    public func isLeaf(_ node: Int) -> Bool { leftChildren[node] < 0 }

    /// Adds a leaf (to be split or not) and returns its index.
    mutating func addNode(parent: Int32, weight: Float, hessian: Float) -> Int {
        leftChildren.append(-1)
        rightChildren.append(-1)
        parents.append(parent)
        splitFeatures.append(0)
        splitConditions.append(weight)
        defaultLeft.append(false)
        baseWeights.append(weight)
        lossChanges.append(0)
        sumHessians.append(hessian)
        splitBins.append(0)
        return leftChildren.count - 1
    }

    /// The leaf `features` (one row, NaN for missing) falls in.
    @inline(__always)
    public func leaf(_ value: (Int) -> Float) -> Int {
        var node = 0
        while leftChildren[node] >= 0 {
            let x = value(Int(splitFeatures[node]))
            let goLeft = x.isNaN ? defaultLeft[node] : x < splitConditions[node]
            node = Int(goLeft ? leftChildren[node] : rightChildren[node])
        }
        return node
    }

    /// The leaf a binned row falls in (training: same decisions as the thresholds).
    @inline(__always)
    func leaf(bins row: UnsafePointer<UInt8>, missingCodes: [Int16]) -> Int {
        var node = 0
        while leftChildren[node] >= 0 {
            let feature = Int(splitFeatures[node])
            let bin = Int16(row[feature])
            let goLeft = bin == missingCodes[feature] ? defaultLeft[node] : bin <= splitBins[node]
            node = Int(goLeft ? leftChildren[node] : rightChildren[node])
        }
        return node
    }

    enum CodingKeys: String, CodingKey {
        case leftChildren, rightChildren, parents, splitFeatures, splitConditions, defaultLeft, baseWeights, lossChanges,
             sumHessians
    }
}
