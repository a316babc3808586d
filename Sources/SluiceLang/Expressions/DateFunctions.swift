import Foundation
import SluiceData

/// The row functions of dates and times, as pandas computes them: `date` is `to_datetime(errors="coerce")`
/// (text that does not read as a date gives a missing value), the parts are the `.dt` accessors
/// (`weekday`: Monday is 0), and `days_between(a, b)` is `(b - a).dt.days`: whole days, rounded down.
extension ColumnEvaluator {
    func dateFunction(_ name: String, _ arguments: [Vector], span: SourceSpan) throws(Diagnostic) -> Vector {
        switch name {
        case "date": return try date(arguments, span: span)
        case "days_between":
            let (a, aNull) = try datetimeArgument(name, arguments[0], alongside: arguments[1], span: span)
            let (b, bNull) = try datetimeArgument(name, arguments[1], alongside: arguments[0], span: span)
            let days = (0..<rowCount).map { Double(DateTimeParser.days(of: b[$0] - a[$0])) }
            return .numbers(days, nulls: orNulls(aNull, bNull), integral: true)
        default:
            let (values, nulls) = try datetimeArgument(name, arguments[0], span: span)
            let part = DatePart(rawValue: name)!  // year, month, day, weekday, hour
            return .numbers(values.map { Double(part.of($0)) }, nulls: nulls, integral: true)
        }
    }

    /// `date(x[, pattern])`: text read as ISO 8601, or by a strftime-style pattern; datetimes as they are.
    private func date(_ arguments: [Vector], span: SourceSpan) throws(Diagnostic) -> Vector {
        if case .datetimes = arguments[0], arguments.count == 1 { return arguments[0] }
        var pattern: String?
        if arguments.count == 2 {
            guard case .scalar(.string(let given)) = arguments[1] else {
                throw Diagnostic(.type, "the pattern of `date` must be text in quotes, such as \"%d/%m/%Y\"", span: span,
                                 label: "not a pattern")
            }
            if let problem = DateTimeParser.patternProblem(given) {
                throw Diagnostic(.type, "the pattern \"\(given)\" \(problem)", span: span, label: "not a date pattern",
                                 help: "the directives are \(DateTimeParser.directives)")
            }
            pattern = given
        }
        guard let (texts, textNulls) = strings(arguments[0]) else { throw typeError("`date` needs text", arguments[0], span) }
        var nulls = textNulls, values = [Int64](repeating: 0, count: rowCount)
        for row in 0..<rowCount where !nulls[row] {
            let text = texts[row].trimmingCharacters(in: .whitespaces)
            guard let value = pattern.map({ DateTimeParser.parse(text, pattern: $0) }) ?? DateTimeParser.parseISO(text) else {
                nulls[row] = true
                continue
            }
            values[row] = value
        }
        return .datetimes(values, nulls: nulls)
    }

    private func datetimeArgument(_ name: String, _ argument: Vector, alongside other: Vector? = nil, span: SourceSpan)
        throws(Diagnostic) -> (values: [Int64], nulls: [Bool]) {
        if let datetimes = try datetimes(argument, alongside: other ?? .datetimes([], nulls: []), span: span) { return datetimes }
        var error = typeError("`\(name)` needs datetimes", argument, span)
        if strings(argument) != nil { error.help = "`date(x)` reads text as a datetime: `\(name)(date(x))`" }
        throw error
    }

}
