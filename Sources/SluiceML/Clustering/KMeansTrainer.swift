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

    public init(parameters: KMeansParameters, collective: any Collective = LocalCollective()) {
        self.parameters = parameters
        self.collective = collective
    }

    public func fit(_ features: FeatureMatrix, progress: (Int, Int) -> Void = { _, _ in },
                    shouldStop: () -> Bool = { false }) throws(ModelError) -> KMeansModel {
        try parameters.validate(rows: features.rowCount)
        let data = try DenseRows(features)
        // With several workers each holding all the rows, the seeds come from all of them and each worker's
        // Lloyd iterations sum its own block.
        let mine = collective.size > 1 ? try DenseRows(features.rows(collective.block(of: features.rowCount))) : data
        let threads = parameters.threads ?? defaultThreadCount
        // scikit-learn's tolerance: relative to the mean variance of the features.
        let variance = meanVariance(features)
        var best: KMeansModel?
        for run in 0..<parameters.initializations {
            if shouldStop() { throw .interrupted }
            var generator = SeededGenerator(seed: parameters.seed &+ UInt64(run) &* 0x9E37_79B9)
            let seeds = seedCenters(data, generator: &generator)
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

    /// The mean over features of each feature's (population) variance, column by column.
    private func meanVariance(_ features: FeatureMatrix) -> Double {
        var total = 0.0
        for column in features.columns {
            let mean = column.reduce(0.0) { $0 + Double($1) } / Double(column.count)
            total += column.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(column.count)
        }
        return total / Double(max(features.columns.count, 1))
    }

    /// Greedy k-means++ (as scikit-learn): each new center is the best of
    /// 2 + ln k candidates drawn in proportion to squared distance, the one
    /// that lowers the total squared distance most.
    private func seedCenters(_ data: DenseRows, generator: inout SeededGenerator) -> [Double] {
        let width = data.width, rows = data.rowCount, k = parameters.k
        let trials = 2 + Int(log(Double(k)))
        var centers = [Double](repeating: 0, count: k * width)
        let first = generator.nextIndex(below: rows)
        for f in 0..<width { centers[f] = data.values[first * width + f] }
        var closest = distancesToRow(data, first, within: [Double](repeating: .infinity, count: rows)).distances
        var potential = closest.reduce(0, +)
        for center in 1..<k {
            var bestCandidate = 0, bestPotential = Double.infinity
            var bestDistances = closest
            for _ in 0..<trials {
                // Draw a row with probability proportional to its squared distance.
                let target = Double(generator.next() >> 11) / Double(1 << 53) * potential
                var cumulative = 0.0, candidate = rows - 1
                for row in 0..<rows {
                    cumulative += closest[row]
                    if cumulative > target {
                        candidate = row
                        break
                    }
                }
                let (distances, candidatePotential) = distancesToRow(data, candidate, within: closest)
                if candidatePotential < bestPotential {
                    bestPotential = candidatePotential
                    bestCandidate = candidate
                    bestDistances = distances
                }
            }
            for f in 0..<width { centers[center * width + f] = data.values[bestCandidate * width + f] }
            closest = bestDistances
            potential = bestPotential
        }
        return centers
    }

    /// Each row's squared distance to row `center`, capped by `within`, and their sum, on every core.
    private func distancesToRow(_ data: DenseRows, _ center: Int, within: [Double]) -> (distances: [Double], sum: Double) {
        let rows = data.rowCount, width = data.width
        let distances = SharedBuffer<Double>(repeating: 0, count: rows)
        let blockSize = 16_384
        let blocks = (rows + blockSize - 1) / blockSize
        let sums = SharedBuffer<Double>(repeating: 0, count: blocks)
        parallelFor(blocks, threads: parameters.threads ?? defaultThreadCount) { block in
            var sum = 0.0
            data.values.withUnsafeBufferPointer { values in
                for row in (block * blockSize)..<min(rows, (block + 1) * blockSize) {
                    let d = min(within[row], squaredDistance(values.baseAddress! + row * width, values.baseAddress! + center * width, width))
                    distances[row] = d
                    sum += d
                }
            }
            sums[block] = sum
        }
        return (distances.array, sums.array.reduce(0, +))
    }
}
