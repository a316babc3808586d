import Foundation

/// Statistics over every worker's rows when each worker holds its own shard of a table: what fitting a
/// recipe, binning features and scaling them need (sums, extremes, distinct values, counts, order
/// statistics), each one exchange through the collective. With one worker, each is the local statistic.
///
/// Every worker must ask for the same statistics in the same order, as collectives require.
struct PooledStatistics {
    let collective: any Collective

    /// Values past which a worker sends an even sample of its sorted numbers, not all of them.
    static let exactLimit = 1 << 16

    /// Element-wise sums over the workers.
    func sums(_ values: [Double]) -> [Double] {
        var values = values
        collective.allReduceSum(&values)
        return values
    }

    /// Element-wise maxima over the workers.
    func maxima(_ values: [Double]) -> [Double] {
        var values = values
        collective.allReduceMax(&values)
        return values
    }

    /// The smallest and largest of every worker's `numbers` (nil when no worker has any).
    func range(of numbers: [Double]) -> ClosedRange<Double>? {
        let local = [-(numbers.min() ?? .infinity), numbers.max() ?? -.infinity]
        let global = maxima(local)
        return global[1] >= -global[0] ? -global[0]...global[1] : nil
    }

    /// Every worker's values, as a sorted set.
    func union(_ values: Set<String>) -> [String] {
        guard collective.size > 1 else { return values.sorted() }
        return Set(gathered(Array(values)).joined()).sorted()
    }

    /// Counts of values over every worker.
    func counts<Key: Codable & Hashable & Sendable>(_ counts: [Key: Int]) -> [Key: Int] {
        guard collective.size > 1 else { return counts }
        let pairs = gathered(counts.map { Pair(key: $0.key, count: $0.value) })
        return pairs.joined().reduce(into: [:]) { $0[$1.key, default: 0] += $1.count }
    }

    /// Every worker's numbers sorted, each with the number of rows it stands for: all of them when a
    /// worker holds at most ``exactLimit`` (weight 1: order statistics are exact), else an evenly spaced
    /// sample of its sorted numbers, each standing for its share.
    func orderStatistics(_ numbers: [Double]) -> [(value: Double, weight: Double)] {
        let sorted = numbers.sorted()
        guard collective.size > 1 else { return sorted.map { ($0, 1) } }
        let exact = sorted.count <= Self.exactLimit
        let step = Double(sorted.count) / Double(Self.exactLimit)
        let mine = WeightedSample(values: exact ? sorted : (0..<Self.exactLimit).map { sorted[Int(Double($0) * step)] },
                                  weight: exact ? 1 : step)
        return gathered(mine).flatMap { part in part.values.map { (value: $0, weight: part.weight) } }.sorted { $0.value < $1.value }
    }

    /// Every worker's `value`, in rank order, through JSON.
    private func gathered<T: Codable>(_ value: T) -> [T] {
        let bytes = (try? JSONEncoder().encode(value)).map(Array.init) ?? []
        return collective.allGather(bytes).compactMap { try? JSONDecoder().decode(T.self, from: Data($0)) }
    }

    private struct Pair<Key: Codable & Hashable & Sendable>: Codable {
        var key: Key
        var count: Int
    }

    private struct WeightedSample: Codable {
        var values: [Double]
        var weight: Double
    }
}
