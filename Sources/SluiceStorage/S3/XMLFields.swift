/// The few fields Sluice reads from S3's XML answers (`<Code>`, `<Key>`, `<UploadId>`, …), found by tag.
/// S3's documents are flat enough that a full XML parser buys nothing here.
struct XMLFields {
    let text: String

    init(_ bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
    }

    /// The text of the first `<tag>…</tag>`, entities decoded.
    func first(_ tag: String) -> String? { all(tag, in: text[...]).first }

    /// The text of every `<tag>…</tag>` in `scope`, in order, entities decoded.
    func all(_ tag: String, in scope: Substring? = nil) -> [String] {
        elements(tag, in: scope ?? text[...]).map { Self.decode(String($0)) }
    }

    /// The inner text of each `<tag>…</tag>` (for nested reading: each `<Contents>` of a listing).
    func elements(_ tag: String, in scope: Substring? = nil) -> [Substring] {
        var found: [Substring] = []
        var rest = scope ?? text[...]
        let open = "<\(tag)>", close = "</\(tag)>"
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            found.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// Decodes the XML entities S3 writes.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#34;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
