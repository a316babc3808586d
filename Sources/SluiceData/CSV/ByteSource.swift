import Foundation
import Glibc
import SluiceStorage

/// Where CSV bytes come from: a file read in pieces, bytes in memory, or a reader of object storage.
enum ByteSource {
    case file(descriptor: Int32)
    case memory([UInt8], offset: Int)
    case stream(any ByteReader)

    /// Opens `path` for reading.
    static func open(path: String) -> ByteSource? {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        return descriptor < 0 ? nil : .file(descriptor: descriptor)
    }

    /// The size in bytes, when known.
    var size: Int? {
        switch self {
        case .file(let descriptor):
            var info = stat()
            return fstat(descriptor, &info) == 0 ? Int(info.st_size) : nil
        case .memory(let bytes, _):
            return bytes.count
        case .stream(let reader):
            return reader.size
        }
    }

    /// Reads up to `buffer.count` bytes; returns how many (0 at the end), or nil on an error of a local
    /// file (errno says which); a reader's errors are thrown.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        switch self {
        case .stream(let reader):
            return try reader.read(into: buffer)
        case .file(let descriptor):
            var total = 0
            while total < buffer.count {
                let got = Glibc.read(descriptor, buffer.baseAddress! + total, buffer.count - total)
                if got < 0 {
                    if errno == EINTR { continue }
                    return nil
                }
                if got == 0 { break }
                total += got
            }
            return total
        case .memory(let bytes, let offset):
            let length = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: length)
            }
            self = .memory(bytes, offset: offset + length)
            return length
        }
    }

    func close() {
        switch self {
        case .file(let descriptor): Glibc.close(descriptor)
        case .stream(let reader): reader.close()
        case .memory: break
        }
    }
}
