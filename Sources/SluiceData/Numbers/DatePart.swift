/// A part of a datetime, as pandas' `.dt` accessors give it: the row functions `year`, `month`, `day`,
/// `weekday` and `hour`, and the features of the recipe step `dateparts`.
public enum DatePart: String, Sendable, Equatable, Codable, CaseIterable {
    case year, month, day, weekday, hour

    /// The part of an instant in microseconds since 1970 (weekday: Monday = 0).
    public func of(_ micros: Int64) -> Int64 {
        let days = DateTimeParser.days(of: micros)
        switch self {
        case .year: return Int64(DateTimeParser.civil(days: days).year)
        case .month: return Int64(DateTimeParser.civil(days: days).month)
        case .day: return Int64(DateTimeParser.civil(days: days).day)
        // 1970-01-01 was a Thursday (3).
        case .weekday: return (days % 7 + 10) % 7
        case .hour: return (micros - days * DateTimeParser.microsecondsPerDay) / 3_600_000_000
        }
    }
}
