import Foundation
import SluiceDisplay
import SluiceLang

/// Shows a session's output in a terminal (or any standard output): text as
/// is, values as their `text/plain` rendering, errors on standard error.
final class TerminalSink: OutputSink {
    func write(_ text: String, to stream: OutputStreamName) {
        let handle = stream == .stdout ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }

    func display(_ bundle: MimeBundle) {
        write(bundle.plainText + "\n", to: .stdout)
    }

    /// Writes every diagnostic of a failed run to standard error.
    func report(_ error: SluiceError) {
        write(error.rendered + "\n", to: .stderr)
    }
}
