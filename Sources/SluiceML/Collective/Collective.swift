/// How the workers of a data-parallel job combine what each computed on its share of the rows: the
/// sums of histograms, gradients and centroids. The engine calls it between "compute locally" and
/// "decide" (XGBoost's `src/collective/`, LightGBM's data-parallel learner). One process alone uses
/// ``LocalCollective``, which has nothing to combine; a distributed job passes its own.
public protocol Collective: Sendable {
    /// This worker's number, from 0.
    var rank: Int { get }
    /// How many workers there are.
    var size: Int { get }
    /// Replaces `values` with their element-wise sum over every worker.
    func allReduceSum(_ values: inout [Double])
    /// Replaces `values` with their element-wise maximum over every worker.
    func allReduceMax(_ values: inout [Double])
    /// Every worker's bytes, in rank order.
    func allGather(_ bytes: [UInt8]) -> [[UInt8]]
    /// Replaces `bytes` with those of worker `root`.
    func broadcast(_ bytes: inout [UInt8], from root: Int)
}

/// Where a data-parallel job's rows are.
public enum RowLayout: Sendable, Equatable {
    /// Every worker holds the whole table (`mpirun -np N sluice run`): each works on its block of rows,
    /// and what is learned from the whole table (recipes, cuts) is learned from it as one process would.
    case replicated
    /// Each worker holds its own shard: what is learned from the whole table is pooled from the shards.
    case sharded
}

/// The collective of a single process: every operation leaves its input as it is.
public struct LocalCollective: Collective {
    public init() {}

    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allReduceSum(_ values: inout [Double]) {}
    public func allReduceMax(_ values: inout [Double]) {}
    public func allGather(_ bytes: [UInt8]) -> [[UInt8]] { [bytes] }
    public func broadcast(_ bytes: inout [UInt8], from root: Int) {}
}

extension Collective {
    /// The sum of `value` over every worker.
    func sum(_ value: Double) -> Double {
        var values = [value]
        allReduceSum(&values)
        return values[0]
    }

    /// Waits until every worker has come here (and, since it is worker 0's broadcast, until worker 0 has).
    public func barrier() {
        var mark: [UInt8] = [1]
        broadcast(&mark, from: 0)
    }

    /// The largest `value` of any worker.
    func maximum(_ value: Double) -> Double {
        var values = [value]
        allReduceMax(&values)
        return values[0]
    }

    /// Where this worker's rows start among every worker's, and how many there are in all, when each
    /// holds `count` (the shards in rank order).
    func shardPosition(count: Int) -> RowShare {
        guard size > 1 else { return RowShare(offset: 0, total: count) }
        var counts = [Double](repeating: 0, count: size)
        counts[rank] = Double(count)
        allReduceSum(&counts)
        return RowShare(offset: Int(counts[..<rank].reduce(0, +)), total: Int(counts.reduce(0, +)))
    }

    /// This worker's share of `count` rows when every worker holds all of them: a contiguous block,
    /// the first workers taking one row more when they do not divide evenly.
    public func block(of count: Int) -> Range<Int> {
        let base = count / size, extra = count % size
        let start = rank * base + min(rank, extra)
        return start..<(start + base + (rank < extra ? 1 : 0))
    }
}
