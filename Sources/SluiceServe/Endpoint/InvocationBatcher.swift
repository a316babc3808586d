import SluiceData
import Synchronization

/// Scores the requests that arrive while an endpoint is busy scoring as one batch: under load,
/// what every scoring pays once (preparing the table, the recipe's columns, the feature matrix) is
/// paid once per batch instead of once per request. A request that finds the endpoint idle is
/// scored at once, alone.
final class InvocationBatcher: Sendable {
    private struct Job: Sendable {
        var invocation: ParsedInvocation
        var served: ServedModel
        var continuation: CheckedContinuation<Result<InvocationResponse, InvocationError>, Never>
    }

    /// The jobs waiting, and whether a drain is running (it starts the next when more arrived).
    private let state = Mutex<(waiting: [Job], draining: Bool)>(([], false))
    /// The most requests scored together.
    private let largestBatch: Int

    init(largestBatch: Int = 256) {
        self.largestBatch = largestBatch
    }

    /// The answer to `invocation` with the model `served`.
    func score(_ invocation: ParsedInvocation, with served: ServedModel) async -> Result<InvocationResponse, InvocationError> {
        await withCheckedContinuation { continuation in
            let start = state.withLock { state -> Bool in
                state.waiting.append(Job(invocation: invocation, served: served, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if start { Task { self.drain() } }
        }
    }

    /// Scores what is waiting, by model version, then hands on to a new task if more arrived meanwhile.
    private func drain() {
        let jobs = state.withLock { state -> [Job] in
            let taken = Array(state.waiting.prefix(largestBatch))
            state.waiting.removeFirst(taken.count)
            return taken
        }
        var byVersion: [Int: [Job]] = [:]
        for job in jobs { byVersion[job.served.version, default: []].append(job) }
        for group in byVersion.values {
            let results = group[0].served.handler.score(group.map(\.invocation))
            for (job, result) in zip(group, results) { job.continuation.resume(returning: result) }
        }
        let more = state.withLock { state -> Bool in
            state.draining = !state.waiting.isEmpty
            return state.draining
        }
        if more { Task { self.drain() } }
    }
}
