import Foundation
import Glibc
import SluiceDisplay
import SluiceLang

/// Shows a session's output in a terminal (or any standard output): text as
/// is, values as their `text/plain` rendering, errors on standard error.
final class TerminalSink: OutputSink {
    /// Whether `input(…)` may read a line from standard input: only when it is a terminal,
    /// so a script piped in is never read as answers.
    var readsInput: Bool { isatty(STDIN_FILENO) != 0 }

    func readInput(prompt: String) -> String? {
        guard readsInput else { return nil }
        write(prompt, to: .stdout)
        return Swift.readLine()
    }

    func write(_ text: String, to stream: OutputStreamName) {
        let handle = stream == .stdout ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }

    func display(_ bundle: MimeBundle) {
        write(bundle.plainText + "\n", to: .stdout)
    }

    /// On a terminal, one line on standard error redrawn in place; elsewhere only the final line.
    func progress(_ report: ProgressReport, id: String, finished: Bool) {
        if isatty(STDERR_FILENO) != 0 {
            write("\r\u{1B}[K" + report.line + (finished ? "\n" : ""), to: .stderr)
        } else if finished {
            write(report.line + "\n", to: .stderr)
        }
    }

    /// Writes every diagnostic of a failed run to standard error.
    /// Writes an error's diagnostics to standard error, coloured when it is a terminal (and `NO_COLOR` is unset).
    func report(_ error: SluiceError) {
        let colored = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        write(error.rendered(colored: colored) + "\n", to: .stderr)
    }
}
