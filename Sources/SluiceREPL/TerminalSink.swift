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

    /// Reference text (help), folded at word boundaries to a terminal's width.
    func page(_ bundle: MimeBundle) {
        let text = Self.terminalWidth().map { TextFolding.fold(bundle.plainText, width: $0) } ?? bundle.plainText
        write(text + "\n", to: .stdout)
    }

    /// Whether a progress line is on the terminal, not yet ended.
    private var progressLineOpen = false

    /// On a terminal, one line on standard error redrawn in place; elsewhere only the final line.
    func progress(_ report: ProgressReport, id: String, finished: Bool) {
        if isatty(STDERR_FILENO) != 0 {
            write("\r\u{1B}[K" + report.line + (finished ? "\n" : ""), to: .stderr)
            progressLineOpen = !finished
        } else if finished {
            write(report.line + "\n", to: .stderr)
        }
    }

    /// The terminal's width in columns when `descriptor` (standard output unless said) is one; nil otherwise.
    static func terminalWidth(of descriptor: Int32 = STDOUT_FILENO) -> Int? {
        var size = winsize()
        guard isatty(descriptor) != 0, ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Writes an error's diagnostics to standard error, coloured when it is a terminal (and `NO_COLOR` is unset).
    func report(_ error: SluiceError) {
        // An interrupted progress line ends first, so the error starts on a line of its own.
        if progressLineOpen {
            write("\n", to: .stderr)
            progressLineOpen = false
        }
        let colored = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        write(error.rendered(colored: colored, width: Self.terminalWidth(of: STDERR_FILENO)) + "\n", to: .stderr)
    }
}
