import Glibc

/// A file opened for appending with plain system calls (Foundation's FileHandle keeps memory for
/// every write on Linux, which a long transform or a long-running endpoint cannot afford).
public final class AppendingFile {
    public let path: String
    private var descriptor: Int32

    /// Opens `path`, creating it when missing (and failing if it exists when `exclusive`).
    public init(path: String, exclusive: Bool = false) throws(StorageError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (exclusive ? O_EXCL : 0), 0o644)
        guard descriptor >= 0 else { throw Self.failure(path, "cannot create") }
    }

    deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

    /// Writes all of `bytes`.
    public func write(_ bytes: some Collection<UInt8>) throws(StorageError) {
        let failed: Bool = Array(bytes).withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                written += count
            }
            return false
        }
        if failed { throw Self.failure(path, "cannot write") }
    }

    /// Flushes to disk and closes.
    public func close() throws(StorageError) {
        defer { descriptor = -1 }
        guard fsync(descriptor) == 0, Glibc.close(descriptor) == 0 else { throw Self.failure(path, "cannot write") }
    }

    /// The error for the last system call's `errno`.
    private static func failure(_ path: String, _ doing: String) -> StorageError {
        StorageError(.failed, location: path, "\(doing) \(path): \(String(cString: strerror(errno)))")
    }
}
