import CSluicePrefetch

/// Builds gradient histograms: for each node, the sums of (g, h) per feature bin over its rows, summed over
/// every worker through the collective. Of two children, only the smaller's is built; the larger's is its
/// parent's minus it (XGBoost's `hist`, LightGBM's data-parallel learner).
struct HistogramBuilder {
    let binned: BinnedMatrix
    let cuts: QuantileCuts
    let threads: Int
    let collective: any Collective

    /// Rows below which a histogram is built on one core.
    static let parallelRows = 32_768
    /// How many rows ahead the hot loop prefetches.
    static let prefetchDistance = 16

    /// The histograms of row ranges, summed over every worker.
    func histograms(of ranges: [Range<Int>], memory: GrowthMemory) -> [[Double]] {
        var built = buildLocally(ranges, memory: memory)
        guard collective.size > 1, !built.isEmpty else { return built }
        // One exchange for all of them.
        let width = built[0].count
        var joined = built.flatMap { $0 }
        collective.allReduceSum(&joined)
        for index in built.indices { built[index] = Array(joined[index * width..<(index + 1) * width]) }
        return built
    }

    /// Builds the smaller child's histogram of each pair and subtracts it from the parent's for the other.
    func fillChildren(_ children: inout [GrowingNode], parents: [GrowingNode], memory: GrowthMemory) {
        // Which child is smaller must be the same on every worker: compare the counts over all of them.
        var counts = children.map { Double($0.range.count) }
        collective.allReduceSum(&counts)
        let smaller = stride(from: 0, to: children.count, by: 2).map { pair in counts[pair] <= counts[pair + 1] ? pair : pair + 1 }
        let built = histograms(of: smaller.map { children[$0].range }, memory: memory)
        for (pairIndex, smallIndex) in smaller.enumerated() {
            let largeIndex = smallIndex ^ 1
            var larger = parents[pairIndex].histogram!
            let small = built[pairIndex]
            for slot in larger.indices { larger[slot] -= small[slot] }
            children[smallIndex].histogram = small
            children[largeIndex].histogram = larger
        }
    }

    /// Histograms of several row ranges: large ranges split across cores, small ones one per core.
    private func buildLocally(_ ranges: [Range<Int>], memory: GrowthMemory) -> [[Double]] {
        let width = cuts.slotCount * 2
        var tasks: [(range: Int, rows: Range<Int>)] = []
        for (index, range) in ranges.enumerated() {
            let parts = range.count >= Self.parallelRows ? threads : 1
            let step = (range.count + parts - 1) / max(parts, 1)
            var start = range.lowerBound
            while start < range.upperBound {
                tasks.append((index, start..<min(start + step, range.upperBound)))
                start += step
            }
            if range.isEmpty { tasks.append((index, range)) }
        }
        let partial = SharedBuffer<[Double]>(repeating: [], count: tasks.count)
        let featureCount = binned.featureCount
        let offsets = cuts.slotOffsets
        let taskList = tasks
        parallelFor(taskList.count, threads: threads) { task in
            var histogram = [Double](repeating: 0, count: width)
            histogram.withUnsafeMutableBytes { raw in
                // (gradient, hessian) sums side by side, added as one vector per feature.
                let sums = raw.baseAddress!.assumingMemoryBound(to: SIMD2<Double>.self)
                let pairs = UnsafeRawPointer(memory.pairs).assumingMemoryBound(to: SIMD2<Float>.self)
                let rows = taskList[task].rows
                offsets.withUnsafeBufferPointer { offsets in
                for position in rows {
                    // Rows of a deep node are scattered: load the ones a few positions ahead now.
                    if position + Self.prefetchDistance < rows.upperBound {
                        let ahead = Int(memory.rows[position + Self.prefetchDistance])
                        sluice_prefetch(pairs + ahead)
                        sluice_prefetch(memory.bins + ahead * featureCount)
                        sluice_prefetch(memory.bins + ahead * featureCount + featureCount - 1)
                    }
                    let row = Int(memory.rows[position])
                    let pair = SIMD2<Double>(pairs[row])
                    let rowBins = memory.bins + row * featureCount
                    for feature in 0..<featureCount {
                        sums[offsets[feature] &+ Int(rowBins[feature])] += pair
                    }
                }
                }
            }
            partial[task] = histogram
        }
        var results = [[Double]](repeating: [], count: ranges.count)
        for (task, entry) in tasks.enumerated() {
            if results[entry.range].isEmpty {
                results[entry.range] = partial[task]
            } else {
                let addend = partial[task]
                for slot in 0..<width { results[entry.range][slot] += addend[slot] }
            }
        }
        return results
    }
}
