/// Lloyd's iterations from seeded centers, accelerated with Hamerly's bounds: per row, an upper bound on
/// the distance to its center and a lower bound on the distance to any other, so that most rows skip
/// most distance computations once clusters settle. The clusters' sums go through the collective, so
/// the workers of a distributed job move the same centers.
struct LloydIterations {
    /// What the iterations end with.
    struct Result {
        var centers: [Double]
        var inertia: Double
        var iterations: Int
        var sizes: [Int]
    }

    let data: DenseRows
    let threads: Int
    let collective: any Collective
    private let k: Int
    private var centers: [Double]
    // Per-row state, updated in place by the parallel reassignment (each task owns its rows).
    private let assignment: SharedBuffer<Int>
    private let upper: SharedBuffer<Double>
    private let lower: SharedBuffer<Double>
    private static let blockSize = 16_384
    private var blocks: Int { (data.rowCount + Self.blockSize - 1) / Self.blockSize }

    init(data: DenseRows, centers: [Double], threads: Int, collective: any Collective) {
        self.data = data
        self.threads = threads
        self.collective = collective
        self.centers = centers
        k = centers.count / data.width
        let (firstAssignment, firstSquared) = nearestCenters(data, centers: centers, k: k, threads: threads)
        assignment = SharedBuffer(repeating: 0, count: data.rowCount)
        upper = SharedBuffer(repeating: 0, count: data.rowCount)
        lower = SharedBuffer(repeating: 0, count: data.rowCount)
        for row in 0..<data.rowCount {
            assignment[row] = firstAssignment[row]
            upper[row] = firstSquared[row].squareRoot()
        }
    }

    /// Iterates until the centers move less than `tolerance` (in squared distance, summed) or `maxIterations`.
    mutating func run(maxIterations: Int, tolerance: Double, shouldStop: () -> Bool) throws(ModelError) -> Result {
        var iterations = 0
        for iteration in 1...maxIterations {
            iterations = iteration
            if shouldStop() { throw .interrupted }
            let (sums, counts) = clusterSums()
            let updated = movedCenters(sums: sums, counts: counts)
            let squaredMoves = (0..<k).map { squaredDistance(updated, $0, centers, $0) }
            centers = updated
            if squaredMoves.reduce(0, +) <= tolerance { break }
            reassign(movement: squaredMoves.map { $0.squareRoot() })
        }
        // Final labels and inertia with the final centers, as scikit-learn reports them.
        let (finalAssignment, squared) = nearestCenters(data, centers: centers, k: k, threads: threads)
        var summary = [Double](repeating: 0, count: k + 1)
        for cluster in finalAssignment { summary[cluster] += 1 }
        summary[k] = squared.reduce(0, +)
        collective.allReduceSum(&summary)
        return Result(centers: centers, inertia: summary[k], iterations: iterations, sizes: summary[..<k].map { Int($0) })
    }

    /// Each cluster's sum of rows and count (partial sums per block on every core, then over the workers).
    private func clusterSums() -> (sums: [Double], counts: [Double]) {
        let width = data.width, rows = data.rowCount, k = k, blockSize = Self.blockSize
        let partial = SharedBuffer<[Double]>(repeating: [], count: blocks)
        let assignment = assignment, data = data
        parallelFor(blocks, threads: threads) { block in
            // k × width sums, then k counts.
            var sums = [Double](repeating: 0, count: k * width + k)
            data.values.withUnsafeBufferPointer { values in
                for row in (block * blockSize)..<min(rows, (block + 1) * blockSize) {
                    let cluster = assignment[row]
                    sums[k * width + cluster] += 1
                    for f in 0..<width { sums[cluster * width + f] += values[row * width + f] }
                }
            }
            partial[block] = sums
        }
        var total = [Double](repeating: 0, count: k * width + k)
        for block in 0..<blocks {
            let blockSums = partial[block]
            for index in total.indices { total[index] += blockSums[index] }
        }
        collective.allReduceSum(&total)
        return (Array(total[..<(k * width)]), Array(total[(k * width)...]))
    }

