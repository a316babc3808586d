import Foundation
import Synchronization
import Testing
import SluiceData
@testable import SluiceML

/// `rows` rows of three noisy features and a binary label, deterministic.
private func sample(rows: Int = 600) -> (features: FeatureMatrix, labels: [Double]) {
    var generator = SeededGenerator(seed: 7)
    var columns = [[Float]](repeating: [], count: 3)
    var labels: [Double] = []
    for _ in 0..<rows {
        let x = (0..<3).map { _ in Float(Double(generator.next() >> 11) / 9_007_199_254_740_992 * 4 - 2) }
        for f in 0..<3 { columns[f].append(x[f]) }
        labels.append(x[0] + 0.5 * x[1] * x[1] + Float(Double(generator.next() >> 11) / 9_007_199_254_740_992) > 1.2 ? 1 : 0)
    }
    return (FeatureMatrix(names: ["a", "b", "c"], columns: columns), labels)
}

@Suite("Collective")
struct CollectiveTests {
    @Test("k-means and the linear learner over 2 and 3 workers, each summing its block of the rows, equal a single process's",
          arguments: [2, 3])
    func kmeansAndLinear(workers: Int) throws {
        let (features, labels) = sample(rows: 3_000)
        var setting = KMeansParameters(k: 4)
        setting.seed = 3
        let parameters = setting
        let alone = try KMeans(parameters: parameters).fit(features)
        for together in onTeam(workers, { try? KMeans(parameters: parameters, collective: $0).fit(features) }) {
            let model = try #require(together)
            #expect(model.iterations == alone.iterations && model.clusterSizes == alone.clusterSizes)
            #expect(abs(model.inertia - alone.inertia) <= 1e-9 * alone.inertia)
            for (a, b) in zip(model.centers.joined(), alone.centers.joined()) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
        }
        let linear = try LinearLearner(parameters: LinearParameters()).fit(features, labels: labels, loss: .logistic)
        for together in onTeam(workers, { try? LinearLearner(parameters: LinearParameters(), collective: $0).fit(features, labels: labels, loss: .logistic) }) {
            let model = try #require(together)
            for (a, b) in zip(model.weights.joined(), linear.weights.joined()) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
            for (a, b) in zip(model.intercepts, linear.intercepts) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
        }
    }

    @Test("boosting over 2 and 3 workers, each growing from its block of the rows, gives the single process's trees bit for bit",
          arguments: [2, 3])
    func dataParallelBoosting(workers: Int) throws {
        // Many rows, and rounds enough (at eta 1) that some gradients become tiny beside others: their
        // sums in another order would round differently.
        let (features, labels) = sample(rows: 50_000)
        for objective in [BoostingObjective.binaryLogistic, .squaredError] {
            var parameters = BoostingParameters()
            parameters.rounds = 12
            parameters.eta = 1
            parameters.maxDepth = 5
            parameters.subsample = 0.8
            parameters.colsampleByTree = 0.7
            let alone = try GradientBoostedTrees(parameters: parameters).fit(features: features, labels: labels, objective: objective)
            var own = parameters
            own.threads = 1
            let shared = own
            let models = onTeam(workers) {
                try? GradientBoostedTrees(parameters: shared, collective: $0).fit(features: features, labels: labels, objective: objective)
            }
            for model in models {
                let together = try #require(model)
                #expect(together.trees == alone.trees, "\(objective) over \(workers) workers")
                #expect(together.baseScore == alone.baseScore)
                #expect(together.predict(features) == alone.predict(features))
            }
        }
    }

    @Test("gradients on the grid sum to the same Double in any order; as they come, they do not")
    func orderFreeSums() {
        // Gradients of every size from 1 down to 2^-40, as confident predictions make them.
        var generator = SeededGenerator(seed: 11)
        let values: [Float] = (0..<100_000).map { _ in
            let magnitude = Float(sign: .plus, exponent: -Int(generator.next() % 41), significand: 1 + Float(generator.next() % 1000) / 1000)
            return generator.next() % 2 == 0 ? magnitude : -magnitude
        }
        func sums(_ values: [Float]) -> (forward: Double, backward: Double, blocks: Double) {
            let forward = values.reduce(0.0) { $0 + Double($1) }
            let backward = values.reversed().reduce(0.0) { $0 + Double($1) }
            let blocks = stride(from: 0, to: values.count, by: 7_000).map { start in
                values[start..<min(start + 7_000, values.count)].reduce(0.0) { $0 + Double($1) }
            }.reduce(0, +)
            return (forward, backward, blocks)
        }
        let raw = sums(values)
        #expect(raw.forward != raw.backward || raw.forward != raw.blocks, "the premise: unrounded sums depend on order")
        let grid = GradientGrid(rows: values.count, bounds: (2, 2)).gradients
        let rounded = sums(values.map { Float(grid.snap(Double($0))) })
        #expect(rounded.forward == rounded.backward && rounded.forward == rounded.blocks)
        #expect(abs(rounded.forward - raw.forward) < 1e-4)
    }

    @Test("gradients are rounded to a grid on which any sum of a million is exact")
    func exactStep() {
        typealias Grid = GradientGrid.Grid
        #expect(Grid.exactStep(bound: 1_000_000) == 0x1p-32)
        #expect(Grid.exactStep(bound: 0.5) == 0x1p-52)
        #expect(Grid.exactStep(bound: 0) == 1)
        #expect(Grid.exactStep(bound: 1e-300) == Double(Float.leastNormalMagnitude))
        // Snapping rounds to the nearest multiple, ties to even, and leaves multiples alone.
        let grid = Grid(step: 0x1p-4)
        #expect(grid.snap(0.03) == 0)
        #expect(grid.snap(0.1) == 0.125 && grid.snap(-0.1) == -0.125 && grid.snap(0.09375) == 0.125 && grid.snap(0.75) == 0.75)
        #expect(Grid(step: 0).snap(0.1) == 0.1)
    }
}
