import Synchronization

/// The signatures of the messages a kernel has accepted: a message whose signature was seen before is a
/// replay and is dropped, as ipykernel's session does. It keeps at most `capacity` signatures, forgetting
/// the oldest tenth when full. Shared by the shell and control threads.
final class SignatureHistory: Sendable {
    private struct State {
        var seen: Set<[UInt8]> = []
        var order: [[UInt8]] = []
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
    }

    /// Records `signature`; false when it was seen before. Empty signatures (an unsigned session) always pass.
    func accept(_ signature: [UInt8]) -> Bool {
        guard !signature.isEmpty else { return true }
        return state.withLock { state in
            guard state.seen.insert(signature).inserted else { return false }
            state.order.append(signature)
            if state.order.count > capacity {
                let dropped = state.order.prefix(capacity / 10)
                state.seen.subtract(dropped)
                state.order.removeFirst(dropped.count)
            }
            return true
        }
    }
}
