/// Loss-guided growth (XGBoost's `lossguide`): always split the leaf whose best split gains most, until
/// `max_leaves` leaves (0: no limit) or no split gains enough.
enum LossguideGrowth: GrowthPolicy {
    static func grow(from root: GrowingNode, _ growth: inout TreeGrowth) {
        var candidates: [(node: GrowingNode, choice: SplitChoice)] = []
        func consider(_ nodes: [GrowingNode], _ growth: inout TreeGrowth) {
            for (node, choice) in zip(nodes, growth.splits.bestSplits(nodes, features: growth.features)) {
                if let choice { candidates.append((node, choice)) } else { growth.leaves.append((node.id, node.range)) }
            }
        }
        consider([root], &growth)
        let maxLeaves = growth.parameters.maxLeaves
        var leafCount = 1
        while let best = candidates.indices.max(by: { candidates[$0].choice.lossChange < candidates[$1].choice.lossChange }),
              maxLeaves == 0 || leafCount < maxLeaves {
            let (node, choice) = candidates.remove(at: best)
            let middle = growth.partitioner.partition([(node.range, choice)], memory: growth.memory)[0]
            let (left, right) = growth.expand(node, by: choice, at: middle)
            leafCount += 1
            var children = [left, right]
            if growth.parameters.allowsSplit(atDepth: left.depth) {
                growth.histograms.fillChildren(&children, parents: [node], memory: growth.memory)
                consider(children, &growth)
            } else {
                growth.leaves += children.map { ($0.id, $0.range) }
            }
        }
        growth.leaves += candidates.map { ($0.node.id, $0.node.range) }
    }
}
