/// A value rendered for display, keyed by MIME type (`text/plain` always,
/// plus richer forms such as `text/html` when a front end can show them).
public struct MimeBundle: Sendable, Equatable {
    /// The renderings, keyed by MIME type.
    public private(set) var data: [String: String]

    /// A bundle with a plain-text rendering and, optionally, an HTML one.
    public init(plainText: String, html: String? = nil) {
        data = ["text/plain": plainText]
        if let html { data["text/html"] = html }
    }

    /// The bundle with one more rendering: `content` as `mimeType` (JSON text for a `+json` type).
    public func adding(_ mimeType: String, _ content: String) -> MimeBundle {
        var bundle = self
        bundle.data[mimeType] = content
        return bundle
    }

    /// The `text/plain` rendering, which every bundle has.
    public var plainText: String { data["text/plain"]! }

    /// The `text/html` rendering, if any.
    public var html: String? { data["text/html"] }
}
