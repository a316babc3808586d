import Foundation
import SluiceData

/// Fits k-means: greedy k-means++ seeding, then Lloyd iterations
/// accelerated with Hamerly's bounds (one upper bound on the distance to
/// the assigned center, one lower bound on the distance to any other), so
/// most rows skip most distance computations once clusters settle.
public struct KMeans: Sendable {
    public var parameters: KMeansParameters

    public init(parameters: KMeansParameters) {
        self.parameters = parameters
    }

    public func fit(_ features: FeatureMatrix, progress: (Int, Int) -> Void = { _, _ in },
                    shouldStop: () -> Bool = { false }) throws(ModelError) -> KMeansModel {
        try parameters.validate(rows: features.rowCount)
        let data = try DenseRows(features)
        let threads = parameters.threads ?? defaultThreadCount
        // scikit-learn's tolerance: relative to the mean variance of the features.
        let variance = meanVariance(features)
        var best: KMeansModel?
        for run in 0..<parameters.initializations {
            if shouldStop() { throw .interrupted }
            var generator = SeededGenerator(seed: parameters.seed &+ UInt64(run) &* 0x9E37_79B9)
            let seeds = seedCenters(data, generator: &generator)
            let result = try lloyd(data, centers: seeds, tolerance: parameters.tolerance * variance, threads: threads,
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

    private struct Run {
        var centers: [Double]
        var inertia: Double
        var iterations: Int
        var sizes: [Int]
    }

    private func lloyd(_ data: DenseRows, centers start: [Double], tolerance: Double, threads: Int,
                       shouldStop: () -> Bool) throws(ModelError) -> Run {
        let width = data.width, rows = data.rowCount, k = parameters.k
        var centers = start
        let (firstAssignment, firstSquared) = nearestCenters(data, centers: centers, k: k, threads: threads)
        // Per-row state, updated in place by the parallel reassignment (each task owns its rows).
        let assignment = SharedBuffer<Int>(repeating: 0, count: rows)
        let upper = SharedBuffer<Double>(repeating: 0, count: rows)
        let lower = SharedBuffer<Double>(repeating: 0, count: rows)
        for row in 0..<rows {
            assignment[row] = firstAssignment[row]
            upper[row] = firstSquared[row].squareRoot()
        }
        let blockSize = 16_384
        let blocks = (rows + blockSize - 1) / blockSize
        var iterations = 0
        for iteration in 1...parameters.maxIterations {
            iterations = iteration
            if shouldStop() { throw .interrupted }
            // Move each center to the mean of its rows (partial sums per block, on every core);
            // an empty cluster restarts at the row farthest from its center.
            let partialSums = SharedBuffer<[Double]>(repeating: [], count: blocks)
            let partialCounts = SharedBuffer<[Int]>(repeating: [], count: blocks)
            parallelFor(blocks, threads: threads) { block in
                var sums = [Double](repeating: 0, count: k * width)
                var counts = [Int](repeating: 0, count: k)
                data.values.withUnsafeBufferPointer { values in
                    for row in (block * blockSize)..<min(rows, (block + 1) * blockSize) {
                        let cluster = assignment[row]
                        counts[cluster] += 1
                        for f in 0..<width { sums[cluster * width + f] += values[row * width + f] }
                    }
                }
                partialSums[block] = sums
                partialCounts[block] = counts
            }
            var sums = [Double](repeating: 0, count: k * width)
            var counts = [Int](repeating: 0, count: k)
            for block in 0..<blocks {
                let blockSums = partialSums[block], blockCounts = partialCounts[block]
                for index in sums.indices { sums[index] += blockSums[index] }
                for cluster in 0..<k { counts[cluster] += blockCounts[cluster] }
            }
            var updated = centers
            var relocated = Set<Int>()
            for cluster in 0..<k {
                if counts[cluster] > 0 {
                    for f in 0..<width { updated[cluster * width + f] = sums[cluster * width + f] / Double(counts[cluster]) }
                } else if let far = (0..<rows).filter({ !relocated.contains($0) }).max(by: { upper[$0] < upper[$1] }) {
                    // The farthest row's bound is reset so the next reassignment measures it afresh.
                    for f in 0..<width { updated[cluster * width + f] = data.values[far * width + f] }
                    relocated.insert(far)
                    upper[far] = .infinity
                }
            }
            var movement = [Double](repeating: 0, count: k)
            var shift = 0.0
            for cluster in 0..<k {
                let moved = updated.withUnsafeBufferPointer { u in centers.withUnsafeBufferPointer { c in
                    squaredDistance(u.baseAddress! + cluster * width, c.baseAddress! + cluster * width, width) } }
                shift += moved
                movement[cluster] = moved.squareRoot()
            }
            centers = updated
            if shift <= tolerance { break }
            // Hamerly's bound updates, then reassignment only where the bounds do not settle it.
            let largest = movement.indices.max { movement[$0] < movement[$1] } ?? 0
            let secondLargest = movement.indices.filter { $0 != largest }.map { movement[$0] }.max() ?? 0
            var half = [Double](repeating: .infinity, count: k)
            for a in 0..<k {
                for b in 0..<k where b != a {
                    let d = centers.withUnsafeBufferPointer { c in
                        squaredDistance(c.baseAddress! + a * width, c.baseAddress! + b * width, width) }.squareRoot()
                    half[a] = min(half[a], d / 2)
                }
            }
            let fixedCenters = centers, moves = movement, halves = half
            parallelFor(blocks, threads: threads) { block in
                data.values.withUnsafeBufferPointer { values in
                    fixedCenters.withUnsafeBufferPointer { centerValues in
                        for row in (block * blockSize)..<min(rows, (block + 1) * blockSize) {
                            var cluster = assignment[row]
                            var u = upper[row] + moves[cluster]
                            var l = lower[row] - (cluster == largest ? secondLargest : moves[largest])
                            let point = values.baseAddress! + row * width
                            if u > max(halves[cluster], l) {
                                u = squaredDistance(point, centerValues.baseAddress! + cluster * width, width).squareRoot()
                                if u > max(halves[cluster], l) {
                                    var first = Double.infinity, second = Double.infinity
                                    for candidate in 0..<k {
                                        let d = squaredDistance(point, centerValues.baseAddress! + candidate * width, width)
                                        if d < first {
                                            second = first
                                            first = d
                                            cluster = candidate
                                        } else if d < second {
                                            second = d
                                        }
                                    }
                                    u = first.squareRoot()
                                    l = second.squareRoot()
                                }
                            }
                            assignment[row] = cluster
                            upper[row] = u
                            lower[row] = l
                        }
                    }
                }
            }
        }
        // Final labels and inertia with the final centers, as scikit-learn reports them.
        let (finalAssignment, squared) = nearestCenters(data, centers: centers, k: k, threads: threads)
        var sizes = [Int](repeating: 0, count: k)
        for cluster in finalAssignment { sizes[cluster] += 1 }
        return Run(centers: centers, inertia: squared.reduce(0, +), iterations: iterations, sizes: sizes)
    }
}
