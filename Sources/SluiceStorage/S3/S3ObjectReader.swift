import Synchronization

/// Reads an S3 object in order through parallel ranged GETs: up to ``parallel`` parts of ``partSize``
/// bytes are fetched ahead while the caller consumes the current one, so one slow stream does not set
/// the pace and memory holds at most `parallel` parts.
///
/// Three parts of 32 MiB: measured against SeaweedFS on 2 cores (benchmarks/s3_load.py), each ranged
/// request costs the server ~0.05 s before its first byte and CPU besides, so 16 MiB parts were slower
/// (4.4-5.4 s for 542 MB) than 32 MiB ones (4.2 s); more than three streams only took CPU from parsing.
public final class S3ObjectReader: ByteReader {
    public static let partSize = 32 << 20
    public static let parallel = 3

    private let client: S3Client
    private let bucket: String
    private let key: String
    private let shouldStop: @Sendable () -> Bool
    public let size: Int?
    private var nextToFetch = 0
    /// Where the bytes read end in the object.
    private let end: Int
    private var pending: [Task<[UInt8], any Error>] = []
    private var current: [UInt8] = []
    private var offset = 0

    /// Opens `s3://bucket/key`, whose size is asked first (a missing object fails here), or the bytes in
    /// `range` of it, which must lie within it (a missing object fails at the first read).
    public init(client: S3Client, bucket: String, key: String, range: Range<Int>? = nil,
                shouldStop: @escaping @Sendable () -> Bool) throws {
        self.client = client
        self.bucket = bucket
        self.key = key
        self.shouldStop = shouldStop
        if let range {
            size = range.count
            (nextToFetch, end) = (range.lowerBound, range.upperBound)
        } else {
            let whole = try blocking(location: "s3://\(bucket)/\(key)", shouldStop: shouldStop) { try await client.size(bucket: bucket, key: key) }
            size = whole
            end = whole
        }
        fillWindow()
    }

    private func fillWindow() {
        while pending.count < Self.parallel, nextToFetch < end {
            let range = nextToFetch..<min(end, nextToFetch + Self.partSize)
            let (client, bucket, key) = (client, bucket, key)
            pending.append(Task { try await client.get(bucket: bucket, key: key, range: range) })
            nextToFetch = range.upperBound
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var written = 0
        while written < buffer.count {
            if offset == current.count {
                guard !pending.isEmpty else { break }
                let next = pending.removeFirst()
                current = try blocking(location: "s3://\(bucket)/\(key)", shouldStop: shouldStop) { try await next.value }
                offset = 0
                fillWindow()
            }
            let count = min(buffer.count - written, current.count - offset)
            current.withUnsafeBytes { source in
                (buffer.baseAddress! + written).copyMemory(from: source.baseAddress! + offset, byteCount: count)
            }
            offset += count
            written += count
        }
        return written
    }

    public func close() {
        for task in pending { task.cancel() }
        pending.removeAll()
    }
}
