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
}
