import Testing
@testable import SluiceML

/// A stand-in trial whose metric after `r` rounds is `final · r / fullResource`: it climbs to its final value.
/// It records how far it was trained.
private final class RampTrialRun: TrialRun, @unchecked Sendable {
    let fullResource: Int
    let final: Double
    private(set) var trainedTo = 0

    init(final: Double, fullResource: Int = 100) {
        self.final = final
        self.fullResource = fullResource
    }

    func advance(to resource: Int) throws -> [Double] {
        precondition(resource > trainedTo && resource <= fullResource, "trained on from \(trainedTo) to \(resource)")
        trainedTo = resource
        return [final * Double(resource) / Double(fullResource)]
    }
}

private func x(_ parameters: [String: TuningValue]) -> Double {
    guard case .number(let value) = parameters["x"]! else { return .nan }
    return value
}

/// Runs the tuner over ramps whose final value is the parameter `x`; returns the trials and the runs in start order.
private func runRamps(_ tuner: Tuner) throws -> ([TuningTrial], [RampTrialRun]) {
    var runs: [RampTrialRun] = []
    let trials = try tuner.run(start: { parameters, _ in
        let run = RampTrialRun(final: x(parameters))
        runs.append(run)
        return run
    }, shouldStop: { false })
    return (trials, runs)
}

private let unitRange: [(name: String, range: SearchRange)] = [("x", .uniform(0, 1, integer: false))]

@Suite("Trial scheduling")
struct TrialSchedulingTests {
    @Test("the median rule waits for five completed trials, then stops a trial whose best is below their median")
    func medianRule() {
        var rule = MedianStoppingRule(maximize: true)
        for value in [0.1, 0.2, 0.3, 0.4] { rule.addCompleted([10: value, 20: value * 2]) }
        #expect(!rule.stops(best: 0, at: 10))
        rule.addCompleted([10: 0.5, 20: 1.0])
        #expect(rule.stops(best: 0.29, at: 10))
        #expect(!rule.stops(best: 0.3, at: 10))
        #expect(rule.stops(best: 0.59, at: 20))
        #expect(!rule.stops(best: 0.29, at: 30))  // no completed trial was scored there
        rule.addCompleted([10: 0.6])
        #expect(rule.stops(best: 0.34, at: 10) && !rule.stops(best: 0.35, at: 10))  // even count: mean of 0.3 and 0.4
        var minimizing = MedianStoppingRule(maximize: false)
        for value in [1.0, 2, 3, 4, 5] { minimizing.addCompleted([10: value]) }
        #expect(minimizing.stops(best: 3.5, at: 10) && !minimizing.stops(best: 3, at: 10))
    }

    @Test("with the median rule, exactly the trials below the running median stop, at the first checkpoint")
    func medianStopping() throws {
        var tuner = Tuner(ranges: unitRange, strategy: .random, trials: 25, seed: 3, maximize: true)
        tuner.stopsByMedian = true
        let (trials, runs) = try runRamps(tuner)
        // By hand: a ramp's best at round 10 is a tenth of its final value, so it stops there exactly when
        // its final value is below the median of the completed trials' final values.
        var completed: [Double] = []
        for (trial, run) in zip(trials, runs) {
            let sorted = completed.sorted()
            let median = sorted.isEmpty ? 0 : sorted.count % 2 == 1 ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            let stops = completed.count >= 5 && run.final < median
            #expect(trial.stoppedAt == (stops ? 10 : nil), "trial \(trial.number)")
            #expect(run.trainedTo == (stops ? 10 : 100))
            #expect(abs(trial.value - (stops ? run.final / 10 : run.final)) < 1e-12)
            if !stops { completed.append(run.final) }
        }
        #expect(trials.contains { $0.stoppedAt != nil })
        let best = try #require(tuner.best(of: trials))
        #expect(best.stoppedAt == nil && abs(best.value - completed.max()!) < 1e-12)
    }

