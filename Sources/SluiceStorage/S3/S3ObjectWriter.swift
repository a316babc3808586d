/// Writes an S3 object so that it appears only when whole: a small object in one PUT at ``commit()``,
/// a larger one as a multipart upload whose parts (``partSize`` bytes, up to ``parallel`` in flight)
/// go up while more is written, completed at ``commit()``. An error or ``abort()`` aborts the upload,
/// so no object and no orphaned parts are left.
public final class S3ObjectWriter: ByteWriter {
    public static let partSize = 8 << 20
    public static let parallel = 4

    private let client: S3Client
    private let bucket: String
    private let key: String
    private let shouldStop: @Sendable () -> Bool
    private var buffer: [UInt8] = []
    private var uploadID: String?
    private var inFlight: [Task<String, any Error>] = []
    private var etags: [String] = []
    private var finished = false

    public init(client: S3Client, bucket: String, key: String, shouldStop: @escaping @Sendable () -> Bool) {
        self.client = client
        self.bucket = bucket
        self.key = key
        self.shouldStop = shouldStop
    }

    private var location: String { "s3://\(bucket)/\(key)" }

    public func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        do {
            while buffer.count >= Self.partSize {
                let part = Array(buffer.prefix(Self.partSize))
                buffer.removeFirst(Self.partSize)
                try send(part)
            }
        } catch {
            abort()
            throw error
        }
    }

    /// Starts the upload if needed and sends `part`, waiting for the oldest part when `parallel` are in flight.
    private func send(_ part: [UInt8]) throws {
        let (client, bucket, key) = (client, bucket, key)
        if uploadID == nil {
            uploadID = try blocking(location: location, shouldStop: shouldStop) {
                try await client.createMultipartUpload(bucket: bucket, key: key)
            }
        }
        if inFlight.count >= Self.parallel { try collectOldest() }
        let (id, number) = (uploadID!, etags.count + inFlight.count + 1)
        inFlight.append(Task { try await client.uploadPart(bucket: bucket, key: key, uploadID: id, number: number, body: part) })
    }

    private func collectOldest() throws {
        let oldest = inFlight.removeFirst()
        etags.append(try blocking(location: location, shouldStop: shouldStop) { try await oldest.value })
    }

    public func commit() throws {
        precondition(!finished, "an S3 writer commits once")
        do {
            let (client, bucket, key) = (client, bucket, key)
            guard uploadID != nil else {
                let body = buffer
                try blocking(location: location, shouldStop: shouldStop) { try await client.put(bucket: bucket, key: key, body: body) }
                finished = true
                return
            }
            if !buffer.isEmpty { try send(buffer) }
            buffer = []
            while !inFlight.isEmpty { try collectOldest() }
            if shouldStop() { throw StorageError(.interrupted, location: location, "interrupted") }
            let (id, tags) = (uploadID!, etags)
            try blocking(location: location) {
                try await client.completeMultipartUpload(bucket: bucket, key: key, uploadID: id, etags: tags)
            }
            finished = true
        } catch {
            abort()
            throw error
        }
    }

    public func abort() {
        guard !finished else { return }
        finished = true
        for task in inFlight { task.cancel() }
        inFlight.removeAll()
        buffer = []
        guard let id = uploadID else { return }
        let (client, bucket, key) = (client, bucket, key)
        // Not interruptible: an interrupt is what brought us here, and the parts must go.
        _ = try? blocking(location: location) { try await client.abortMultipartUpload(bucket: bucket, key: key, uploadID: id) }
    }
}
