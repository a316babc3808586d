import Foundation

/// The kernel's diagnostic log, on standard error (Jupyter shows it in the server's log).
enum KernelLog {
    static func warning(_ message: String) {
        FileHandle.standardError.write(Data("[sluice-kernel] warning: \(message)\n".utf8))
    }
}
