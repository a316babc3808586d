/// Depth-wise growth (XGBoost's default): every node of a level is split at once, then the next level.
enum DepthwiseGrowth: GrowthPolicy {
    static func grow(from root: GrowingNode, _ growth: inout TreeGrowth) {
        var frontier = [root]
        while !frontier.isEmpty {
            let choices = growth.splits.bestSplits(frontier, features: growth.features)
            let splitting = zip(frontier, choices).compactMap { node, choice in choice.map { (node.range, $0) } }
            let middles = growth.partitioner.partition(splitting, memory: growth.memory)
            var children: [GrowingNode] = []
            var parents: [GrowingNode] = []
            for (node, choice) in zip(frontier, choices) {
                guard let choice else {
                    growth.leaves.append((node.id, node.range))
                    continue
                }
                let (left, right) = growth.expand(node, by: choice, at: middles[parents.count])
                children += [left, right]
                parents.append(node)
            }
            if let first = children.first, growth.parameters.allowsSplit(atDepth: first.depth) {
                growth.histograms.fillChildren(&children, parents: parents, memory: growth.memory)
            }
            frontier = children
        }
    }
}
