import Foundation

/// One training's progress line: a stable display id, and reports at most
/// every 0.2 s (the final one always), or none at all when quiet.
struct TrainingProgress {
    let id = "train-\(UUID().uuidString)"
    let quiet: Bool
    private var lastReport = Date.distantPast

    init(quiet: Bool) {
        self.quiet = quiet
    }

    /// Whether to show a report now; showing one restarts the 0.2 s wait.
    mutating func shouldReport(finished: Bool) -> Bool {
        guard !quiet, finished || Date().timeIntervalSince(lastReport) >= 0.2 else { return false }
        lastReport = Date()
        return true
    }
}
