import Foundation
import Glibc

/// Where CSV bytes come from: a file read in pieces, or bytes in memory.
enum ByteSource {
    case file(descriptor: Int32)
    case memory([UInt8], offset: Int)

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
        }
    }

    /// Reads up to `buffer.count` bytes; returns how many (0 at the end), or nil on an error.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        switch self {
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
        if case .file(let descriptor) = self { Glibc.close(descriptor) }
    }
}
