import CSluicePrefetch

/// A split chosen for a node.
struct SplitChoice {
    var feature: Int
    /// Present values go left when their bin is at most this (-1: none go left).
    var bin: Int16
    /// The same decision on raw values: left when value < threshold.
    var threshold: Float
    var defaultLeft: Bool
    var leftGradient: Double
    var leftHessian: Double
    var lossChange: Double
}

/// Pointers the parallel sections read (and, for disjoint row ranges, write).
/// `@unchecked Sendable`: each task touches only its own rows or histogram.
private struct GrowthMemory: @unchecked Sendable {
    let bins: UnsafePointer<UInt8>
    let pairs: UnsafePointer<Float>
    let rows: UnsafeMutablePointer<UInt32>
    let scratch: UnsafeMutablePointer<UInt32>
}

/// Grows one tree level by level from gradient histograms (XGBoost's `hist`
/// with depthwise growth): each node's histogram sums (g, h) per feature
/// bin; the smaller child's is built from its rows and the larger child's is
/// its parent's minus it.
struct TreeGrower {
    let binned: BinnedMatrix
    let cuts: QuantileCuts
    let parameters: BoostingParameters
    let threads: Int

    /// Rows below which a histogram is built on one core.
    static let parallelRows = 32_768
    /// How many rows ahead the hot loops prefetch.
    static let prefetchDistance = 16

    private struct Node {
        var id: Int
        var range: Range<Int>
        var gradient: Double
        var hessian: Double
        var depth: Int
        var histogram: [Double]?
    }

