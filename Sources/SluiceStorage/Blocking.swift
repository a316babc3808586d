import Dispatch
import Synchronization

/// Runs async storage work from synchronous code (the interpreter, the CSV reader), waiting for it and
/// polling `shouldStop` every tenth of a second: when it turns true the work is cancelled and
/// ``StorageError/Kind/interrupted`` is thrown.
package func blocking<T: Sendable>(location: String, shouldStop: @escaping @Sendable () -> Bool = { false },
                           _ work: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    let task = Task {
        let result: Result<T, any Error>
        do {
            result = .success(try await work())
        } catch {
            result = .failure(error)
        }
        outcome.withLock { $0 = result }
        done.signal()
    }
    while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
        if shouldStop() {
            task.cancel()
            done.wait()
            throw StorageError(.interrupted, location: location, "interrupted")
        }
    }
    return try outcome.withLock { $0! }.get()
}
