/// The median stopping rule, as Optuna's `MedianPruner` applies it: at a
/// checkpoint, a trial stops when the best value it has reached so far is
/// worse than the median of the completed trials' values at that same
/// checkpoint. Nothing stops until `startupTrials` trials have completed.
struct MedianStoppingRule: Sendable {
    static let startupTrials = 5

    let maximize: Bool
    /// The completed trials' mean validation value at each checkpoint (in boosting rounds).
    private var completedValues: [Int: [Double]] = [:]
    private var completedCount = 0

    init(maximize: Bool) {
        self.maximize = maximize
    }

    /// Takes in a trial that trained in full, with its value at each checkpoint.
    mutating func addCompleted(_ curve: [Int: Double]) {
        completedCount += 1
        for (checkpoint, value) in curve where value.isFinite { completedValues[checkpoint, default: []].append(value) }
    }

    /// Whether a trial whose best value so far is `best` stops at `checkpoint`.
    func stops(best: Double, at checkpoint: Int) -> Bool {
        guard completedCount >= Self.startupTrials, let values = completedValues[checkpoint], !values.isEmpty else { return false }
        guard best.isFinite else { return true }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return maximize ? best < median : best > median
    }
}