    @Test("Hyperband brackets follow Li et al. with eta 3, hand-computed")
    func hyperbandSchedule() {
        typealias Rung = HyperbandSchedule.Rung
        func rungs(_ pairs: [(Int, Int)]) -> [Rung] { pairs.map { Rung(candidates: $0.0, resource: $0.1) } }
        #expect(HyperbandSchedule(candidates: 30, fullResource: 100).brackets == [
            rungs([(17, 4), (5, 11), (1, 33), (1, 100)]), rungs([(7, 11), (2, 33), (1, 100)]), rungs([(4, 33), (1, 100)]),
            rungs([(2, 100)]),
        ])
        #expect(HyperbandSchedule(candidates: 5, fullResource: 10).brackets == [
            rungs([(3, 1), (1, 3), (1, 10)]), rungs([(1, 3), (1, 10)]), rungs([(1, 10)]),
        ])
        #expect(HyperbandSchedule(candidates: 1, fullResource: 100).brackets == [rungs([(1, 4), (1, 11), (1, 33), (1, 100)])])
        #expect(HyperbandSchedule(candidates: 4, fullResource: 2).brackets == [rungs([(4, 2)])])
    }

    @Test("Hyperband trains each rung's best on and stops the rest there")
    func hyperband() throws {
        let tuner = Tuner(ranges: unitRange, strategy: .hyperband, trials: 30, seed: 8, maximize: true)
        let (trials, runs) = try runRamps(tuner)
        #expect(trials.map(\.number) == Array(1...30))
        #expect(zip(trials, runs).allSatisfy { trial, run in run.trainedTo == (trial.stoppedAt ?? 100) })
        #expect(Dictionary(grouping: trials) { $0.stoppedAt ?? 100 }.mapValues(\.count) == [4: 12, 11: 9, 33: 4, 100: 5])
        // Within a bracket (trial numbers 1–17, 18–24, 25–28, 29–30), every trial that went further beats every one stopped earlier.
        for bracket in [1...17, 18...24, 25...28, 29...30] {
            let members = trials.filter { bracket.contains($0.number) }
            for a in members { for b in members where (a.stoppedAt ?? 100) > (b.stoppedAt ?? 100) {
                #expect(runs[a.number - 1].final > runs[b.number - 1].final)
            } }
        }
        let best = try #require(tuner.best(of: trials))
        #expect(best.stoppedAt == nil)
    }

    @Test("parallel trials give the same trials as one at a time, and Bayesian batches repeat for a seed")
    func parallel() throws {
        func run(_ strategy: SearchStrategy, parallel: Int) throws -> [TuningTrial] {
            var tuner = Tuner(ranges: unitRange + [("y", .logUniform(0.1, 10, integer: false))], strategy: strategy, trials: 12,
                              seed: 4, maximize: false)
            tuner.parallel = parallel
            return try tuner.run(start: { parameters, threads in
                #expect(threads == max(1, defaultThreadCount / parallel))
                let value = (x(parameters) - 0.4) * (x(parameters) - 0.4)
                return ComputedTrialRun { [value] }
            }, shouldStop: { false }).map { trial in
                var trial = trial
                trial.seconds = 0
                return trial
            }
        }
        #expect(try run(.random, parallel: 3) == run(.random, parallel: 1))
        let batched = try run(.bayesian, parallel: 3)
        #expect(batched == (try run(.bayesian, parallel: 3)))
        let sequential = try run(.bayesian, parallel: 1)
        #expect(Array(batched.prefix(5)) == Array(sequential.prefix(5)))  // the random start is the same
        #expect(batched.count == 12)
    }

    @Test("concurrently keeps index order, uses at most its width and reports each failure at its index")
    func concurrentWork() {
        struct Odd: Error {}
        let results = concurrently(9, width: 2) { index -> Int in
            if index % 2 == 1 { throw Odd() }
            return index * index
        }
        #expect(results.count == 9)
        for (index, result) in results.enumerated() {
            switch result {
            case .success(let value): #expect(index % 2 == 0 && value == index * index)
            case .failure(let error): #expect(index % 2 == 1 && error is Odd)
            }
        }
    }
}
