import Testing
@testable import SluiceML

@Suite("Tuner")
struct TunerTests {
    @Test("random draws stay in range, respect integer and log ranges, and repeat for a seed")
    func random() {
        let tuner = Tuner(ranges: [("eta", .logUniform(0.01, 0.3, integer: false)), ("depth", .uniform(3, 10, integer: true)),
                                   ("kind", .choices([.text("a"), .text("b")]))],
                          strategy: .random, trials: 200, seed: 9, maximize: true)
        let draws = tuner.candidates()
        #expect(draws == tuner.candidates())
        for draw in draws {
            guard case .number(let eta) = draw["eta"]!, case .number(let depth) = draw["depth"]! else {
                Issue.record("not numbers")
                return
            }
            #expect(eta >= 0.01 && eta <= 0.3)
            #expect(depth >= 3 && depth <= 10 && depth == depth.rounded())
        }
        #expect(Set(draws.compactMap { if case .number(let d) = $0["depth"]! { return d } else { return nil } }).count == 8)
        // Log-uniform: about as many draws below the geometric midpoint (~0.055) as above it.
        let below = draws.filter { if case .number(let e) = $0["eta"]! { return e < (0.01 * 0.3).squareRoot() } else { return false } }.count
        #expect(below > 70 && below < 130)
    }

    @Test("grid search takes every candidate, short integer ranges whole, others at five points")
    func grid() {
        let tuner = Tuner(ranges: [("l2", .choices([.number(0.1), .number(1)])), ("depth", .uniform(3, 5, integer: true)),
                                   ("eta", .logUniform(0.01, 1, integer: false))],
                          strategy: .grid, trials: 100, seed: 1, maximize: true)
        let points = tuner.candidates()
        #expect(points.count == 2 * 3 * 5)
        #expect(Set(points.map { $0["eta"]!.description }) == ["0.01", "0.03162", "0.1", "0.3162", "1"])
        #expect(Tuner(ranges: tuner.ranges, strategy: .grid, trials: 7, seed: 1, maximize: true).candidates().count == 7)
    }

    @Test("the best trial follows the direction; interruption keeps finished trials")
    func bestAndInterrupt() throws {
        let tuner = Tuner(ranges: [("x", .uniform(0, 1, integer: false))], strategy: .random, trials: 10, seed: 2, maximize: false)
        var calls = 0
        let trials = try tuner.run(start: { parameters, _ in
            calls += 1
            return ComputedTrialRun {
                guard case .number(let x) = parameters["x"]! else { return [.nan] }
                return [(x - 0.3) * (x - 0.3)]
            }
        }, shouldStop: { calls >= 4 })
        #expect(trials.count == 4)
        let best = try #require(tuner.best(of: trials))
        #expect(best.value == trials.map(\.value).min())
    }

    @Test("a cross-validated trial keeps each fold's value and ranks by their mean; the spread is the population std")
    func foldValues() throws {
        let tuner = Tuner(ranges: [("x", .uniform(0, 1, integer: false))], strategy: .random, trials: 3, seed: 5, maximize: true)
        var call = 0.0
        let trials = try tuner.run(start: { _, _ in
            call += 1
            let k = call
            return ComputedTrialRun { [0.8, 0.9, 1.0].map { $0 * k / 3 } }
        }, shouldStop: { false })
        #expect(trials.map(\.partValues) == [1.0, 2.0, 3.0].map { k in [0.8, 0.9, 1.0].map { $0 * k / 3 } })
        let best = try #require(tuner.best(of: trials))
        #expect(best.number == 3)
        #expect(abs(best.value - 0.9) < 1e-15)
        // numpy.std([0.8, 0.9, 1.0]) = sqrt(0.02 / 3)
        #expect(abs(best.standardDeviation - (0.02 / 3).squareRoot()) < 1e-15)
        #expect(TuningTrial(number: 1, parameters: [:], partValues: [0.7], seconds: 0).standardDeviation == 0)
    }

    @Test("Bayesian search homes in on a smooth optimum and beats random search with the same budget")
    func bayesian() throws {
        let ranges: [(name: String, range: SearchRange)] = [("x", .uniform(0, 1, integer: false)), ("y", .uniform(0, 1, integer: false))]
        @Sendable func score(_ parameters: [String: TuningValue]) -> Double {
            guard case .number(let x) = parameters["x"]!, case .number(let y) = parameters["y"]! else { return .nan }
            return -((x - 0.3) * (x - 0.3) + (y - 0.7) * (y - 0.7))
        }
        var wins = 0
        for seed in 0..<5 {
            let bayesian = Tuner(ranges: ranges, strategy: .bayesian, trials: 20, seed: UInt64(seed), maximize: true)
            let random = Tuner(ranges: ranges, strategy: .random, trials: 20, seed: UInt64(seed), maximize: true)
            let start: ([String: TuningValue], Int) -> any TrialRun = { parameters, _ in ComputedTrialRun { [score(parameters)] } }
            let bestBayesian = try #require(bayesian.best(of: try bayesian.run(start: start, shouldStop: { false }))).value
            let bestRandom = try #require(random.best(of: try random.run(start: start, shouldStop: { false }))).value
            #expect(bestBayesian > -0.002, "seed \(seed): \(bestBayesian)")
            if bestBayesian >= bestRandom { wins += 1 }
        }
        #expect(wins >= 4)
    }

    @Test("values map to [0, 1] and back")
    func encoding() {
        let log = SearchRange.logUniform(0.01, 1, integer: false)
        #expect(abs(log.encode(.number(0.1)) - 0.5) < 1e-12)
        guard case .number(let middle) = log.decode(0.5) else {
            Issue.record("the middle of a log range is not a number: \(log.decode(0.5))")
            return
        }
        #expect(abs(middle - 0.1) < 1e-12)
        let choices = SearchRange.choices([.text("a"), .text("b"), .text("c")])
        #expect(choices.decode(choices.encode(.text("b"))) == .text("b"))
        #expect(SearchRange.uniform(3, 10, integer: true).decode(0.5) == .number(7))
    }
}
