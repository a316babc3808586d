import Dispatch
import Foundation
import SluiceData
import Synchronization

/// Tries parameter sets from a search space, seeded and reproducible.
public struct Tuner: Sendable {
    public var ranges: [(name: String, range: SearchRange)]
    public var strategy: SearchStrategy
    public var trials: Int
    public var seed: UInt64
    public var maximize: Bool
    /// Trials trained at once, each on its share of the cores. Bayesian search suggests a batch at a
    /// time, the batch's pending points counted at the mean value seen so far (a "constant liar").
    public var parallel = 1
    /// Whether the median stopping rule stops unpromising trials early (trials trained in rounds only).
    public var stopsByMedian = false
    /// Boosting rounds between the median rule's checkpoints.
    public var checkpointInterval = 10

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
        case .random, .bayesian, .hyperband:
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

    /// Cores for each of the trials trained at once.
    var threadsPerTrial: Int { max(1, defaultThreadCount / max(1, parallel)) }

    /// Runs the search: `start` sets up a candidate's training (given the cores it may use), and the tuner
    /// advances it, `parallel` at a time, until done or `shouldStop`. Interrupted runs keep the trials
    /// finished so far. `progress` sees each finished trial and the number planned.
    public func run(start: ([String: TuningValue], _ threads: Int) throws -> any TrialRun, shouldStop: () -> Bool,
                    progress: (TuningTrial, Int) -> Void = { _, _ in }) throws -> [TuningTrial] {
        if strategy == .hyperband {
            return try runHyperband(start: start, shouldStop: shouldStop, progress: progress)
        }
        var finished: [TuningTrial] = []
        let all = candidates()
        var generator = SeededGenerator(seed: seed &+ 0x5EED)
        let search = BayesianSearch(dimensions: ranges.count, maximize: maximize)
        var rule = MedianStoppingRule(maximize: maximize)
        var index = 0
        while index < all.count, !shouldStop() {
            var batch: [[String: TuningValue]] = []
            for position in index..<min(all.count, index + max(1, parallel)) {
                let usable = finished.filter { $0.value.isFinite }
                if strategy == .bayesian, position >= initialRandomTrials, usable.count >= 2 {
                    batch.append(suggestion(search, usable: usable, pending: batch, generator: &generator))
                } else {
                    batch.append(all[position])
                }
            }
            let runs = try batch.map { try start($0, threadsPerTrial) }
            let snapshot = rule
            let (stopsByMedian, interval, maximize) = (stopsByMedian, checkpointInterval, maximize)
            let outcomes = concurrently(runs.count, width: parallel) { position in
                try Self.train(runs[position], rule: stopsByMedian ? snapshot : nil, interval: interval, maximize: maximize)
            }
            for (position, outcome) in outcomes.enumerated() {
                switch outcome {
                case .success(let result):
                    let trial = TuningTrial(number: index + position + 1, parameters: batch[position], partValues: result.values,
                                            seconds: result.seconds, stoppedAt: result.stoppedAt)
                    if result.stoppedAt == nil { rule.addCompleted(result.curve) }
                    finished.append(trial)
                    progress(trial, all.count)
                case .failure(ModelError.interrupted):
                    return finished
                case .failure(let error):
                    throw error
                }
            }
            index += batch.count
        }
        return finished
    }

    /// The next Bayesian suggestion, with the batch's pending points counted at the mean value seen so far.
    private func suggestion(_ search: BayesianSearch, usable: [TuningTrial], pending: [[String: TuningValue]],
                            generator: inout SeededGenerator) -> [String: TuningValue] {
        let tried = (usable.map(\.parameters) + pending).map { parameters in ranges.map { $0.range.encode(parameters[$0.name]!) } }
        let seen = usable.map(\.value)
        let liar = seen.reduce(0, +) / Double(seen.count)
        let next = search.suggest(points: tried, values: seen + pending.map { _ in liar }, generator: &generator)
        return Dictionary(uniqueKeysWithValues: ranges.indices.map { (ranges[$0].name, ranges[$0].range.decode(next[$0])) })
    }

    private struct TrainingResult: Sendable {
        var values: [Double]
        var curve: [Int: Double]
        var stoppedAt: Int?
        var seconds: Double
    }

    /// Trains one trial in full, or with `rule`, checkpoint by checkpoint until the rule stops it.
    private static func train(_ run: any TrialRun, rule: MedianStoppingRule?, interval: Int, maximize: Bool) throws -> TrainingResult {
        let started = Date()
        let full = run.fullResource
        let checkpoints = rule == nil ? [full] : Array(stride(from: interval, to: full, by: interval)) + [full]
        var curve: [Int: Double] = [:]
        var best: Double?
        for checkpoint in checkpoints {
            let values = try run.advance(to: checkpoint)
            precondition(!values.isEmpty, "a trial is scored on at least one validation part")
            let mean = values.reduce(0, +) / Double(values.count)
            curve[checkpoint] = mean
            if best == nil || !(best!.isFinite) || (maximize ? mean > best! : mean < best!) { best = mean }
            if checkpoint < full, let rule, rule.stops(best: best!, at: checkpoint) {
                return TrainingResult(values: values, curve: curve, stoppedAt: checkpoint, seconds: Date().timeIntervalSince(started))
            }
            if checkpoint == full {
                return TrainingResult(values: values, curve: curve, stoppedAt: nil, seconds: Date().timeIntervalSince(started))
            }
        }
        preconditionFailure("the last checkpoint is the full resource")
    }

    /// The best of the trials that trained in full, for the direction of the metric.
    public func best(of trials: [TuningTrial]) -> TuningTrial? {
        trials.filter { $0.value.isFinite && $0.stoppedAt == nil }.max { maximize ? $0.value < $1.value : $0.value > $1.value }
    }
}

/// Runs `body` for `0..<count`, at most `width` at once, and returns each outcome in index order.
func concurrently<T: Sendable>(_ count: Int, width: Int, _ body: @Sendable (Int) throws -> T) -> [Result<T, any Error>] {
    let results = SharedBuffer<Result<T, any Error>?>(repeating: nil, count: count)
    let next = Mutex(0)
    let workers = max(1, min(width, count))
    @Sendable func work() {
        while true {
            let index = next.withLock { value -> Int in
                defer { value += 1 }
                return value
            }
            guard index < count else { return }
            results[index] = Result { try body(index) }
        }
    }
    if workers == 1 { work() } else { DispatchQueue.concurrentPerform(iterations: workers) { _ in work() } }
    return results.array.map { $0! }
}
