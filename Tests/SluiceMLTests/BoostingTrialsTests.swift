import SluiceData
import Testing
@testable import SluiceML

/// 600 rows: two numeric features, a colour, and three targets built from them (two classes, three, a number).
private func syntheticTable() throws -> Table {
    var generator = SeededGenerator(seed: 21)
    var a: [Double] = [], b: [Double] = [], colour: [Int32] = [], binary: [Int32] = [], species: [Int32] = [], value: [Double] = []
    for _ in 0..<600 {
        let x = Double(generator.nextIndex(below: 10_000)) / 10_000, y = Double(generator.nextIndex(below: 10_000)) / 10_000
        let c = generator.nextIndex(below: 3), noise = Double(generator.nextIndex(below: 1000)) / 1000 - 0.5
        a.append(x)
        b.append(y)
        colour.append(Int32(c))
        binary.append(x + y + 0.6 * noise + (c == 2 ? 0.3 : 0) > 1.1 ? 1 : 0)
        species.append(x + 0.5 * noise < 0.33 ? 0 : (y + 0.5 * noise < 0.5 ? 1 : 2))
        value.append(3 * x - 2 * y * y + Double(c) + noise)
    }
    return try Table(columns: [
        Column(name: "a", values: .float(a, missing: MissingMask())),
        Column(name: "b", values: .float(b, missing: MissingMask())),
        Column(name: "colour", values: .categorical(codes: colour, levels: ["red", "green", "blue"])),
        Column(name: "binary", values: .categorical(codes: binary, levels: ["no", "yes"])),
        Column(name: "species", values: .categorical(codes: species, levels: ["adelie", "chinstrap", "gentoo"])),
        Column(name: "value", values: .float(value, missing: MissingMask())),
    ])
}

@Suite("Boosting trials")
struct BoostingTrialsTests {
    @Test("a run advanced in steps grows exactly the trees of one uninterrupted fit")
    func steps() throws {
        var generator = SeededGenerator(seed: 5)
        let columns = (0..<3).map { _ in (0..<500).map { _ in Float(generator.nextIndex(below: 1000)) / 1000 } }
        let labels = (0..<500).map { row in Double(columns[0][row] + columns[1][row] * columns[2][row]) > 0.7 ? 1.0 : 0.0 }
        let features = FeatureMatrix(names: ["x0", "x1", "x2"], columns: columns)
        var parameters = BoostingParameters()
        parameters.rounds = 40
        parameters.subsample = 0.8
        parameters.colsampleByTree = 0.67
        parameters.seed = 3
        let whole = try GradientBoostedTrees(parameters: parameters).fit(features: features, labels: labels, objective: .binaryLogistic)
        var run = try BoostingRun(parameters: parameters, features: features, labels: labels, objective: .binaryLogistic,
                                  classCount: 2, validation: nil)
        for target in [7, 19, 19, 40, 50] { try run.advance(to: target) }
        #expect(run.roundsDone == 40)
        #expect(run.model().trees == whole.trees)
        #expect(run.model().evaluationLog == whole.evaluationLog)
    }

    @Test("a trial's score equals evaluating a model trained the usual way, for every metric of every task")
    func scoresMatchEvaluate() throws {
        let table = try syntheticTable()
        var parameters = BoostingParameters()
        parameters.rounds = 15
        parameters.maxDepth = 3
        parameters.subsample = 0.9
        for (target, others) in [("binary", ["species", "value"]), ("species", ["binary", "value"]), ("value", ["binary", "species"])] {
            let data = try table.dropping(others)
            let stratify = target == "value" ? nil : target
            let (train, validate) = try data.split(fraction: 0.8, stratify: stratify, seed: 2)
            let model = try Training.boostedTrees(on: train, target: target, parameters: parameters, sluiceVersion: "test")
            let evaluation = try model.evaluate(on: validate)
            let task = try Training.task(predicting: target, in: train)
            #expect(task == model.task)
            for metric in MetricDirection.names(for: task) {
                let trials = BoostingTrials(parts: [(train, validate)], target: target, recipe: Recipe(), metric: metric)
                let run = try trials.start(parameters, shouldStop: { false })
                let scored = try run.advance(to: run.fullResource)
                let expected = try #require(evaluation.metric(metric))
                #expect(scored.count == 1)
                #expect(abs(scored[0] - expected) <= 1e-12 * max(1, abs(expected)), "\(target) \(metric)")
            }
        }
    }

    @Test("trials give the same scores on one core as on all, and share the prepared parts")
    func threads() throws {
        let table = try syntheticTable().dropping(["species", "value"])
        let (train, validate) = try table.split(fraction: 0.8, stratify: "binary", seed: 9)
        let trials = BoostingTrials(parts: [(train, validate), (validate, train)], target: "binary", recipe: Recipe(), metric: "logloss")
        var parameters = BoostingParameters()
        parameters.rounds = 20
        parameters.threads = 1
        let single = try trials.start(parameters, shouldStop: { false })
        parameters.threads = 2
        let double = try trials.start(parameters, shouldStop: { false })
        #expect(try single.advance(to: 8) == double.advance(to: 8))
        #expect(try single.advance(to: 20) == double.advance(to: 20))
        #expect(try trials.task(objective: nil) == .binaryClassification(negative: "no", positive: "yes"))
    }

    @Test("interrupting a trial throws between rounds")
    func interrupt() throws {
        let table = try syntheticTable().dropping(["species", "value"])
        let (train, validate) = try table.split(fraction: 0.8, stratify: "binary", seed: 9)
        let trials = BoostingTrials(parts: [(train, validate)], target: "binary", recipe: Recipe(), metric: nil)
        let run = try trials.start(BoostingParameters(), shouldStop: { true })
        #expect(throws: ModelError.interrupted) { try run.advance(to: 10) }
    }
}
