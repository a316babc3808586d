import Foundation
import SluiceData

/// A parameter value a tuner tries.
public enum TuningValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public var description: String {
        switch self {
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.4g", value)
        case .text(let text): "\"\(text)\""
        }
    }
}

/// Where a tuned parameter's values come from.
public enum SearchRange: Sendable, Equatable, Codable {
    /// Uniform between the bounds; whole numbers only when `integer`.
    case uniform(Double, Double, integer: Bool)
    /// Uniform in the logarithm (both bounds > 0).
    case logUniform(Double, Double, integer: Bool)
    /// One of the candidates.
    case choices([TuningValue])

    /// A random value.
    func sample(_ generator: inout SeededGenerator) -> TuningValue {
        let u = Double(generator.next() >> 11) / Double(1 << 53)
        switch self {
        case .uniform(let low, let high, let integer):
            return .number(integer ? (low + (u * (high - low + 1)).rounded(.down)).clamped(low, high) : low + u * (high - low))
        case .logUniform(let low, let high, let integer):
            let value = exp(log(low) + u * (log(high) - log(low)))
            return .number(integer ? value.rounded().clamped(low, high) : value)
        case .choices(let values):
            return values[generator.nextIndex(below: values.count)]
        }
    }

    /// The value's position in [0, 1] (the logarithm's, for log ranges; the index's, for candidates).
    func encode(_ value: TuningValue) -> Double {
        switch (self, value) {
        case (.uniform(let low, let high, _), .number(let x)): return (x - low) / (high - low)
        case (.logUniform(let low, let high, _), .number(let x)): return (log(x) - log(low)) / (log(high) - log(low))
        case (.choices(let values), _):
            return values.count > 1 ? Double(values.firstIndex(of: value) ?? 0) / Double(values.count - 1) : 0
        default: return 0
        }
    }

    /// The value at position `unit` in [0, 1].
    func decode(_ unit: Double) -> TuningValue {
        let u = min(max(unit, 0), 1)
        switch self {
        case .uniform(let low, let high, let integer):
            let value = low + u * (high - low)
            return .number(integer ? value.rounded() : value)
        case .logUniform(let low, let high, let integer):
            let value = exp(log(low) + u * (log(high) - log(low)))
            return .number(integer ? value.rounded().clamped(low, high) : value)
        case .choices(let values):
            return values[min(values.count - 1, Int((u * Double(values.count - 1)).rounded()))]
        }
    }

    /// The values a grid search tries: every candidate, every whole number of a short
    /// integer range, or `points` evenly spaced values (in the logarithm for log ranges).
    func grid(points: Int = 5) -> [TuningValue] {
        switch self {
        case .choices(let values):
            return values
        case .uniform(let low, let high, let integer):
            if integer, high - low + 1 <= Double(points) * 2 {
                return stride(from: low, through: high, by: 1).map { TuningValue.number($0) }
            }
            var values: [TuningValue] = []
            for step in 0..<points {
                let value: Double = low + (high - low) * Double(step) / Double(points - 1)
                values.append(.number(integer ? value.rounded() : value))
            }
            return values
        case .logUniform(let low, let high, let integer):
            return (0..<points).map { step in
                let value = exp(log(low) + (log(high) - log(low)) * Double(step) / Double(points - 1))
                return .number(integer ? value.rounded() : value)
            }
        }
    }
}

private extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}

/// How the tuner chooses the next parameters.
public enum SearchStrategy: String, Sendable, Codable {
    /// A Gaussian process with expected improvement, after a few random trials.
    case bayesian
    case random, grid
}

/// One tried set of parameters and how it scored.
public struct TuningTrial: Sendable, Equatable {
    public var number: Int
    public var parameters: [String: TuningValue]
    /// The metric on each validation part: one value for a hold-out, one per fold for cross-validation.
    public var partValues: [Double]
    public var seconds: Double

    public init(number: Int, parameters: [String: TuningValue], partValues: [Double], seconds: Double) {
        self.number = number
        self.parameters = parameters
        self.partValues = partValues
        self.seconds = seconds
    }

