import Foundation
import Synchronization
import Testing
import SluiceData
@testable import SluiceML

/// Two workers that hold the same rows: every sum comes back doubled. It counts the exchanges.
private final class TwinWorkers: Collective {
    let exchanges = Atomic<Int>(0)
    var rank: Int { 0 }
    var size: Int { 2 }

    func allReduceSum(_ values: inout [Double]) {
        exchanges.add(1, ordering: .relaxed)
        for index in values.indices { values[index] *= 2 }
    }

    func allGather(_ bytes: [UInt8]) -> [[UInt8]] { [bytes, bytes] }
    func broadcast(_ bytes: inout [UInt8], from root: Int) {}
}

/// 600 rows of three noisy features and a binary label, deterministic.
private func sample() -> (features: FeatureMatrix, labels: [Double]) {
    var generator = SeededGenerator(seed: 7)
    var columns = [[Float]](repeating: [], count: 3)
    var labels: [Double] = []
    for _ in 0..<600 {
        let x = (0..<3).map { _ in Float(Double(generator.next() >> 11) / 9_007_199_254_740_992 * 4 - 2) }
        for f in 0..<3 { columns[f].append(x[f]) }
        labels.append(x[0] + 0.5 * x[1] * x[1] + Float(Double(generator.next() >> 11) / 9_007_199_254_740_992) > 1.2 ? 1 : 0)
    }
    return (FeatureMatrix(names: ["a", "b", "c"], columns: columns), labels)
}

@Suite("Collective")
struct CollectiveTests {
    @Test("k-means and the linear learner sum through the collective: twin workers give exactly one worker's model")
    func kmeansAndLinear() throws {
        let (features, labels) = sample()
        let twins = TwinWorkers()
        var parameters = KMeansParameters(k: 4)
        parameters.seed = 3
        let alone = try KMeans(parameters: parameters).fit(features)
        let together = try KMeans(parameters: parameters, collective: twins).fit(features)
        #expect(together.centers == alone.centers && together.iterations == alone.iterations)
        #expect(twins.exchanges.load(ordering: .relaxed) == alone.iterations)
        let before = twins.exchanges.load(ordering: .relaxed)
        let linear = try LinearLearner(parameters: LinearParameters()).fit(features, labels: labels, loss: .logistic)
        let linearTogether = try LinearLearner(parameters: LinearParameters(), collective: twins).fit(features, labels: labels, loss: .logistic)
        #expect(linearTogether.weights == linear.weights && linearTogether.intercepts == linear.intercepts)
        #expect(twins.exchanges.load(ordering: .relaxed) > before)
    }

    @Test("boosting sums its root and histograms through the collective: twin workers grow the trees of the rows twice over")
    func boosting() throws {
        let (features, labels) = sample()
        var parameters = BoostingParameters()
        parameters.rounds = 5
        parameters.maxDepth = 4
        let twins = TwinWorkers()
        let together = try GradientBoostedTrees(parameters: parameters, collective: twins).fit(
            features: features, labels: labels, objective: .binaryLogistic)
        #expect(twins.exchanges.load(ordering: .relaxed) > 5)
        let doubled = FeatureMatrix(names: features.names, columns: features.columns.map { $0 + $0 })
        let twice = try GradientBoostedTrees(parameters: parameters).fit(features: doubled, labels: labels + labels,
                                                                          objective: .binaryLogistic)
        #expect(together.trees.map(\.splitFeatures) == twice.trees.map(\.splitFeatures))
        #expect(together.trees.map(\.splitBins) == twice.trees.map(\.splitBins))
        for (a, b) in zip(together.predict(features), twice.predict(features)) { #expect(abs(a - b) < 1e-5) }
        // Not what one worker alone learns: the hessians doubled against lambda.
        let alone = try GradientBoostedTrees(parameters: parameters).fit(features: features, labels: labels, objective: .binaryLogistic)
        #expect(zip(together.predict(features), alone.predict(features)).contains { abs($0 - $1) > 1e-4 })
    }
}