    /// Grows a tree over `rows` (reordered so that each leaf's rows are
    /// contiguous) with gradient pairs `pairs`, splitting only on `features`.
    /// Returns the tree and each leaf's range of `rows`.
    func grow(pairs: SharedBuffer<Float>, rows: inout [UInt32], features: [Int]) -> (RegressionTree, [(leaf: Int, range: Range<Int>)]) {
        let criteria = SplitCriteria(parameters)
        let eta = parameters.eta
        var tree = RegressionTree()
        var leaves: [(leaf: Int, range: Range<Int>)] = []
        var scratch = [UInt32](repeating: 0, count: rows.count)
        binned.bins.withUnsafeBufferPointer { bins in
            rows.withUnsafeMutableBufferPointer { rowBuffer in
                scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                    let memory = GrowthMemory(bins: bins.baseAddress!, pairs: pairs.pointer, rows: rowBuffer.baseAddress!,
                                              scratch: scratchBuffer.baseAddress!)
                    var (gradient, hessian) = (0.0, 0.0)
                    for index in 0..<rowBuffer.count {
                        let row = Int(rowBuffer[index])
                        gradient += Double(memory.pairs[2 * row])
                        hessian += Double(memory.pairs[2 * row + 1])
                    }
                    let rootWeight = Float(criteria.weight(gradient, hessian) * eta)
                    let root = tree.addNode(parent: RegressionTree.rootParent, weight: rootWeight, hessian: Float(hessian))
                    let rootNode = Node(id: root, range: 0..<rowBuffer.count, gradient: gradient, hessian: hessian, depth: 0,
                                        histogram: buildHistograms([0..<rowBuffer.count], memory: memory)[0])
                    if parameters.growPolicy == .lossguide {
                        growByLoss(from: rootNode, tree: &tree, leaves: &leaves, criteria: criteria, features: features, memory: memory)
                        return
                    }
                    var frontier = [rootNode]
                    while !frontier.isEmpty {
                        let choices = bestSplits(frontier, criteria: criteria, features: features)
                        let middles = partition(zip(frontier, choices).compactMap { node, choice in choice.map { (node.range, $0) } },
                                                memory: memory)
                        var children: [Node] = []
                        var parentsOfPairs: [Node] = []
                        var splitIndex = 0
                        for (node, choice) in zip(frontier, choices) {
                            guard let choice else {
                                leaves.append((node.id, node.range))
                                continue
                            }
                            let (left, right) = expand(node, by: choice, at: middles[splitIndex], tree: &tree, criteria: criteria)
                            splitIndex += 1
                            children += [left, right]
                            parentsOfPairs.append(node)
                        }
                        if children.first.map({ depthAllowsSplit($0.depth) }) ?? false {
                            fillHistograms(&children, parents: parentsOfPairs, memory: memory)
                        }
                        frontier = children
                    }
                }
            }
        }
        return (tree, leaves)
    }

    /// Whether a node at `depth` may still split (`max_depth` 0 means no limit).
    private func depthAllowsSplit(_ depth: Int) -> Bool {
        parameters.maxDepth == 0 || depth < parameters.maxDepth
    }

    /// Splits `node` in the tree: its two children, whose rows start at `middle`.
    private func expand(_ node: Node, by choice: SplitChoice, at middle: Int, tree: inout RegressionTree,
                        criteria: SplitCriteria) -> (Node, Node) {
        let eta = parameters.eta
        let rightGradient = node.gradient - choice.leftGradient
        let rightHessian = node.hessian - choice.leftHessian
        let left = tree.addNode(parent: Int32(node.id), weight: Float(criteria.weight(choice.leftGradient, choice.leftHessian) * eta),
                                hessian: Float(choice.leftHessian))
        let right = tree.addNode(parent: Int32(node.id), weight: Float(criteria.weight(rightGradient, rightHessian) * eta),
                                 hessian: Float(rightHessian))
        tree.leftChildren[node.id] = Int32(left)
        tree.rightChildren[node.id] = Int32(right)
        tree.splitFeatures[node.id] = Int32(choice.feature)
        tree.splitConditions[node.id] = choice.threshold
        tree.splitBins[node.id] = choice.bin
        tree.defaultLeft[node.id] = choice.defaultLeft
        tree.lossChanges[node.id] = Float(choice.lossChange)
        return (Node(id: left, range: node.range.lowerBound..<middle, gradient: choice.leftGradient,
                     hessian: choice.leftHessian, depth: node.depth + 1),
                Node(id: right, range: middle..<node.range.upperBound, gradient: rightGradient,
                     hessian: rightHessian, depth: node.depth + 1))
    }

    /// Loss-guided growth (XGBoost's `lossguide`): always split the leaf whose
    /// best split gains most, until `max_leaves` leaves (0: no limit) or no
    /// split gains enough.
    private func growByLoss(from root: Node, tree: inout RegressionTree, leaves: inout [(leaf: Int, range: Range<Int>)],
                            criteria: SplitCriteria, features: [Int], memory: GrowthMemory) {
        var candidates: [(node: Node, choice: SplitChoice)] = []
        func consider(_ nodes: [Node]) {
            for (node, choice) in zip(nodes, bestSplits(nodes, criteria: criteria, features: features)) {
                if let choice { candidates.append((node, choice)) } else { leaves.append((node.id, node.range)) }
            }
        }
        consider([root])
        var leafCount = 1
        while let best = candidates.indices.max(by: { candidates[$0].choice.lossChange < candidates[$1].choice.lossChange }),
              parameters.maxLeaves == 0 || leafCount < parameters.maxLeaves {
            let (node, choice) = candidates.remove(at: best)
            let middle = partition([(node.range, choice)], memory: memory)[0]
            let (left, right) = expand(node, by: choice, at: middle, tree: &tree, criteria: criteria)
            leafCount += 1
            var children = [left, right]
            if depthAllowsSplit(left.depth) {
                fillHistograms(&children, parents: [node], memory: memory)
                consider(children)
            } else {
                leaves += children.map { ($0.id, $0.range) }
            }
        }
        leaves += candidates.map { ($0.node.id, $0.node.range) }
    }

    // MARK: - Histograms

    /// Builds the smaller child's histogram of each pair and subtracts it from the parent's for the other.
    private func fillHistograms(_ children: inout [Node], parents: [Node], memory: GrowthMemory) {
        let smaller = stride(from: 0, to: children.count, by: 2).map { pair in
            children[pair].range.count <= children[pair + 1].range.count ? pair : pair + 1
        }
        let built = buildHistograms(smaller.map { children[$0].range }, memory: memory)
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
    private func buildHistograms(_ ranges: [Range<Int>], memory: GrowthMemory) -> [[Double]] {
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
                        sums[offsets[feature] + Int(rowBins[feature])] += pair
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

    // MARK: - Splits

    private func bestSplits(_ nodes: [Node], criteria: SplitCriteria, features: [Int]) -> [SplitChoice?] {
        let choices = SharedBuffer<SplitChoice?>(repeating: nil, count: nodes.count)
        parallelFor(nodes.count, threads: threads) { index in
            let node = nodes[index]
            guard depthAllowsSplit(node.depth), let histogram = node.histogram else { return }
            choices[index] = bestSplit(histogram, gradient: node.gradient, hessian: node.hessian,
                                       criteria: criteria, features: features)
        }
        return choices.array
    }

    /// The split with the largest loss change over every allowed feature and
    /// bin, both ways for missing values; nil when none gains more than
    /// 1e-6 and `gamma`.
    private func bestSplit(_ histogram: [Double], gradient: Double, hessian: Double, criteria: SplitCriteria,
                           features: [Int]) -> SplitChoice? {
        let parentGain = criteria.gain(gradient, hessian)
        let minimum = max(criteria.minChildWeight, 1e-12)
        var best: SplitChoice?
        var bestLoss = -Double.infinity
        func consider(_ lg: Double, _ lh: Double, feature: Int, bin: Int16, threshold: Float, defaultLeft: Bool) {
            let rg = gradient - lg, rh = hessian - lh
            guard lh >= minimum, rh >= minimum else { return }
            let loss = criteria.gain(lg, lh) + criteria.gain(rg, rh) - parentGain
            if loss > bestLoss {
                bestLoss = loss
                best = SplitChoice(feature: feature, bin: bin, threshold: threshold, defaultLeft: defaultLeft,
                                   leftGradient: lg, leftHessian: lh, lossChange: loss)
            }
        }
        for feature in features {
            let featureCuts = cuts.cuts[feature]
            let binCount = featureCuts.count
            let base = cuts.slotOffsets[feature] * 2
            var presentHessian = 0.0
            for bin in 0..<binCount { presentHessian += histogram[base + 2 * bin + 1] }
            var lg = 0.0, lh = 0.0
            for bin in 0..<binCount {
                lg += histogram[base + 2 * bin]
                lh += histogram[base + 2 * bin + 1]
                consider(lg, lh, feature: feature, bin: Int16(bin), threshold: featureCuts[bin], defaultLeft: false)
            }
            guard hessian - presentHessian > 1e-6 * max(1, hessian) else { continue }
            var rg = 0.0, rh = 0.0
            for bin in stride(from: binCount - 1, through: 0, by: -1) {
                rg += histogram[base + 2 * bin]
                rh += histogram[base + 2 * bin + 1]
                consider(gradient - rg, hessian - rh, feature: feature, bin: Int16(bin - 1),
                         threshold: bin > 0 ? featureCuts[bin - 1] : cuts.minimums[feature], defaultLeft: true)
            }
        }
        guard let best, bestLoss > 1e-6, bestLoss >= parameters.gamma else { return nil }
        return best
    }

    // MARK: - Partition

    /// Reorders the rows of each range so those going left come first
    /// (keeping their order), all ranges at once: large ranges in blocks on
    /// every core. Returns where each range's right rows start.
    private func partition(_ splits: [(range: Range<Int>, choice: SplitChoice)], memory: GrowthMemory) -> [Int] {
        var blocks: [(split: Int, rows: Range<Int>)] = []
        for (index, split) in splits.enumerated() {
            let parts = split.range.count >= Self.parallelRows ? threads : 1
            let step = max(1, (split.range.count + parts - 1) / parts)
            for start in stride(from: split.range.lowerBound, to: split.range.upperBound, by: step) {
                blocks.append((index, start..<min(start + step, split.range.upperBound)))
            }
        }
        // Each block writes its left rows then its right rows into the same span of scratch.
        let leftCounts = SharedBuffer<Int>(repeating: 0, count: blocks.count)
        let featureCount = binned.featureCount
        let blockList = blocks
        parallelFor(blockList.count, threads: threads) { index in
            let (splitIndex, rows) = blockList[index]
            let choice = splits[splitIndex].choice
            let missingCode = cuts.missingCodes[choice.feature]
            var left = rows.lowerBound
            var right = rows.upperBound
            for position in rows {
                if position + Self.prefetchDistance < rows.upperBound {
                    sluice_prefetch(memory.bins + Int(memory.rows[position + Self.prefetchDistance]) * featureCount + choice.feature)
                }
                let row = memory.rows[position]
                let bin = Int16(memory.bins[Int(row) * featureCount + choice.feature])
                let goLeft = bin == missingCode ? choice.defaultLeft : bin <= choice.bin
                if goLeft {
                    memory.scratch[left] = row
                    left += 1
                } else {
                    right -= 1
                    memory.scratch[right] = row
                }
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