    /// Each center moved to the mean of its rows; an empty cluster restarts at the row farthest from its center.
    private func movedCenters(sums: [Double], counts: [Double]) -> [Double] {
        let width = data.width
        var updated = centers
        var relocated = Set<Int>()
        for cluster in 0..<k {
            if counts[cluster] > 0 {
                for f in 0..<width { updated[cluster * width + f] = sums[cluster * width + f] / counts[cluster] }
            } else {
                // The farthest row of every worker's (the first worker's, on a tie) restarts the cluster; its
                // bound is reset so the next reassignment measures it afresh.
                let far = (0..<data.rowCount).filter({ !relocated.contains($0) }).max(by: { upper[$0] < upper[$1] })
                guard let (point, holds) = farthestRow(far) else { continue }
                for f in 0..<width { updated[cluster * width + f] = point[f] }
                if holds, let far {
                    relocated.insert(far)
                    upper[far] = .infinity
                }
            }
        }
        return updated
    }

    /// The values of the row farthest from its center over every worker, given this worker's farthest
    /// (`local`), and whether this worker holds it; nil when no worker has a row to give.
    private func farthestRow(_ local: Int?) -> (point: [Double], holds: Bool)? {
        let width = data.width
        let distance = local.map { upper[$0] } ?? -.infinity
        var best = [distance]
        collective.allReduceMax(&best)
        guard best[0] > -.infinity else { return nil }
        // The lowest rank among those holding the farthest: the largest of -rank.
        var holder = [distance == best[0] ? -Double(collective.rank) : -.infinity]
        collective.allReduceMax(&holder)
        let holds = -holder[0] == Double(collective.rank)
        var marks = [Double](repeating: 0, count: width)
        if holds, let local { marks = Array(data.values[(local * width)..<((local + 1) * width)]) }
        collective.allReduceSum(&marks)
        return (marks, holds)
    }

    /// Hamerly's bound updates after the centers moved by `movement`, then reassignment of the rows whose
    /// bounds do not settle their cluster.
    private func reassign(movement: [Double]) {
        let largest = movement.indices.max { movement[$0] < movement[$1] } ?? 0
        let secondLargest = movement.indices.filter { $0 != largest }.map { movement[$0] }.max() ?? 0
        // Half the distance from each center to its nearest other center.
        let halves = (0..<k).map { a in
            (0..<k).filter { $0 != a }.map { squaredDistance(centers, a, centers, $0).squareRoot() / 2 }.min() ?? .infinity
        }
        let width = data.width, rows = data.rowCount, clusters = k, blockSize = Self.blockSize
        let fixedCenters = centers, assignment = assignment, upper = upper, lower = lower, data = data
        parallelFor(blocks, threads: threads) { block in
            data.values.withUnsafeBufferPointer { values in
                fixedCenters.withUnsafeBufferPointer { centerValues in
                    for row in (block * blockSize)..<min(rows, (block + 1) * blockSize) {
                        var cluster = assignment[row]
                        var u = upper[row] + movement[cluster]
                        var l = lower[row] - (cluster == largest ? secondLargest : movement[largest])
                        let point = values.baseAddress! + row * width
                        if u > max(halves[cluster], l) {
                            u = SluiceML.squaredDistance(point, centerValues.baseAddress! + cluster * width, width).squareRoot()
                            if u > max(halves[cluster], l) {
                                (cluster, u, l) = nearestTwo(point, centerValues.baseAddress!, k: clusters, width: width)
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

    /// The squared distance between center `a` of `first` and center `b` of `second`.
    private func squaredDistance(_ first: [Double], _ a: Int, _ second: [Double], _ b: Int) -> Double {
        let width = data.width
        return first.withUnsafeBufferPointer { f in second.withUnsafeBufferPointer { s in
            SluiceML.squaredDistance(f.baseAddress! + a * width, s.baseAddress! + b * width, width) } }
    }
}

/// The nearest center to `point`, its distance, and the distance to the second nearest.
private func nearestTwo(_ point: UnsafePointer<Double>, _ centers: UnsafePointer<Double>, k: Int,
                        width: Int) -> (cluster: Int, nearest: Double, second: Double) {
    var cluster = 0
    var first = Double.infinity, second = Double.infinity
    for candidate in 0..<k {
        let d = squaredDistance(point, centers + candidate * width, width)
        if d < first {
            second = first
            first = d
            cluster = candidate
        } else if d < second {
            second = d
        }
    }
    return (cluster, first.squareRoot(), second.squareRoot())
}
