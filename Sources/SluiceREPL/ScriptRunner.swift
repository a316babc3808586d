import Foundation
import SluiceDisplay
import SluiceLang

/// Runs a whole script in a new session, as `sluice run` does: Ctrl-C stops running work, the last
/// value is shown, an error is reported on standard error.
public enum ScriptRunner {
    /// Runs `source` in `session`; with `timings`, each statement's wall time goes to standard error, and
    /// with `memory` how far its peak memory rose above the start (``StatementMemory``).
    /// A `quiet` run shows only warnings and errors (the ranks of a job other than 0 are quiet: rank 0
    /// speaks for the job). Returns whether it succeeded.
    public static func run(_ source: String, sourceName: String, timings: Bool = false, memory measuresMemory: Bool = false,
                           session: Session = Session(),
                           quiet: Bool = false) -> Bool {
        if timings || measuresMemory {
            nonisolated(unsafe) var memory: StatementMemory?
            if measuresMemory { session.statementStarting = { memory = StatementMemory.begin() } }
            session.statementFinished = { line, seconds in
                var parts: [String] = []
                if timings { parts.append(String(format: "%.3f s", seconds)) }
                if timings, session.secondsRecordingRuns > 0 {
                    parts.append(String(format: "recording its runs %.3f ms", session.secondsRecordingRuns * 1000))
                }
                if let start = memory?.start, let peak = memory?.peakAboveStart() {
                    parts.append(String(format: "memory %.1f MB at the start, peak +%.1f MB", Double(start) / 1e6, Double(peak) / 1e6))
                }
                FileHandle.standardError.write(Data("timing: line \(line): \(parts.joined(separator: ", "))\n".utf8))
            }
        }
        let interrupts = InterruptForwarder()
        interrupts.install(session: session)
        let sink = TerminalSink()
        // On a terminal, output fits its width as in the REPL.
        session.textWidth = TerminalSink.terminalWidth()
        interrupts.isRunning = true
        defer { interrupts.isRunning = false }
        do {
            let shown: any OutputSink = quiet ? StandardErrorOnly(sink) : sink
            if let value = try session.run(source, sourceName: sourceName, sink: shown) {
                value.displayBundles(textWidth: session.textWidth).forEach(shown.display)
            }
            return true
        } catch {
            sink.report(error)
            return false
        }
    }
}

/// An output sink that passes on what goes to standard error (warnings) and drops the rest.
private final class StandardErrorOnly: OutputSink {
    private let inner: any OutputSink

    init(_ inner: any OutputSink) { self.inner = inner }

    func write(_ text: String, to stream: OutputStreamName) {
        if stream == .stderr { inner.write(text, to: stream) }
    }

    func display(_ bundle: MimeBundle) {}
    func progress(_ report: ProgressReport, id: String, finished: Bool) {}
}
