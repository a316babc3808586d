import Foundation
import Glibc

/// A local file, or a byte range of one, read in order through its descriptor.
final class LocalFileReader: ByteReader {
    private let descriptor: Int32
    private let path: String
    let size: Int?
    /// Bytes left to read in the range; nil for the whole file.
    private var remaining: Int?

    init(path: String, range: Range<Int>? = nil) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StorageError(errno == ENOENT ? .noSuchKey : .failed, location: path,
                               errno == ENOENT ? "the file does not exist" : "the file cannot be read: \(String(cString: strerror(errno)))")
        }
        self.path = path
        if let range {
            guard lseek(descriptor, off_t(range.lowerBound), SEEK_SET) >= 0 else {
                Glibc.close(descriptor)
                throw StorageError(.failed, location: path, "cannot read \(path) from byte \(range.lowerBound)")
            }
            size = range.count
            remaining = range.count
        } else {
            var status = stat()
            size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : nil
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(buffer.count, remaining ?? buffer.count)
        var total = 0
        defer { remaining = remaining.map { $0 - total } }
        while total < wanted {
            let got = Glibc.read(descriptor, buffer.baseAddress! + total, wanted - total)
            if got < 0 {
                if errno == EINTR { continue }
                throw StorageError(.failed, location: path, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            total += got
        }
        return total
    }

    func close() { Glibc.close(descriptor) }
}

/// A local file written under a temporary name beside its own (``TemporaryFile``) and renamed into place
/// on commit, so that an existing file is never half-replaced. Missing folders are created, and what
/// writers that died left in the folder is removed.
final class LocalFileWriter: ByteWriter {
    private let path: String
    private let temporary: String
    private let file: AppendingFile

    init(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        TemporaryFile.removeAbandoned(in: folder.isEmpty ? "." : folder)
        temporary = TemporaryFile.path(beside: path)
        file = try AppendingFile(path: temporary, exclusive: true)
        self.path = path
    }

    func write(_ bytes: [UInt8]) throws {
        try file.write(bytes)
    }

    func commit() throws {
        do {
            try file.close()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw StorageError(.failed, location: path, "cannot replace \(path): \(reason)")
        }
    }

    func abort() {
        try? file.close()
        unlink(temporary)
    }
}
