import Foundation
import JupyterKernel
import SluiceDisplay
import SluiceLang

/// Runs Sluice for the Jupyter kernel: one ``Session`` for the kernel's life.
///
/// `@unchecked Sendable`: the session is used only from the kernel's shell
/// thread (execute, isComplete); `interrupt()`, the one call from other
/// threads, only sets the session's thread-safe ``InterruptFlag``.
public final class SluiceKernelInterpreter: KernelInterpreter, @unchecked Sendable {
    private let session: Session
    private let interruptFlag: InterruptFlag

    /// An interpreter whose relative paths start at `workingDirectory`.
    public init(workingDirectory: String) {
        session = Session(workingDirectory: workingDirectory)
        interruptFlag = session.interruptFlag
        session.origin = .notebook(Self.notebookName(workingDirectory: workingDirectory))
    }

    /// The notebook's file name, which its runs take as their experiment: Jupyter's server names it in
    /// `JPY_SESSION_NAME`; without it (a kernel started by hand) the kernel's folder stands in.
    static func notebookName(workingDirectory: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["JPY_SESSION_NAME"], !path.isEmpty { return (path as NSString).lastPathComponent }
        return "notebook in " + (workingDirectory as NSString).lastPathComponent
    }

    public let kernelInfo = KernelInfo(
        implementation: "sluice",
        implementationVersion: sluiceVersion,
        languageName: "sluice",
        languageVersion: sluiceVersion,
        mimeType: "text/x-sluice",
        fileExtension: ".sluice",
        banner: "Sluice \(sluiceVersion) — machine-learning pipelines, cell by cell",
        // python/sluice-pygments; JupyterLab cannot load a CodeMirror mode without a JavaScript extension, and
        // Python's mode, with `#` comments, quoted strings and the words and/or/not/in/is, is the closest it has.
        pygmentsLexer: "sluice",
        codemirrorMode: "python"
    )

    public func execute(code: String, executionCount: Int, output: ExecutionOutput) -> ExecuteOutcome {
        let sink = KernelOutputSink(output: output)
        defer { sink.endProgressLine() }
        do {
            let value = try session.run(code, sourceName: "cell \(executionCount)", sink: sink)
            // A value of several displays (an evaluation and its charts) shows them in order, the last as the result.
            let bundles = value?.displayBundles() ?? []
            bundles.dropLast().forEach(sink.display)
            return .success(result: bundles.last.map { DisplayData(data: $0.data) })
        } catch {
            // Jupyter front ends show ANSI colours in tracebacks.
            let traceback = error.rendered(colored: true).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return .failure(name: error.name, value: error.summary, traceback: traceback)
        }
    }

    public func isComplete(code: String) -> CodeCompleteness {
        switch Completeness.of(code) {
        case .complete: .complete
        case .incomplete(let indent): .incomplete(indent: indent)
        case .invalid: .invalid
        }
    }

    public func complete(code: String, cursor: Int) -> CodeCompletions {
        let completion = session.complete(code, cursor: cursor)
        return CodeCompletions(matches: completion.matches, start: completion.start, end: completion.end)
    }

    public func inspect(code: String, cursor: Int) -> DisplayData? {
        session.inspect(code, cursor: cursor).map { DisplayData(data: $0.data) }
    }

    public func interrupt() {
        interruptFlag.request()
    }
}

/// Passes the interpreter's output to the kernel's iopub publisher.
private final class KernelOutputSink: OutputSink {
    let output: ExecutionOutput

    init(output: ExecutionOutput) {
        self.output = output
    }

    func write(_ text: String, to stream: OutputStreamName) {
        endProgressLine()
        output.stream(name: stream.rawValue, text: text)
    }

    func page(_ bundle: MimeBundle) {
        output.page(DisplayData(data: bundle.data))
    }

    func clearOutput() {
        output.clearOutput(wait: false)
    }

    func readInput(prompt: String) -> String? {
        output.requestInput(prompt: prompt, password: false)
    }

    /// The length of the progress line last drawn and not yet ended, if one is open.
    private var openProgressLength: Int?

    /// Progress is text on standard output, each frame starting with a carriage return and padded over
    /// the last, as a terminal progress bar is drawn: `jupyter console` shows it live (it does not render
    /// `update_display_data`), JupyterLab overwrites the line, and nbclient keeps only the last frame.
    func progress(_ report: ProgressReport, id: String, finished: Bool) {
        let line = report.line
        let padding = String(repeating: " ", count: max(0, (openProgressLength ?? 0) - line.count))
        output.stream(name: OutputStreamName.stdout.rawValue, text: "\r" + line + padding + (finished ? "\n" : ""))
        openProgressLength = finished ? nil : line.count
    }

    /// Ends an interrupted progress line, so what follows starts on a line of its own.
    func endProgressLine() {
        guard openProgressLength != nil else { return }
        openProgressLength = nil
        output.stream(name: OutputStreamName.stdout.rawValue, text: "\n")
    }

    func display(_ bundle: MimeBundle) {
        endProgressLine()
        output.display(DisplayData(data: bundle.data))
    }
}
