import Foundation
import SluiceLang

/// Runs a whole script in a new session, as `sluice run` does: Ctrl-C stops running work, the last
/// value is shown, an error is reported on standard error.
public enum ScriptRunner {
    /// Runs `source`; with `timings`, each statement's wall time goes to standard error. Returns whether it succeeded.
    public static func run(_ source: String, sourceName: String, timings: Bool = false) -> Bool {
        let session = Session()
        if timings {
            session.statementFinished = { line, seconds in
                FileHandle.standardError.write(Data(String(format: "timing: line %d: %.3f s\n", line, seconds).utf8))
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
            if let value = try session.run(source, sourceName: sourceName, sink: sink) {
                sink.display(value.displayBundle(textWidth: session.textWidth))
            }
            return true
        } catch {
            sink.report(error)
            return false
        }
    }
}
