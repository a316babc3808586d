import Foundation
import SluiceData

extension Tuner {
    /// Hyperband: random candidates in the brackets of ``HyperbandSchedule``. At each rung the
    /// surviving candidates train on to the rung's rounds (`parallel` at a time) and the best keep going;
    /// the others are finished trials stopped at that rung. Each bracket's last survivor trains in full.
    func runHyperband(start: ([String: TuningValue], _ threads: Int) throws -> any TrialRun, shouldStop: () -> Bool,
                      progress: (TuningTrial, Int) -> Void) throws -> [TuningTrial] {
        let all = candidates()
        guard let first = all.first else { return [] }
        let firstRun = try start(first, threadsPerTrial)
        let schedule = HyperbandSchedule(candidates: all.count, fullResource: firstRun.fullResource)
        var finished: [TuningTrial] = []
        var offset = 0
        for bracket in schedule.brackets {
            if shouldStop() { break }
            let numbers = Array(offset..<(offset + bracket[0].candidates))
            offset += numbers.count
            var runs: [any TrialRun] = []
            for trial in numbers { runs.append(trial == 0 ? firstRun : try start(all[trial], threadsPerTrial)) }
            var alive = Array(numbers.indices)
            var seconds = [Double](repeating: 0, count: numbers.count)
            var values = [[Double]](repeating: [], count: numbers.count)
            for (step, rung) in bracket.enumerated() {
                if shouldStop() { return finished.sorted { $0.number < $1.number } }
                let training = alive
                let runsNow = runs
                let outcomes = concurrently(training.count, width: parallel) { position -> ([Double], Double) in
                    let started = Date()
                    let result = try runsNow[training[position]].advance(to: rung.resource)
                    return (result, Date().timeIntervalSince(started))
                }
                for (position, outcome) in outcomes.enumerated() {
                    switch outcome {
                    case .success(let (result, time)):
                        values[training[position]] = result
                        seconds[training[position]] += time
                    case .failure(ModelError.interrupted): return finished.sorted { $0.number < $1.number }
                    case .failure(let error): throw error
                    }
                }
                let mean = { (index: Int) in values[index].reduce(0, +) / Double(values[index].count) }
                let ranked = training.sorted { a, b in
                    let (x, y) = (mean(a), mean(b))
                    if x.isFinite != y.isFinite { return x.isFinite }
                    return maximize ? x > y : x < y
                }
                let last = step == bracket.count - 1
                let keep = last ? ranked.count : bracket[step + 1].candidates
                alive = Array(ranked.prefix(keep))
                for index in (last ? ranked : Array(ranked.dropFirst(keep))).sorted() {
                    let trial = TuningTrial(number: numbers[index] + 1, parameters: all[numbers[index]], partValues: values[index],
                                            seconds: seconds[index], stoppedAt: rung.resource < runs[index].fullResource ? rung.resource : nil)
                    finished.append(trial)
                    progress(trial, all.count)
                }
            }
        }
        return finished.sorted { $0.number < $1.number }
    }
}
