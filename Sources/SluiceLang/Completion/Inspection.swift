import SluiceDisplay

extension Session {
    /// What to show about the word at `cursor` (in Unicode scalars) in `text`: a bound name's value, or the
    /// help of a keyword, step, algorithm or other topic; nil when the word is none of those.
    public func inspect(_ text: String, cursor: Int) -> MimeBundle? {
        let scalars = Array(text.unicodeScalars)
        let position = min(max(cursor, 0), scalars.count)
        var start = position, end = position
        while start > 0, Completer.isWordScalar(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, Completer.isWordScalar(scalars[end]) { end += 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        if let value = bindings[word] {
            let bundle = value.displayBundles()[0]
            return MimeBundle(plainText: "\(word): \(bundle.plainText)", html: bundle.html)
        }
        guard let help = HelpCatalog.text(for: word) else { return nil }
        return HelpCatalog.bundle(help)
    }
}
