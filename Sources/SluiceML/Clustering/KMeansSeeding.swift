import Foundation
import SluiceData

/// Greedy k-means++ (as scikit-learn): each new center is the best of 2 + ln k candidates drawn in
/// proportion to squared distance, the one that lowers the total squared distance most.
///
/// Over the shards of several workers it draws the same rows one process would from the whole table
/// (the shards in rank order): the worker holding a drawn row sends it to the others, and the distance
/// sums are pooled. One worker alone is the plain algorithm.
struct KMeansSeeding {
    let data: DenseRows
    let k: Int
    let threads: Int
    let collective: any Collective
    /// Where this worker's rows start among all, and how many there are.
    let share: RowShare

    func centers(generator: inout SeededGenerator) -> [Double] {
        let width = data.width
        let trials = 2 + Int(log(Double(k)))
        var centers: [Double] = []
        centers.reserveCapacity(k * width)
        let first = generator.nextIndex(below: share.total)
        let firstPoint = shared(row: first - share.offset)
        centers += firstPoint
        var closest = distances(to: firstPoint, within: [Double](repeating: .infinity, count: data.rowCount))
        var potential = pooledSum(closest.sum)
        for _ in 1..<k {
            var best: (point: [Double], potential: Double, closest: (distances: [Double], sum: Double)) = ([], .infinity, closest)
            for _ in 0..<trials {
                // Draw a row with probability proportional to its squared distance.
                let target = Double(generator.next() >> 11) / Double(1 << 53) * potential
                let point = shared(row: drawnRow(target: target, distances: closest.distances, localSum: closest.sum))
                let candidate = distances(to: point, within: closest.distances)
                let candidatePotential = pooledSum(candidate.sum)
                if candidatePotential < best.potential { best = (point, candidatePotential, candidate) }
            }
            centers += best.point
            closest = best.closest
            potential = best.potential
        }
        return centers
    }

    /// The local row (if this worker holds it) where the running sum of squared distances over all the
    /// rows in order passes `target`: the first worker whose rows' sum passes it holds the row; the last
    /// row of all when rounding leaves it unpassed.
    private func drawnRow(target: Double, distances: [Double], localSum: Double) -> Int? {
        var sums = [Double](repeating: 0, count: collective.size)
        sums[collective.rank] = localSum
        collective.allReduceSum(&sums)
        let before = sums[..<collective.rank].reduce(0, +)
        let holder = sums.indices.first { sums[...$0].reduce(0, +) > target } ?? sums.indices.last { sums[$0] > 0 } ?? collective.size - 1
        guard holder == collective.rank else { return nil }
        var cumulative = before
        for row in distances.indices {
            cumulative += distances[row]
            if cumulative > target { return row }
        }
        return distances.count - 1
    }

    /// The values of the row this worker holds at `row` (nil when another holds it), on every worker.
    private func shared(row: Int?) -> [Double] {
        let width = data.width
        let holds = row.map { (0..<data.rowCount).contains($0) } ?? false
        var point = holds ? Array(data.values[(row! * width)..<((row! + 1) * width)]) : [Double](repeating: 0, count: width)
        guard collective.size > 1 else { return point }
        // The holder's values, the others' zeros: the sum is the row.
        var marks = [Double](repeating: 0, count: width + 1)
        if holds { marks = point + [1] }
        collective.allReduceSum(&marks)
        point = Array(marks[..<width])
        return point
    }

    private func pooledSum(_ value: Double) -> Double {
        var values = [value]
        collective.allReduceSum(&values)
        return values[0]
    }

    /// Each local row's squared distance to `point`, capped by `within`, and their sum, on every core.
    private func distances(to point: [Double], within: [Double]) -> (distances: [Double], sum: Double) {
        let rows = data.rowCount, width = data.width
        let distances = SharedBuffer<Double>(repeating: 0, count: rows)
        let blockSize = 16_384
        let blocks = (rows + blockSize - 1) / blockSize
        let sums = SharedBuffer<Double>(repeating: 0, count: blocks)
        parallelFor(blocks, threads: threads) { block in
            var sum = 0.0
            data.values.withUnsafeBufferPointer { values in
                point.withUnsafeBufferPointer { center in
                    for row in (block * blockSize)..<min(rows, (block + 1) * blockSize) {
                        let d = min(within[row], squaredDistance(values.baseAddress! + row * width, center.baseAddress!, width))
                        distances[row] = d
                        sum += d
                    }
                }
            }
            sums[block] = sum
        }
        return (distances.array, sums.array.reduce(0, +))
    }
}
