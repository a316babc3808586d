import Foundation

/// A kernel transport in memory: each channel is a pair of queues, one toward the kernel and one from it.
/// A test (or a program embedding a kernel) plays the client: it delivers signed frames and takes what the
/// kernel sends, with no sockets (as xeus's mock server does).
public final class InMemoryTransport: KernelTransport {
    public let shell = InMemoryChannel()
    public let control = InMemoryChannel()
    public let stdin = InMemoryChannel()
    /// What the kernel publishes; deliver `[1] + topic` to subscribe, as an XPUB socket reports it.
    public let iopub = InMemoryChannel()
    public let heartbeat = InMemoryChannel()

    public init() {}

    public func open() throws(KernelStartupError) -> KernelChannels {
        KernelChannels(shell: shell, control: control, stdin: stdin, iopub: iopub, heartbeat: heartbeat)
    }

    public func shutdown() {
        for channel in [shell, control, stdin, iopub, heartbeat] { channel.shutDown() }
    }

    public func terminate() {}
}

/// One channel in memory. The kernel side receives what the client delivers and sends what the client takes.
public final class InMemoryChannel: KernelChannel, @unchecked Sendable {
    // `@unchecked Sendable`: every field is read and written with `condition` locked.
    private let condition = NSCondition()
    private var towardKernel: [[[UInt8]]] = []
    private var fromKernel: [[[UInt8]]] = []
    private var isShutDown = false

    public init() {}

    // MARK: The client's side

    /// Puts a message on the kernel's side of the channel.
    public func deliver(_ frames: [[UInt8]]) {
        condition.withLock {
            towardKernel.append(frames)
            condition.broadcast()
        }
    }

    /// The next message the kernel sent, waiting up to `timeout` seconds; nil when none came.
    public func take(timeout: Double) -> [[UInt8]]? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        return condition.withLock {
            while fromKernel.isEmpty {
                guard condition.wait(until: deadline) else { return nil }
            }
            return fromKernel.removeFirst()
        }
    }

    /// Makes blocked and later receives fail with ``ChannelError/closed``.
    func shutDown() {
        condition.withLock {
            isShutDown = true
            condition.broadcast()
        }
    }

    // MARK: The kernel's side

    public func receive() throws(ChannelError) -> [[UInt8]] {
        condition.lock()
        defer { condition.unlock() }
        while towardKernel.isEmpty, !isShutDown { condition.wait() }
        guard !isShutDown else { throw .closed }
        return towardKernel.removeFirst()
    }

    public func receiveIfReady() throws(ChannelError) -> [[UInt8]]? {
        condition.lock()
        defer { condition.unlock() }
        guard !isShutDown else { throw .closed }
        return towardKernel.isEmpty ? nil : towardKernel.removeFirst()
    }

    public func send(_ frames: [[UInt8]]) throws(ChannelError) {
        condition.lock()
        defer { condition.unlock() }
        guard !isShutDown else { throw .closed }
        fromKernel.append(frames)
        condition.broadcast()
    }

    public func close() {}
}
