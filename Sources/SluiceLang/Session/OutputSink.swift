import SluiceDisplay
import Synchronization

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
    /// Shows the progress of long work under `id`, replacing the last report
    /// under the same id; `finished` marks the last one.
    func progress(_ report: ProgressReport, id: String, finished: Bool)
    /// Shows reference text (help): in a pager where the front end has one.
    func page(_ bundle: MimeBundle)
    /// Clears what the current cell has shown so far (a notebook; a terminal ignores it).
    func clearOutput()
    /// Asks the person at the front end for a line of text after `prompt`; nil when this front end
    /// cannot ask (a notebook that does not allow stdin, a script).
    func readInput(prompt: String) -> String?
}

extension OutputSink {
    /// Without a pager, help is shown like any other output.
    public func page(_ bundle: MimeBundle) { display(bundle) }
    public func clearOutput() {}
    public func readInput(prompt: String) -> String? { nil }
}

/// How far long work has come: `done` of `total` steps, and a line saying what.
public struct ProgressReport: Sendable {
    public var done: Int
    public var total: Int
    public var message: String

    public init(done: Int, total: Int, message: String) {
        self.done = done
        self.total = total
        self.message = message
    }

    /// A text line with a bar: `[########------------] 40/100 round 40 …`.
    public var line: String {
        let width = 20
        let filled = total > 0 ? min(width, done * width / total) : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + "\(done)/\(total) \(message)"
    }
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
