import Foundation

/// The kernel's diagnostic log, on standard error (Jupyter shows it in the server's log), each line
/// under the host's prefix.
struct KernelLog: Sendable {
    let prefix: String

    func warning(_ message: String) {
        FileHandle.standardError.write(Data("\(prefix) warning: \(message)\n".utf8))
    }
}
