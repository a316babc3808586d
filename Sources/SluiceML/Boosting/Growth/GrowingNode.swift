/// A node of the tree being grown: its rows (a range of the row order), gradient sums and histogram.
struct GrowingNode {
    var id: Int
    var range: Range<Int>
    var gradient: Double
    var hessian: Double
    var depth: Int
    var histogram: [Double]?
}

/// A split chosen for a node.
struct SplitChoice {
    var feature: Int
    /// Present values go left when their bin is at most this (-1: none go left).
    var bin: Int16
    /// The same decision on raw values: left when value < threshold.
    var threshold: Float
    var defaultLeft: Bool
    var leftGradient: Double
    var leftHessian: Double
    var lossChange: Double
}

/// Pointers the parallel sections read (and, for disjoint row ranges, write).
/// `@unchecked Sendable`: each task touches only its own rows or histogram.
struct GrowthMemory: @unchecked Sendable {
    /// ``BinnedMatrix/bins``
    let bins: UnsafePointer<UInt8>
    /// ``BinnedMatrix/columnBins``
    let columnBins: UnsafePointer<UInt8>
    let pairs: UnsafePointer<Float>
    let rows: UnsafeMutablePointer<UInt32>
    let scratch: UnsafeMutablePointer<UInt32>
}

extension BoostingParameters {
    /// Whether a node at `depth` may still split (`max_depth` 0 means no limit).
    func allowsSplit(atDepth depth: Int) -> Bool {
        maxDepth == 0 || depth < maxDepth
    }
}
