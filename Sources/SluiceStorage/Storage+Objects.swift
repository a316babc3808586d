import Foundation
import Glibc

/// Whole small objects at locations, local or in S3, for what keeps records rather than streams data:
/// the model store, endpoint capture, monitoring reports. Each operation means the same on both: a
/// write replaces the content at once (a local temporary file renamed; one PUT), a creation fails when
/// something is there (`O_EXCL`; a conditional PUT), and a folder is a key prefix ending in `/`.
extension Storage {
    /// All the bytes at `location` (not decompressed); a ``StorageError/Kind/noSuchKey`` error when
    /// there is nothing.
    public static func contents(of location: StorageLocation) throws(StorageError) -> [UInt8] {
        switch location {
        case .local(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                let missing = !FileManager.default.fileExists(atPath: path)
                throw StorageError(missing ? .noSuchKey : .failed, location: path,
                                   missing ? "the file does not exist" : "the file cannot be read")
            }
            return Array(data)
        case .s3(let bucket, let key):
            return try storageErrors(location) { try read(bucket: bucket, key: key) }
        }
    }

    /// The bytes at `location`, or nil when there is nothing there (other errors are thrown).
    public static func contentsIfPresent(of location: StorageLocation) throws(StorageError) -> [UInt8]? {
        do {
            return try contents(of: location)
        } catch where error.kind == .noSuchKey {
            return nil
        }
    }

    /// Up to the first `count` bytes at `location` (not decompressed), read at once: one ranged GET
    /// without retries for an S3 object.
    public static func firstBytes(of location: StorageLocation, count: Int) throws(StorageError) -> [UInt8] {
        switch location {
        case .local: try bytes(of: location, in: 0..<count)
        case .s3(let bucket, let key): try onS3(location) { try await $0.firstBytes(bucket: bucket, key: key, count: count) }
        }
    }