    /// The mean of the part values: what the search ranks.
    public var value: Double { partValues.reduce(0, +) / Double(partValues.count) }

    /// The population standard deviation of the part values (as `numpy.std` of scikit-learn's
    /// `cross_val_score`); 0 for a single hold-out.
    public var standardDeviation: Double {
        let mean = value
        return (partValues.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(partValues.count)).squareRoot()
    }
}

/// Tries parameter sets from a search space, seeded and reproducible.
public struct Tuner: Sendable {
    public var ranges: [(name: String, range: SearchRange)]
    public var strategy: SearchStrategy
    public var trials: Int
    public var seed: UInt64
    public var maximize: Bool

    public init(ranges: [(name: String, range: SearchRange)], strategy: SearchStrategy, trials: Int, seed: UInt64, maximize: Bool) {
        self.ranges = ranges
        self.strategy = strategy
        self.trials = trials
        self.seed = seed
        self.maximize = maximize
    }

    /// The parameter sets to try, in order: random draws, or the grid's points (shuffled, at most `trials`).
    public func candidates() -> [[String: TuningValue]] {
        var generator = SeededGenerator(seed: seed)
        switch strategy {
        case .random, .bayesian:
            return (0..<trials).map { _ in
                Dictionary(uniqueKeysWithValues: ranges.map { ($0.name, $0.range.sample(&generator)) })
            }
        case .grid:
            var points: [[String: TuningValue]] = [[:]]
            for (name, range) in ranges {
                points = points.flatMap { point in range.grid().map { point.merging([name: $0]) { $1 } } }
            }
            if points.count <= trials { return points }
            return generator.permutation(of: points.count).prefix(trials).map { points[$0] }
        }
    }

    /// How many random trials start a Bayesian search.
    var initialRandomTrials: Int { min(trials, max(5, ranges.count + 2)) }

    /// Runs `score` on each candidate until done or `shouldStop`; interrupted runs keep the trials finished so far.
    /// `score` gives the metric on each validation part (one hold-out, or each fold); trials rank by their mean.
    public func run(score: ([String: TuningValue]) throws -> [Double], shouldStop: () -> Bool,
                    progress: (TuningTrial, Int) -> Void = { _, _ in }) throws -> [TuningTrial] {
        var finished: [TuningTrial] = []
        let all = strategy == .bayesian ? Tuner(ranges: ranges, strategy: .random, trials: trials, seed: seed, maximize: maximize).candidates()
            : candidates()
        var generator = SeededGenerator(seed: seed &+ 0x5EED)
        let search = BayesianSearch(dimensions: ranges.count, maximize: maximize)
        for index in all.indices {
            if shouldStop() { break }
            var parameters = all[index]
            let usable = finished.filter { $0.value.isFinite }
            if strategy == .bayesian, index >= initialRandomTrials, usable.count >= 2 {
                let points = usable.map { trial in ranges.map { $0.range.encode(trial.parameters[$0.name]!) } }
                let next = search.suggest(points: points, values: usable.map(\.value), generator: &generator)
                parameters = Dictionary(uniqueKeysWithValues: ranges.indices.map { (ranges[$0].name, ranges[$0].range.decode(next[$0])) })
            }
            let started = Date()
            let partValues: [Double]
            do {
                partValues = try score(parameters)
            } catch ModelError.interrupted {
                break
            }
            precondition(!partValues.isEmpty, "a trial is scored on at least one validation part")
            let trial = TuningTrial(number: index + 1, parameters: parameters, partValues: partValues,
                                    seconds: Date().timeIntervalSince(started))
            finished.append(trial)
            progress(trial, all.count)
        }
        return finished
    }

    /// The best of `trials` for the direction of the metric.
    public func best(of trials: [TuningTrial]) -> TuningTrial? {
        trials.filter { $0.value.isFinite }.max { maximize ? $0.value < $1.value : $0.value > $1.value }
    }
}
