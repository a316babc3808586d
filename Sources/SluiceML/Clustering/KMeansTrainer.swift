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
        let variance = meanVariance(data)
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

    private func meanVariance(_ data: DenseRows) -> Double {
        var total = 0.0
        for feature in 0..<data.width {
            var mean = 0.0
            for row in 0..<data.rowCount { mean += data.values[row * data.width + feature] }
            mean /= Double(data.rowCount)
            var squares = 0.0
            for row in 0..<data.rowCount {
                let difference = data.values[row * data.width + feature] - mean
                squares += difference * difference
            }
            total += squares / Double(data.rowCount)
        }
        return total / Double(max(data.width, 1))
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
        var closest = (0..<rows).map { row in data.values.withUnsafeBufferPointer { v in
            squaredDistance(v.baseAddress! + row * width, v.baseAddress! + first * width, width) } }
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
                var distances = closest
                var candidatePotential = 0.0
                data.values.withUnsafeBufferPointer { v in
                    for row in 0..<rows {
                        let d = squaredDistance(v.baseAddress! + row * width, v.baseAddress! + candidate * width, width)
                        if d < distances[row] { distances[row] = d }
                        candidatePotential += distances[row]
                    }
                }
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
        var (assignment, squared) = nearestCenters(data, centers: centers, k: k, threads: threads)
        var upper = squared.map { $0.squareRoot() }
        var lower = [Double](repeating: 0, count: rows)
        var iterations = 0
        for iteration in 1...parameters.maxIterations {
            iterations = iteration
            if shouldStop() { throw .interrupted }
            // Move each center to the mean of its rows; an empty cluster takes the row farthest from its center.
            var sums = [Double](repeating: 0, count: k * width)
            var counts = [Int](repeating: 0, count: k)
            for row in 0..<rows {
                let cluster = assignment[row]
                counts[cluster] += 1
                for f in 0..<width { sums[cluster * width + f] += data.values[row * width + f] }
            }
            var updated = centers
            var relocated = Set<Int>()
            for cluster in 0..<k {
                if counts[cluster] > 0 {
                    for f in 0..<width { updated[cluster * width + f] = sums[cluster * width + f] / Double(counts[cluster]) }
                } else if let far = upper.indices.filter({ !relocated.contains($0) }).max(by: { upper[$0] < upper[$1] }) {
                    // An empty cluster restarts at the row farthest from its center; that row's
                    // bound is reset so the next reassignment measures it afresh.
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
            let reassigned = reassign(data, centers: centers, assignment: assignment, upper: upper, lower: lower,
                                      movement: movement, largest: largest, secondLargest: secondLargest, half: half,
                                      threads: threads)
            assignment = reassigned.assignment
            upper = reassigned.upper
            lower = reassigned.lower
        }
        // Final labels and inertia with the final centers, as scikit-learn reports them.
        (assignment, squared) = nearestCenters(data, centers: centers, k: k, threads: threads)
        var sizes = [Int](repeating: 0, count: k)
        for cluster in assignment { sizes[cluster] += 1 }
        return Run(centers: centers, inertia: squared.reduce(0, +), iterations: iterations, sizes: sizes)
    }

    private func reassign(_ data: DenseRows, centers: [Double], assignment: [Int], upper: [Double], lower: [Double],
                          movement: [Double], largest: Int, secondLargest: Double, half: [Double], threads: Int)
        -> (assignment: [Int], upper: [Double], lower: [Double]) {
        let width = data.width, k = parameters.k, rows = data.rowCount
        let newAssignment = SharedBuffer<Int>(repeating: 0, count: rows)
        let newUpper = SharedBuffer<Double>(repeating: 0, count: rows)
        let newLower = SharedBuffer<Double>(repeating: 0, count: rows)
        let blockSize = 8192
        parallelFor((rows + blockSize - 1) / blockSize, threads: threads) { block in
            data.values.withUnsafeBufferPointer { values in
                centers.withUnsafeBufferPointer { centerValues in
                    for row in (block * blockSize)..<min(rows, (block + 1) * blockSize) {
                        var cluster = assignment[row]
                        var u = upper[row] + movement[cluster]
                        var l = lower[row] - (cluster == largest ? secondLargest : movement[largest])
                        let point = values.baseAddress! + row * width
                        if u > max(half[cluster], l) {
                            u = squaredDistance(point, centerValues.baseAddress! + cluster * width, width).squareRoot()
                            if u > max(half[cluster], l) {
                                var first = Double.infinity, second = Double.infinity
                                for candidate in 0..<k {
                                    let d = squaredDistance(point, centerValues.baseAddress! + candidate * width, width).squareRoot()
                                    if d < first {
                                        second = first
                                        first = d
                                        cluster = candidate
                                    } else if d < second {
                                        second = d
                                    }
                                }
                                u = first
                                l = second
                            }
                        }
                        newAssignment[row] = cluster
                        newUpper[row] = u
                        newLower[row] = l
                    }
                }
            }
        }
        return (newAssignment.array, newUpper.array, newLower.array)
    }
}
