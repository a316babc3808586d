/// The logical type of a column.
public enum ColumnKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// Whole numbers, stored as `Int64`.
    case integer
    /// Real numbers, stored as `Double`.
    case float
    /// `true` / `false`.
    case boolean
    /// A small set of repeated labels, stored as dictionary codes.
    case categorical
    /// Free text, stored as strings.
    case text
    /// Dates and times, stored as microseconds since 1970-01-01 (see ``DateTimeParser``).
    case datetime

    /// Whether values of this kind are numbers.
    public var isNumeric: Bool { self == .integer || self == .float }

    /// Whether a value of this kind can equal one of `other` (as join keys): numbers with numbers, text
    /// with categories, booleans with booleans, datetimes with datetimes.
    public func canEqual(_ other: ColumnKind) -> Bool { family == other.family }

    private var family: Int {
        switch self {
        case .integer, .float: 0
        case .text, .categorical: 1
        case .boolean: 2
        case .datetime: 3
        }
    }
}
