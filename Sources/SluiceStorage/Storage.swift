import Foundation
import Glibc
import Synchronization

/// Bytes at locations, local or in S3: the one door SluiceData and the layers above go through for
/// object storage. Local files keep their own fast paths (a descriptor read in pieces; a temporary
/// file renamed into place); S3 objects are read with parallel ranged GETs and written by multipart
/// upload, through a client configured from the environment the first time one is needed.
public enum Storage {
    private static let client = Mutex<S3Client?>(nil)

    /// The S3 client, configured from the environment (``S3Configuration/resolve(environment:)``) once.
    public static func s3() throws(StorageError) -> S3Client {
        if let existing = client.withLock({ $0 }) { return existing }
        let made = S3Client(configuration: try S3Configuration.resolve())
        return client.withLock { current in
            if let current { return current }
            current = made
            return made
        }
    }

    /// A reader of the object at an `s3://` location.
    public static func reader(bucket: String, key: String, shouldStop: @escaping @Sendable () -> Bool) throws -> any ByteReader {
        try S3ObjectReader(client: try s3(), bucket: bucket, key: key, shouldStop: shouldStop)
    }

    /// A writer of the object at an `s3://` location, visible only once committed.
    public static func writer(bucket: String, key: String, shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> any ByteWriter {
        S3ObjectWriter(client: try s3(), bucket: bucket, key: key, shouldStop: shouldStop)
    }

    /// Whether a location's name says gzip (`.gz`).
    public static func isCompressed(_ location: StorageLocation) -> Bool { location.name.lowercased().hasSuffix(".gz") }

    /// A reader of the bytes at `location`, decompressed when its name ends in `.gz`.
    public static func reader(_ location: StorageLocation, shouldStop: @escaping @Sendable () -> Bool) throws -> any ByteReader {
        let raw: any ByteReader = switch location {
        case .local(let path): try LocalFileReader(path: path)
        case .s3(let bucket, let key): try reader(bucket: bucket, key: key, shouldStop: shouldStop)
        }
        return isCompressed(location) ? try GzipReader(raw, location: location.description) : raw
    }

    /// A reader of the bytes in `range` at `location`, which must lie within it and not be gzip (a
    /// compressed stream cannot be entered in its middle).
    public static func reader(_ location: StorageLocation, range: Range<Int>,
                              shouldStop: @escaping @Sendable () -> Bool) throws -> any ByteReader {
        guard !isCompressed(location) else {
            throw StorageError(.failed, location: location.description, "\(location) is gzip, which cannot be read from its middle")
        }
        return switch location {
        case .local(let path): try LocalFileReader(path: path, range: range)
        case .s3(let bucket, let key): try S3ObjectReader(client: try s3(), bucket: bucket, key: key, range: range, shouldStop: shouldStop)
        }
    }

    /// A writer of the bytes at `location`, compressed when its name ends in `.gz`; the location holds
    /// them only once committed.
    public static func writer(_ location: StorageLocation, shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> any ByteWriter {
        let raw: any ByteWriter = switch location {
        case .local(let path): try LocalFileWriter(path: path)
        case .s3(let bucket, let key): try writer(bucket: bucket, key: key, shouldStop: shouldStop)
        }
        return isCompressed(location) ? GzipWriter(raw) : raw
    }

    /// Whether `text` has glob characters (`*`, `?`, `[`).
    public static func isPattern(_ text: String) -> Bool { text.contains { "*?[".contains($0) } }

    /// The locations a glob matches, sorted: files in a local folder, or the keys of an S3 listing
    /// (ListObjectsV2 from the pattern's fixed prefix). `*` and `?` do not cross `/`; only the last
    /// component of a local path may hold a pattern.
    public static func expand(_ pattern: StorageLocation, shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> [StorageLocation] {
        switch pattern {
        case .local(let path):
            let folder = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
            guard !isPattern(folder) else {
                throw StorageError(.badLocation, location: path, "only the file name of a local path may hold `*`, `?` or `[…]`")
            }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
            return entries.filter { fnmatch(name, $0, FNM_PERIOD) == 0 }.sorted()
                .map { .local(folder.isEmpty ? $0 : (folder as NSString).appendingPathComponent($0)) }
        case .s3(let bucket, let key):
            let prefix = String(key.prefix { !"*?[".contains($0) })
            let client = try s3()
            let listed = try blocking(location: pattern.description, shouldStop: shouldStop) {
                try await client.list(bucket: bucket, prefix: prefix)
            }
            return listed.map(\.key).filter { fnmatch(key, $0, FNM_PATHNAME) == 0 }.sorted().map { .s3(bucket: bucket, key: $0) }
        }
    }

    /// A whole object's bytes.
    public static func read(bucket: String, key: String, shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> [UInt8] {
        let client = try s3()
        return try blocking(location: "s3://\(bucket)/\(key)", shouldStop: shouldStop) { try await client.get(bucket: bucket, key: key) }
    }

    /// The keys in the same folder as `key` (at most a thousand), for a did-you-mean; empty when the
    /// listing fails.
    public static func keysBeside(bucket: String, key: String) -> [String] {
        let folder = key.range(of: "/", options: .backwards).map { String(key[..<$0.upperBound]) } ?? ""
        guard let client = try? s3(),
              let listed = try? blocking(location: "s3://\(bucket)/\(folder)", { try await client.list(bucket: bucket, prefix: folder) })
        else { return [] }
        return listed.prefix(1000).map(\.key)
    }
}
