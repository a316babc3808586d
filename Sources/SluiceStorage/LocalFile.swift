import Foundation
import Glibc

/// A local file read in order through its descriptor.
final class LocalFileReader: ByteReader {
    private let descriptor: Int32
    private let path: String
    let size: Int?

    init(path: String) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StorageError(errno == ENOENT ? .noSuchKey : .failed, location: path,
                               errno == ENOENT ? "the file does not exist" : "the file cannot be read: \(String(cString: strerror(errno)))")
        }
        self.path = path
        var status = stat()
        size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : nil
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var total = 0
        while total < buffer.count {
            let got = Glibc.read(descriptor, buffer.baseAddress! + total, buffer.count - total)
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

/// A local file written under a temporary name beside its own and renamed into place on commit, so
/// that an existing file is never half-replaced. Missing folders are created.
final class LocalFileWriter: ByteWriter {
    private let path: String
    private let temporary: String
    private let handle: FileHandle

    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial").path
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw StorageError(.failed, location: path, "cannot create a file in \(folder.path)")
        }
        self.path = path
        self.handle = handle
    }

    func write(_ bytes: [UInt8]) throws {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw StorageError(.failed, location: path, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    func commit() throws {
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            abort()
            throw StorageError(.failed, location: path, "cannot write \(path): \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw StorageError(.failed, location: path, "cannot replace \(path): \(reason)")
        }
    }

    func abort() {
        try? handle.close()
        unlink(temporary)
    }
}
