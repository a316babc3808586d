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
    }

    public let kernelInfo = KernelInfo(
        implementation: "sluice",
        implementationVersion: sluiceVersion,
        languageName: "sluice",
        languageVersion: sluiceVersion,
        mimeType: "text/x-sluice",
        fileExtension: ".sluice",
        banner: "Sluice \(sluiceVersion) — machine-learning pipelines, cell by cell"
    )

    public func execute(code: String, executionCount: Int, output: ExecutionOutput) -> ExecuteOutcome {
        let sink = KernelOutputSink(output: output)
        do {
            let value = try session.run(code, sourceName: "cell \(executionCount)", sink: sink)
            return .success(result: value.map { DisplayData(data: $0.displayBundle.data) })
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
        output.stream(name: stream.rawValue, text: text)
    }

    func display(_ bundle: MimeBundle) {
        output.display(DisplayData(data: bundle.data), displayID: nil)
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

    /// Progress ids already shown, so later reports update them in place.
    private var shownProgress: Set<String> = []

    func progress(_ report: ProgressReport, id: String, finished: Bool) {
        let data = DisplayData(data: report.bundle.data)
        if shownProgress.insert(id).inserted {
            output.display(data, displayID: id)
        } else {
            output.updateDisplay(data, displayID: id)
        }
    }
}
