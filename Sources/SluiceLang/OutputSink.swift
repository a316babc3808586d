import Synchronization

import SluiceDisplay

/// Which output stream text goes to.
public enum OutputStreamName: String, Sendable {
    case stdout, stderr
}

/// Where a running program sends what it shows: a terminal, a notebook, a test.
/// The interpreter never knows which.
public protocol OutputSink: AnyObject {
    /// Writes text to standard output or standard error.
    func write(_ text: String, to stream: OutputStreamName)
    /// Shows a rendered value.
    func display(_ bundle: MimeBundle)
}

/// A request to stop running work, safe to set from any thread (a signal
/// watcher, a kernel's control thread) while the interpreter polls it.
public final class InterruptFlag: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    /// Asks the running work to stop.
    public func request() { requested.store(true, ordering: .sequentiallyConsistent) }

    /// Whether a stop was asked for.
    public var isRequested: Bool { requested.load(ordering: .sequentiallyConsistent) }

    /// Forgets any earlier request.
    public func clear() { requested.store(false, ordering: .sequentiallyConsistent) }
}
