/// Finds each node's best split from its histogram: every allowed feature and bin, both ways for
/// missing values, scored by XGBoost's gain.
struct SplitEvaluator {
    let cuts: QuantileCuts
    let parameters: BoostingParameters
    let criteria: SplitCriteria
    let threads: Int

    init(cuts: QuantileCuts, parameters: BoostingParameters, threads: Int) {
        self.cuts = cuts
        self.parameters = parameters
        criteria = SplitCriteria(parameters)
        self.threads = threads
    }

    func bestSplits(_ nodes: [GrowingNode], features: [Int]) -> [SplitChoice?] {
        let choices = SharedBuffer<SplitChoice?>(repeating: nil, count: nodes.count)
        parallelFor(nodes.count, threads: threads) { index in
            let node = nodes[index]
            guard parameters.allowsSplit(atDepth: node.depth), let histogram = node.histogram else { return }
            choices[index] = bestSplit(histogram, gradient: node.gradient, hessian: node.hessian, features: features)
        }
        return choices.array
    }

    /// The split with the largest loss change over every allowed feature and
    /// bin, both ways for missing values; nil when none gains more than
    /// 1e-6 and `gamma`.
    private func bestSplit(_ histogram: [Double], gradient: Double, hessian: Double, features: [Int]) -> SplitChoice? {
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
}
