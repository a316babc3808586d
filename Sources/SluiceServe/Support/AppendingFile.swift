import Glibc

/// A file opened for appending with plain system calls (Foundation's FileHandle keeps memory for
/// every write on Linux, which a long transform or a long-running endpoint cannot afford).
final class AppendingFile {
    let path: String
    private var descriptor: Int32

    /// Opens `path`, creating it when `create` (and failing if it exists when `exclusive`).
    init(path: String, exclusive: Bool = false) throws(FileProblem) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (exclusive ? O_EXCL : 0), 0o644)
        guard descriptor >= 0 else { throw FileProblem(reason: String(cString: strerror(errno))) }
    }

    deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

    /// Writes all of `bytes`.
    func write(_ bytes: some Collection<UInt8>) throws(FileProblem) {
        let failure: Int32? = Array(bytes).withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return nil
        }
        if let failure { throw FileProblem(reason: String(cString: strerror(failure))) }
    }

    /// Flushes to disk and closes.
    func close() throws(FileProblem) {
        defer { descriptor = -1 }
        guard fsync(descriptor) == 0, Glibc.close(descriptor) == 0 else { throw FileProblem(reason: String(cString: strerror(errno))) }
    }
}

/// Why a file could not be opened or written.
struct FileProblem: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