    /// The bytes in `range` at `location`, read at once: one ranged GET (retried as every request is) for
    /// an S3 object, whose range must lie within it; a local file gives fewer at its end.
    public static func bytes(of location: StorageLocation, in range: Range<Int>) throws(StorageError) -> [UInt8] {
        switch location {
        case .local(let path):
            // Read straight into the array (no Data in between: shards of a job are hundreds of megabytes).
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw StorageError(errno == ENOENT ? .noSuchKey : .failed, location: path, "cannot read \(path)")
            }
            defer { close(descriptor) }
            var failure: Int32 = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, count in
                count = 0
                while count < range.count {
                    let got = pread(descriptor, buffer.baseAddress! + count, range.count - count, off_t(range.lowerBound + count))
                    if got < 0, errno == EINTR { continue }
                    if got < 0 { failure = errno }
                    if got <= 0 { break }
                    count += got
                }
            }
            guard failure == 0 else {
                throw StorageError(.failed, location: path, "cannot read \(path): \(String(cString: strerror(failure)))")
            }
            return bytes
        case .s3(let bucket, let key):
            guard !range.isEmpty else { return [] }
            return try onS3(location) { try await $0.get(bucket: bucket, key: key, range: range) }
        }
    }

    /// The size in bytes of what is at `location`.
    public static func size(of location: StorageLocation) throws(StorageError) -> Int {
        switch location {
        case .local(let path):
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
                throw StorageError(.noSuchKey, location: path, "the file does not exist")
            }
            return size
        case .s3(let bucket, let key):
            return try onS3(location) { try await $0.size(bucket: bucket, key: key) }
        }
    }

    /// Whether S3 requests would be signed: credentials were found in the environment or a profile.
    public static var hasCredentials: Bool { (try? s3())?.configuration.credentials != nil }

    /// Replaces what is at `location` with `bytes` at once: readers see the old content or the new.
    public static func write(_ bytes: [UInt8], to location: StorageLocation) throws(StorageError) {
        switch location {
        case .local(let path):
            do {
                try AtomicFile.write(Data(bytes), to: path)
            } catch {
                throw StorageError(.failed, location: path, "cannot write \(path): \(error.localizedDescription)")
            }
        case .s3(let bucket, let key):
            try onS3(location) { try await $0.put(bucket: bucket, key: key, body: bytes) }
        }
    }

    /// Writes `bytes` at `location` only if nothing is there; returns false, writing nothing, when
    /// something is. Of two writers creating the same location, exactly one succeeds.
    public static func create(_ bytes: [UInt8], at location: StorageLocation) throws(StorageError) -> Bool {
        switch location {
        case .local(let path):
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            // Written in full under a temporary name, then linked to its own: link(2) fails when the
            // name is taken, so the content appears complete or not at all.
            let temporary = TemporaryFile.path(beside: path)
            defer { unlink(temporary) }
            let file = try AppendingFile(path: temporary, exclusive: true)
            try file.write(bytes)
            try file.close()
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { return false }
                throw StorageError(.failed, location: path, "cannot create \(path): \(String(cString: strerror(errno)))")
            }
            return true
        case .s3(let bucket, let key):
            return try onS3(location) { try await $0.create(bucket: bucket, key: key, body: bytes) }
        }
    }

    /// Removes what is at `location`; nothing happens when nothing is there.
    public static func remove(_ location: StorageLocation) throws(StorageError) {
        switch location {
        case .local(let path):
            guard unlink(path) == 0 || errno == ENOENT else {
                throw StorageError(.failed, location: path, "cannot remove \(path): \(String(cString: strerror(errno)))")
            }
        case .s3(let bucket, let key):
            try onS3(location) { try await $0.delete(bucket: bucket, key: key) }
        }
    }

    /// Whether something is at `location`.
    public static func exists(_ location: StorageLocation) throws(StorageError) -> Bool {
        switch location {
        case .local(let path):
            return FileManager.default.fileExists(atPath: path)
        case .s3(let bucket, let key):
            do {
                _ = try onS3(location) { try await $0.size(bucket: bucket, key: key) }
                return true
            } catch where error.kind == .noSuchKey {
                return false
            }
        }
    }

    /// The names directly in the folder `location` (files and sub-folders, hidden ones included),
    /// sorted; empty when there is no such folder.
    public static func entries(in folder: StorageLocation) throws(StorageError) -> [String] {
        switch folder {
        case .local(let path):
            return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        case .s3(let bucket, let key):
            let prefix = key.isEmpty || key.hasSuffix("/") ? key : key + "/"
            return try onS3(folder) { try await $0.entries(bucket: bucket, folder: prefix) }.sorted()
        }
    }

    /// Every file under the folder `location`, at any depth, sorted by path; empty when there is no
    /// such folder.
    public static func files(under folder: StorageLocation) throws(StorageError) -> [StorageLocation] {
        switch folder {
        case .local(let path):
            guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
            return walker.compactMap { $0 as? String }.sorted().compactMap { relative in
                var isFolder: ObjCBool = false
                let full = path + "/" + relative
                return FileManager.default.fileExists(atPath: full, isDirectory: &isFolder) && !isFolder.boolValue ? .local(full) : nil
            }
        case .s3(let bucket, let key):
            let prefix = key.isEmpty || key.hasSuffix("/") ? key : key + "/"
            return try onS3(folder) { try await $0.list(bucket: bucket, prefix: prefix) }.map(\.key).sorted().map { .s3(bucket: bucket, key: $0) }
        }
    }

    /// Runs `work` with the S3 client and waits for it, its errors as ``StorageError``s naming `location`.
    private static func onS3<T: Sendable>(_ location: StorageLocation,
                                          _ work: @escaping @Sendable (S3Client) async throws -> T) throws(StorageError) -> T {
        let client = try storageErrors(location) { try s3() }
        return try storageErrors(location) { try blocking(location: location.description) { try await work(client) } }
    }

    /// Runs `work`, turning errors that are not ``StorageError``s into one naming `location`.
    private static func storageErrors<T>(_ location: StorageLocation, _ work: () throws -> T) throws(StorageError) -> T {
        do {
            return try work()
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(.failed, location: location.description, "\(error)")
        }
    }
}

extension StorageLocation {
    /// The location of `relative` (a path with `/`) inside this folder.
    public func appending(_ relative: String) -> StorageLocation {
        switch self {
        case .local(let path): .local(path.hasSuffix("/") ? path + relative : path + "/" + relative)
        case .s3(let bucket, let key): .s3(bucket: bucket, key: key.isEmpty || key.hasSuffix("/") ? key + relative : key + "/" + relative)
        }
    }
}
