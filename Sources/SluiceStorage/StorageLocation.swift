/// Where bytes are: a local path or an object in S3 (`s3://bucket/key`).
public enum StorageLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    case local(String)
    case s3(bucket: String, key: String)

    /// Reads a path or an `s3://bucket/key` URI. Other schemes (`https://`, `gs://`) are refused by name.
    public init(_ text: String) throws(StorageError) {
        guard let separator = text.range(of: "://") else {
            self = .local(text)
            return
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "s3" else {
            throw StorageError(.badLocation, location: text, "`\(scheme)://` locations are not supported; use a local path or s3://bucket/key")
        }
        let rest = text[separator.upperBound...]
        let bucket = String(rest.prefix { $0 != "/" })
        guard Self.isValidBucket(bucket) else {
            throw StorageError(.badLocation, location: text,
                               bucket.isEmpty ? "an s3:// location needs a bucket: s3://bucket/key"
                                   : "`\(bucket)` is not a bucket name (3 to 63 lower-case letters, digits, dots and hyphens)")
        }
        self = .s3(bucket: bucket, key: String(rest.dropFirst(bucket.count + 1)))
    }

    /// Whether `text` names an object-storage location rather than a local path.
    public static func isRemote(_ text: String) -> Bool { text.range(of: "://") != nil }

    public var description: String {
        switch self {
        case .local(let path): path
        case .s3(let bucket, let key): "s3://\(bucket)/\(key)"
        }
    }

    /// The location's last path component (a file or key name).
    public var name: String {
        switch self {
        case .local(let path): String(path.split(separator: "/").last ?? Substring(path))
        case .s3(_, let key): String(key.split(separator: "/").last ?? Substring(key))
        }
    }

    /// The location named `name` in the same folder (local) or under the same key prefix (S3).
    public func sibling(named name: String) -> StorageLocation {
        switch self {
        case .local(let path):
            let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            return .local(folder.isEmpty && !path.hasPrefix("/") ? name : folder + "/" + name)
        case .s3(let bucket, let key):
            let prefix = key.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            return .s3(bucket: bucket, key: prefix.isEmpty ? name : prefix + "/" + name)
        }
    }

    private static func isValidBucket(_ name: String) -> Bool {
        guard (3...63).contains(name.count), let first = name.first, first.isLetter || first.isNumber else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }
    }
}
