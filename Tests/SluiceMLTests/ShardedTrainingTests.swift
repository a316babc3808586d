import Foundation
import Testing
import SluiceData
@testable import SluiceML

/// The telco churn table, and its rows cut into `count` shards of unequal sizes, in order.
private func shards(_ count: Int) throws -> (whole: Table, parts: [Table]) {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data/telco_churn.csv").path
    let table = try CSVReader.read(path: path).table
    // Shards of 50%, 30% and 20% (or two of 60% and 40%): not the even blocks of the replicated layout.
    let cuts = count == 2 ? [0, table.rowCount * 6 / 10, table.rowCount] : [0, table.rowCount / 2, table.rowCount * 8 / 10, table.rowCount]
    let parts = (0..<count).map { shard in
        table.filtered((0..<table.rowCount).map { (cuts[shard]..<cuts[shard + 1]).contains($0) })
    }
    return (table, parts)
}

@Suite("Training over shards")
struct ShardedTrainingTests {
    /// Steps whose pooled fit is exact (order statistics, counts, levels).
    private let recipe = Recipe(steps: [.impute(.median, columns: ["total_charges"]), .impute(.mode, columns: ["payment_method"])])

    @Test("a recipe fitted over shards is the whole table's: medians, modes and levels exactly, means and deviations to 1e-12",
          arguments: [2, 3])
    func recipes(workers: Int) throws {
        let (whole, parts) = try shards(workers)
        let steps = Recipe(steps: [.impute(.mean, columns: ["total_charges"]), .impute(.median, columns: ["monthly_charges"]),
                                   .impute(.mode, columns: ["contract"]), .scale(.standard, columns: ["tenure"]),
                                   .scale(.minmax, columns: ["monthly_charges"]), .encodeOrdinal(column: "contract", levels: nil),
                                   .encodeOneHot(columns: ["payment_method"])])
        let alone = try steps.fit(on: whole, target: "churn")
        for fitted in onTeam(workers, { try? steps.fit(on: parts[$0.rank], target: "churn", collective: $0) }) {
            let together = try #require(fitted)
            #expect(together.steps.count == alone.steps.count)
            for (a, b) in zip(together.steps, alone.steps) {
                switch (a, b) {
                case (.impute(let x), .impute(let y)):
                    #expect(x.keys == y.keys)
                    for key in x.keys {
                        if case .number(let p) = x[key]!, case .number(let q) = y[key]! { #expect(abs(p - q) <= 1e-12 * abs(q)) } else { #expect(x[key] == y[key]) }
                    }
                case (.scale(let x), .scale(let y)):
                    for key in y.keys {
                        #expect(abs(x[key]!.center - y[key]!.center) <= 1e-12 * max(1, abs(y[key]!.center)))
                        #expect(abs(x[key]!.scale - y[key]!.scale) <= 1e-12 * y[key]!.scale)
                    }
                default:
                    #expect(a == b)
                }
            }
        }
    }

    @Test("each worker holding its own shard, the recipe, cuts, base score and trees are the whole table's, bit for bit",
          arguments: [2, 3])
    func boostedTrees(workers: Int) throws {
        let (whole, parts) = try shards(workers)
        var parameters = BoostingParameters()
        parameters.rounds = 10
        parameters.maxDepth = 4
        parameters.subsample = 0.8
        parameters.threads = 1
        let fixed = parameters, recipe = recipe
        let alone = try Training.boostedTrees(on: whole, target: "churn", recipe: recipe, parameters: fixed, sluiceVersion: "test")
        let models = onTeam(workers) { collective in
            try? Training.boostedTrees(on: parts[collective.rank], target: "churn", recipe: recipe, parameters: fixed,
                                       sluiceVersion: "test", collective: collective, layout: .sharded)
        }
        let fingerprints = Set(models.compactMap { $0?.lineage.dataFingerprint })
        #expect(fingerprints.count == 1 && !fingerprints.contains(alone.lineage.dataFingerprint))
        for model in models {
            let together = try #require(model)
            // The lineage counts every shard's rows; the fingerprint, the same on every worker, is of the shards.
            #expect(together.lineage.trainingRows == whole.rowCount)
            #expect(together.recipe == alone.recipe)
            let a = try #require(together.trees), b = try #require(alone.trees)
            #expect(a.baseScore == b.baseScore)
            #expect(a.trees == b.trees)
        }
    }

    @Test("k-means++ draws the whole table's rows over shards, and the linear learner scales over them: equal to one process to 1e-9",
          arguments: [2, 3])
    func kmeansAndLinear(workers: Int) throws {
        let (whole, parts) = try shards(workers)
        let numeric = Recipe(steps: [.impute(.mean, columns: ["total_charges"])])
        let selected = try parts.map { try $0.selecting(["tenure", "monthly_charges", "total_charges", "churn"]) }
        let wholeSelected = try whole.selecting(["tenure", "monthly_charges", "total_charges", "churn"])
        var kmeans = KMeansParameters(k: 5)
        kmeans.seed = 9
        let fixedKMeans = kmeans
        let alone = try Training.kmeans(on: try wholeSelected.dropping(["churn"]), recipe: numeric, parameters: fixedKMeans, sluiceVersion: "t")
        for model in onTeam(workers, { collective in
            try? Training.kmeans(on: try! selected[collective.rank].dropping(["churn"]), recipe: numeric, parameters: fixedKMeans,
                                 sluiceVersion: "t", collective: collective, layout: .sharded)
        }) {
            let a = try #require(model?.clusters), b = try #require(alone.clusters)
            #expect(a.iterations == b.iterations && a.clusterSizes == b.clusterSizes)
            for (x, y) in zip(a.centers.joined(), b.centers.joined()) { #expect(abs(x - y) <= 1e-9 * max(1, abs(y))) }
        }
        let linear = try Training.linearLearner(on: wholeSelected, target: "churn", recipe: numeric, parameters: LinearParameters(),
                                                sluiceVersion: "t")
        for model in onTeam(workers, { collective in
            try? Training.linearLearner(on: selected[collective.rank], target: "churn", recipe: numeric, parameters: LinearParameters(),
                                        sluiceVersion: "t", collective: collective, layout: .sharded)
        }) {
            let a = try #require(model?.linear), b = try #require(linear.linear)
            for (x, y) in zip(a.weights.joined(), b.weights.joined()) { #expect(abs(x - y) <= 1e-9 * max(1, abs(y))) }
        }
        // Mini-batches: every worker takes as many batches as the whole table makes, whatever its shard's size
        // (else the workers would wait for each other at different batches). Batches differ from one process's,
        // so the weights are close, not equal.
        var adam = LinearParameters()
        adam.optimizer = .adam
        adam.epochs = 3
        let fixedAdam = adam
        let adamAlone = try Training.linearLearner(on: wholeSelected, target: "churn", recipe: numeric, parameters: fixedAdam,
                                                   sluiceVersion: "t")
        for model in onTeam(workers, { collective in
            try? Training.linearLearner(on: selected[collective.rank], target: "churn", recipe: numeric, parameters: fixedAdam,
                                        sluiceVersion: "t", collective: collective, layout: .sharded)
        }) {
            let a = try #require(model?.linear), b = try #require(adamAlone.linear)
            for (x, y) in zip(a.weights.joined(), b.weights.joined()) { #expect(abs(x - y) <= 0.1 * max(0.1, abs(y))) }
        }
    }

    @Test("a k-means cluster left empty restarts at the farthest row of all the shards, as in one process", arguments: [2, 3])
    func emptyClusters(workers: Int) throws {
        // Five distinct points, each many times and in runs (so each shard holds others), for eight
        // clusters: some must empty and restart at a row only some shards hold.
        let points: [[Float]] = [[0, 0], [10, 0], [0, 10], [10, 10], [5, 30]]
        let rows = (0..<300).map { points[$0 * points.count / 300] }
        let whole = FeatureMatrix(names: ["x", "y"], columns: [rows.map { $0[0] }, rows.map { $0[1] }])
        var parameters = KMeansParameters(k: 8)
        parameters.seed = 4
        parameters.initializations = 1
        let fixed = parameters
        let alone = try KMeans(parameters: fixed).fit(whole)
        #expect(alone.clusterSizes.contains(0))
        let cuts = (0...workers).map { $0 * rows.count / workers }
        for model in onTeam(workers, { collective in
            try? KMeans(parameters: fixed, collective: collective, layout: .sharded)
                .fit(whole.rows(cuts[collective.rank]..<cuts[collective.rank + 1]))
        }) {
            let together = try #require(model)
            #expect(together.centers == alone.centers && together.clusterSizes == alone.clusterSizes)
        }
    }
}

/// The estimator of each kind, nil when the model is of another (for `#require`).
private extension TrainedModel {
    var trees: BoostedTreesModel? { if case .boostedTrees(let model) = estimator { model } else { nil } }
    var clusters: KMeansModel? { if case .kmeans(let model) = estimator { model } else { nil } }
    var linear: LinearModel? { if case .linear(let model) = estimator { model } else { nil } }
}
