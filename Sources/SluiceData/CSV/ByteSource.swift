import SluiceStorage

/// Where CSV bytes come from: a reader (a local file, an S3 object, either through gzip) or bytes in memory.
enum ByteSource {
    case stream(any ByteReader)
    case memory([UInt8], offset: Int)

    /// The size in bytes, when known.
    var size: Int? {
        switch self {
        case .stream(let reader): reader.size
        case .memory(let bytes, _): bytes.count
        }
    }

    /// Reads up to `buffer.count` bytes; returns how many, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        switch self {
        case .stream(let reader):
            return try reader.read(into: buffer)
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
        if case .stream(let reader) = self { reader.close() }
    }
}
