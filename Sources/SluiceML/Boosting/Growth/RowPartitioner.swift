import CSluicePrefetch

/// Moves each split node's rows so those going left come first, keeping their order, so that every
/// node's rows stay one contiguous range of the row order.
struct RowPartitioner {
    let binned: BinnedMatrix
    let cuts: QuantileCuts
    let threads: Int

    /// Reorders the rows of each range so those going left come first
    /// (keeping their order), all ranges at once: large ranges in blocks on
    /// every core. Returns where each range's right rows start.
    func partition(_ splits: [(range: Range<Int>, choice: SplitChoice)], memory: GrowthMemory) -> [Int] {
        var blocks: [(split: Int, rows: Range<Int>)] = []
        for (index, split) in splits.enumerated() {
            let parts = split.range.count >= HistogramBuilder.parallelRows ? threads : 1
            let step = max(1, (split.range.count + parts - 1) / parts)
            for start in stride(from: split.range.lowerBound, to: split.range.upperBound, by: step) {
                blocks.append((index, start..<min(start + step, split.range.upperBound)))
            }
        }
        // Each block writes its left rows then its right rows into the same span of scratch.
        let leftCounts = SharedBuffer<Int>(repeating: 0, count: blocks.count)
        let rowCount = binned.rowCount
        let blockList = blocks
        parallelFor(blockList.count, threads: threads) { index in
            let (splitIndex, rows) = blockList[index]
            let choice = splits[splitIndex].choice
            let missingCode = cuts.missingCodes[choice.feature]
            var left = rows.lowerBound
            var right = rows.upperBound
            // The split feature's bins, column-major: a node's rows read them within one small column.
            let column = memory.columnBins + choice.feature * rowCount
            for position in rows {
                if position + HistogramBuilder.prefetchDistance < rows.upperBound {
                    sluice_prefetch(column + Int(memory.rows[position + HistogramBuilder.prefetchDistance]))
                }
                let row = memory.rows[position]
                let bin = Int16(column[Int(row)])
                let below = bin <= choice.bin
                let goLeft = bin == missingCode ? choice.defaultLeft : below
                // Written at both ends of the unwritten span, kept at one: no branch on the direction,
                // which is as hard to predict as the row's value.
                memory.scratch[left] = row
                memory.scratch[right - 1] = row
                let step = goLeft ? 1 : 0
                left += step
                right -= 1 - step
            }
            leftCounts[index] = left - rows.lowerBound
        }
        // Gather: lefts of every block in order, then rights in order (rights were written backwards).
        var middles = splits.map(\.range.lowerBound)
        for (index, block) in blocks.enumerated() { middles[block.split] += leftCounts[index] }
        var leftCursor = splits.map(\.range.lowerBound)
        var rightCursor = middles
        var copies: [(block: Int, leftTo: Int, rightTo: Int)] = []
        for (index, block) in blocks.enumerated() {
            copies.append((index, leftCursor[block.split], rightCursor[block.split]))
            leftCursor[block.split] += leftCounts[index]
            rightCursor[block.split] += block.rows.count - leftCounts[index]
        }
        let copyList = copies
        parallelFor(copyList.count, threads: threads) { index in
            let (block, leftTo, rightTo) = copyList[index]
            let rows = blockList[block].rows
            let lefts = leftCounts[block]
            for offset in 0..<lefts { memory.rows[leftTo + offset] = memory.scratch[rows.lowerBound + offset] }
            let rights = rows.count - lefts
            for offset in 0..<rights { memory.rows[rightTo + offset] = memory.scratch[rows.upperBound - 1 - offset] }
        }
        return middles
    }
}
