/// How a column's fields are parsed while reading. String columns become
/// categorical or text once every value has been seen.
enum FieldKind: Sendable, Equatable {
    case integer, float, boolean, string
    /// ISO 8601 text, or text following a strftime-style pattern.
    case datetime(pattern: String?)

    init(_ kind: ColumnKind, pattern: String? = nil) {
        switch kind {
        case .integer: self = .integer
        case .float: self = .float
        case .boolean: self = .boolean
        case .categorical, .text: self = .string
        case .datetime: self = .datetime(pattern: pattern)
        }
    }

    var name: String {
        switch self {
        case .integer: "an integer"
        case .float: "a number"
        case .boolean: "true or false"
        case .string: "text"
        case .datetime(let pattern): pattern.map { "a date and time like \"\($0)\"" } ?? "an ISO 8601 date or time"
        }
    }
}

/// Parses `true`/`false` in any case.
@inline(__always)
func parseBoolean(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool? {
    func matches(_ word: StaticString) -> Bool {
        guard count == word.utf8CodeUnitCount else { return false }
        for index in 0..<count where bytes[index] | 0x20 != word.utf8Start[index] { return false }
        return true
    }
    if matches("true") { return true }
    if matches("false") { return false }
    return nil
}
