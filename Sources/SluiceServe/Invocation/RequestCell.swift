/// One value of a request row, before it is given its column's kind.
enum RequestCell: Sendable {
    case missing
    /// Text as sent: a CSV field, or a JSON string.
    case text(String)
    case number(Double)
    case boolean(Bool)

    /// The cell as the request wrote it, for error messages.
    var quoted: String {
        switch self {
        case .missing: "an empty value"
        case .text(let text): "\"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
        case .number(let value): "\(value)"
        case .boolean(let value): "\(value)"
        }
    }
}
