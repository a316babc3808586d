import CZlib

/// Reads the bytes a gzip stream holds (every member, as `gunzip` does), from any other reader.
public final class GzipReader: ByteReader {
    private let inner: any ByteReader
    private let location: String
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 20)
    private var available = 0
    private var innerEnded = false
    private var ended = false

    public init(_ inner: any ByteReader, location: String) throws {
        self.inner = inner
        self.location = location
        // 15 + 32: a window of 2^15 and a gzip (or zlib) header detected.
        guard sluice_inflate_init(&stream, 15 + 32) == Z_OK else {
            throw StorageError(.failed, location: location, "cannot start decompressing")
        }
    }

    /// Unknown until the stream is read.
    public var size: Int? { nil }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var produced = 0
        while produced < buffer.count, !ended {
            if stream.avail_in == 0 {
                guard !innerEnded else {
                    throw StorageError(.failed, location: location, "the gzip data ends early: the file is cut short")
                }
                available = try input.withUnsafeMutableBytes { try inner.read(into: $0) }
                innerEnded = available == 0
                if innerEnded { continue }
                stream.avail_in = UInt32(available)
            }
            let status: Int32 = input.withUnsafeMutableBufferPointer { source in
                stream.next_in = source.baseAddress! + (available - Int(stream.avail_in))
                stream.next_out = (buffer.baseAddress! + produced).assumingMemoryBound(to: UInt8.self)
                stream.avail_out = UInt32(buffer.count - produced)
                let status = inflate(&stream, Z_NO_FLUSH)
                produced = buffer.count - Int(stream.avail_out)
                return status
            }
            switch status {
            case Z_STREAM_END:
                // Another member may follow, as in a file of concatenated gzip streams.
                if stream.avail_in == 0 {
                    available = try input.withUnsafeMutableBytes { try inner.read(into: $0) }
                    stream.avail_in = UInt32(available)
                }
                if stream.avail_in == 0 { ended = true } else { inflateReset(&stream) }
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                throw StorageError(.failed, location: location, "not valid gzip data: \(stream.msg.map { String(cString: $0) } ?? "error \(status)")")
            }
        }
        return produced
    }

    public func close() {
        inflateEnd(&stream)
        inner.close()
    }
}

/// Compresses what is written to it as one gzip member into another writer.
public final class GzipWriter: ByteWriter {
    private let inner: any ByteWriter
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 20)
    private var finished = false

    public init(_ inner: any ByteWriter) {
        self.inner = inner
        // 15 + 16: a window of 2^15 and a gzip header and trailer; level 6, gzip's default.
        _ = sluice_deflate_init(&stream, 6, 15 + 16)
    }

    public func write(_ bytes: [UInt8]) throws {
        try deflate(bytes, flush: Z_NO_FLUSH)
    }

    private func deflate(_ bytes: [UInt8], flush: Int32) throws {
        var bytes = bytes
        try bytes.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            var status = Z_OK
            repeat {
                let written: Int = output.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    status = CZlib.deflate(&stream, flush)
                    return target.count - Int(stream.avail_out)
                }
                if written > 0 { try inner.write(Array(output[0..<written])) }
            } while stream.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END)
        }
    }

    public func commit() throws {
        do {
            try deflate([], flush: Z_FINISH)
        } catch {
            abort()
            throw error
        }
        finished = true
        deflateEnd(&stream)
        try inner.commit()
    }

    public func abort() {
        guard !finished else { return }
        finished = true
        deflateEnd(&stream)
        inner.abort()
    }
}
