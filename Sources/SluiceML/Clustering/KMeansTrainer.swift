import Foundation
import SluiceData

/// Fits k-means: greedy k-means++ seeding, then Lloyd iterations
/// accelerated with Hamerly's bounds (one upper bound on the distance to
/// the assigned center, one lower bound on the distance to any other), so
/// most rows skip most distance computations once clusters settle.
public struct KMeans: Sendable {
    public var parameters: KMeansParameters
    /// How the workers of a distributed job sum their clusters' rows; one process alone has nothing to sum.
    public var collective: any Collective
    /// Whether every worker holds all the rows or its own shard.
    public var layout: RowLayout

    public init(parameters: KMeansParameters, collective: any Collective = LocalCollective(), layout: RowLayout = .replicated) {
        self.parameters = parameters
        self.collective = collective
        self.layout = layout
    }

    public func fit(_ features: FeatureMatrix, progress: (Int, Int) -> Void = { _, _ in },
                    shouldStop: () -> Bool = { false }) throws(ModelError) -> KMeansModel {
        let sharded = collective.size > 1 && layout == .sharded
        // Seeding and the tolerance look at every row: the whole table, or (sharded) every shard through the collective.
        let seeding: any Collective = sharded ? collective : LocalCollective()
        let share = seeding.shardPosition(count: features.rowCount)
        try parameters.validate(rows: share.total)
        let data = try DenseRows(features)
        // With several workers each holding all the rows, each worker's Lloyd iterations sum its own block.
        let mine = collective.size > 1 && !sharded ? try DenseRows(features.rows(collective.block(of: features.rowCount))) : data
        let threads = parameters.threads ?? defaultThreadCount
        // scikit-learn's tolerance: relative to the mean variance of the features.
        let variance = meanVariance(features, pool: PooledStatistics(collective: seeding))
        let seeder = KMeansSeeding(data: data, k: parameters.k, threads: threads, collective: seeding, share: share)
        var best: KMeansModel?
        for run in 0..<parameters.initializations {
            if shouldStop() { throw .interrupted }
            var generator = SeededGenerator(seed: parameters.seed &+ UInt64(run) &* 0x9E37_79B9)
            let seeds = seeder.centers(generator: &generator)
            var lloyd = LloydIterations(data: mine, centers: seeds, threads: threads, collective: collective)
            let result = try lloyd.run(maxIterations: parameters.maxIterations, tolerance: parameters.tolerance * variance,
                                       shouldStop: shouldStop)
            progress(run + 1, parameters.initializations)
            if best == nil || result.inertia < best!.inertia {
                best = KMeansModel(parameters: parameters, featureNames: features.names,
                                   centers: (0..<parameters.k).map { Array(result.centers[($0 * data.width)..<(($0 + 1) * data.width)]) },
                                   inertia: result.inertia, iterations: result.iterations, clusterSizes: result.sizes)
            }
        }
        return best!
    }

    /// The mean over features of each feature's (population) variance, column by column, over every row.
    private func meanVariance(_ features: FeatureMatrix, pool: PooledStatistics) -> Double {
        var total = 0.0
        for column in features.columns {
            let sums = pool.sums([column.reduce(0.0) { $0 + Double($1) }, Double(column.count)])
            let mean = sums[0] / sums[1]
            total += pool.sums([column.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }])[0] / sums[1]
        }
        return total / Double(max(features.columns.count, 1))
    }
}
