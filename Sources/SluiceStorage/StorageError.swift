/// Why bytes could not be read or written at a location, with the location named and never a secret.
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case badLocation, noSuchBucket, noSuchKey, accessDenied, unreachable, interrupted, failed
    }

    public var kind: Kind
    /// The location as written: a path or `s3://bucket/key`.
    public var location: String
    public var message: String
    /// A suggestion, such as a key of the listing that is close to the one asked for.
    public var help: String?

    public init(_ kind: Kind, location: String, _ message: String, help: String? = nil) {
        self.kind = kind
        self.location = location
        self.message = message
        self.help = help
    }

    public var description: String { message }
}
