import Foundation
import SluiceData

/// The row functions of numbers and text: rounding, bounds, conversions and string operations, each
/// as pandas does it (numpy's rounding, half to even; Python's str methods, counting code points), a
/// missing argument giving a missing result (but `min` and `max` skip missing values, and a missing
/// bound of `clip` is no bound, as in pandas).
extension ColumnEvaluator {
    func rowFunction(_ name: String, _ arguments: [Vector], span: SourceSpan) throws(Diagnostic) -> Vector {
        switch name {
        case "round": return try round(arguments, span: span)
        case "floor", "ceil":
            let (values, nulls, integral) = try numberArgument(name, arguments[0], span: span)
            let rule: FloatingPointRoundingRule = name == "floor" ? .down : .up
            return .numbers(values.map { $0.rounded(rule) }, nulls: nulls, integral: integral)
        case "pow":
            let (a, aNull, aIntegral) = try numberArgument(name, arguments[0], span: span)
            let (b, bNull, bIntegral) = try numberArgument(name, arguments[1], span: span)
            var nulls = orNulls(aNull, bNull)
            let values = zip(a, b).map { Foundation.pow($0, $1) }
            for row in 0..<rowCount where !values[row].isFinite { nulls[row] = true }
            let wholePowers = (0..<rowCount).allSatisfy { nulls[$0] || b[$0] >= 0 }
            return .numbers(values.map { $0.isFinite ? $0 : 0 }, nulls: nulls, integral: aIntegral && bIntegral && wholePowers)
        case "min", "max": return try extreme(name, arguments, span: span)
        case "clip": return try clip(arguments, span: span)
        case "number": return try number(arguments[0], span: span)
        case "text": return try text(arguments[0], span: span)
        case "date", "year", "month", "day", "weekday", "hour", "days_between": return try dateFunction(name, arguments, span: span)
        default: return try textFunction(name, arguments, span: span)
        }
    }

    /// `round(x[, digits])`: numpy's `round`, half to even — `rint(x · 10^d) / 10^d`, or for negative
    /// digits `rint(x / 10^-d) · 10^-d`. Whole numbers stay whole; decimals stay decimals, as in pandas.
    private func round(_ arguments: [Vector], span: SourceSpan) throws(Diagnostic) -> Vector {
        let (values, nulls, integral) = try numberArgument("round", arguments[0], span: span)
        var digits = [Double](repeating: 0, count: rowCount), digitNulls = [Bool](repeating: false, count: rowCount)
        if arguments.count == 2 {
            guard let (given, missing, _) = numbers(arguments[1]),
                  (0..<rowCount).allSatisfy({ missing[$0] || (given[$0] == given[$0].rounded() && Swift.abs(given[$0]) <= 300) }) else {
                throw Diagnostic(.type, "the digits of `round` must be a whole number", span: span, label: "not a number of digits",
                                 help: "`round(x, 2)` keeps two decimals; `round(x, -2)` rounds to hundreds")
            }
            (digits, digitNulls) = (given, missing)
        }
        let rounded: [Double] = (0..<rowCount).map { row in
            let (value, d) = (values[row], digits[row])
            let scale = Foundation.pow(10, Swift.abs(d))
            return d >= 0 ? (value * scale).rounded(.toNearestOrEven) / scale : (value / scale).rounded(.toNearestOrEven) * scale
        }
        return .numbers(rounded, nulls: orNulls(nulls, digitNulls), integral: integral)
    }

    /// `min(a, b, …)`, `max(a, b, …)` of each row's present values (missing when none is).
    private func extreme(_ name: String, _ arguments: [Vector], span: SourceSpan) throws(Diagnostic) -> Vector {
        var result = [Double](repeating: 0, count: rowCount), nulls = [Bool](repeating: true, count: rowCount)
        var integral = true
        for argument in arguments {
            let (values, missing, whole) = try numberArgument(name, argument, span: span)
            integral = integral && whole
            for row in 0..<rowCount where !missing[row] {
                if nulls[row] || (name == "min" ? values[row] < result[row] : values[row] > result[row]) { result[row] = values[row] }
                nulls[row] = false
            }
        }
        return .numbers(result, nulls: nulls, integral: integral)
    }

    /// `clip(x, low, high)`: `min(max(x, low), high)`; a missing bound does not bound.
    private func clip(_ arguments: [Vector], span: SourceSpan) throws(Diagnostic) -> Vector {
        let (values, nulls, integral) = try numberArgument("clip", arguments[0], span: span)
        let (low, lowNull, lowIntegral) = try numberArgument("clip", arguments[1], span: span)
        let (high, highNull, highIntegral) = try numberArgument("clip", arguments[2], span: span)
        let clipped = (0..<rowCount).map { row -> Double in
            var value = values[row]
            if !lowNull[row] { value = Swift.max(value, low[row]) }
            if !highNull[row] { value = Swift.min(value, high[row]) }
            return value
        }
        return .numbers(clipped, nulls: nulls, integral: integral && lowIntegral && highIntegral)
    }

    /// `number(x)`: text read as a decimal number (spaces around it allowed), missing when it is not one
    /// (pandas' `to_numeric(errors="coerce")`); numbers as they are; booleans as 1 and 0.
    private func number(_ argument: Vector, span: SourceSpan) throws(Diagnostic) -> Vector {
        if let (values, nulls, integral) = numbers(argument) { return .numbers(values, nulls: nulls, integral: integral) }
        if let (values, nulls) = booleans(argument) { return .numbers(values.map { $0 ? 1 : 0 }, nulls: nulls, integral: true) }
        guard let (texts, textNulls) = strings(argument) else { throw typeError("`number` needs text", argument, span) }
        var nulls = textNulls, values = [Double](repeating: 0, count: rowCount), integral = true
        for row in 0..<rowCount where !nulls[row] {
            let trimmed = texts[row].trimmingCharacters(in: .whitespacesAndNewlines)
            // Swift also reads hexadecimal, "nan" and "inf": pandas does not.
            guard let value = Double(trimmed), value.isFinite, !trimmed.contains(where: { "xXpP".contains($0) }) else {
                nulls[row] = true
                continue
            }
            values[row] = value
            integral = integral && Int64(trimmed) != nil
        }
        return .numbers(values, nulls: nulls, integral: integral)
    }

    /// `text(x)`: a value as text — whole numbers without a decimal point, other numbers as Python's
    /// `str` writes them (`7.0`, `1e+16`), booleans as `true`/`false`, datetimes in ISO 8601.
    private func text(_ argument: Vector, span: SourceSpan) throws(Diagnostic) -> Vector {
        if let (values, nulls) = strings(argument) { return .strings(values, nulls: nulls) }
        if case .datetimes(let values, let nulls) = argument { return .strings(values.map(DateTimeParser.format), nulls: nulls) }
        if let (values, nulls) = booleans(argument) { return .strings(values.map { $0 ? "true" : "false" }, nulls: nulls) }
        guard let (values, nulls, integral) = numbers(argument) else { throw typeError("`text` needs a value", argument, span) }
        return .strings(values.map { integral && Swift.abs($0) < 9.0e15 ? String(Int64($0)) : PythonFloatText.text(of: $0) }, nulls: nulls)
    }

    /// The functions of text, over code points as Python's str methods.
    private func textFunction(_ name: String, _ arguments: [Vector], span: SourceSpan) throws(Diagnostic) -> Vector {
        var texts: [[String]] = [], nulls = [Bool](repeating: false, count: rowCount)
        for (index, argument) in arguments.enumerated() where !(name == "substring" && index > 0) {
            guard let (values, missing) = strings(argument) else {
                throw typeError("`\(name)` needs text", argument, span)
            }
            texts.append(values)
            nulls = orNulls(nulls, missing)
        }
        let s = texts[0]
        switch name {
        case "lower": return .strings(s.map { $0.lowercased() }, nulls: nulls)
        case "upper": return .strings(s.map { $0.uppercased() }, nulls: nulls)
        case "trim": return .strings(s.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }, nulls: nulls)
        case "length": return .numbers(s.map { Double($0.unicodeScalars.count) }, nulls: nulls, integral: true)
        case "contains":
            return .booleans(zip(s, texts[1]).map { $1.isEmpty || $0.range(of: $1, options: .literal) != nil }, nulls: nulls)
        case "starts_with": return .booleans(zip(s, texts[1]).map { $0.utf8.starts(with: $1.utf8) }, nulls: nulls)
        case "ends_with": return .booleans(zip(s, texts[1]).map { $0.utf8.reversed().starts(with: $1.utf8.reversed()) }, nulls: nulls)
        case "replace": return .strings((0..<rowCount).map { Self.replace(s[$0], texts[1][$0], texts[2][$0]) }, nulls: nulls)
        default: return try substring(s, arguments, nulls: nulls, span: span)
        }
    }

    /// `substring(s, start, n)`: n code points from `start` (from 0; a negative start counts from the end).
    private func substring(_ s: [String], _ arguments: [Vector], nulls textNulls: [Bool], span: SourceSpan) throws(Diagnostic) -> Vector {
        let (starts, startNulls, _) = try numberArgument("substring", arguments[1], span: span)
        let (counts, countNulls, _) = try numberArgument("substring", arguments[2], span: span)
        let nulls = orNulls(textNulls, orNulls(startNulls, countNulls))
        let values = (0..<rowCount).map { row -> String in
            guard !nulls[row] else { return "" }
            let scalars = Array(s[row].unicodeScalars)
            let start = Int(starts[row].rounded(.towardZero).clamped(-1e15, 1e15))
            let from = start < 0 ? Swift.max(0, scalars.count + start) : Swift.min(start, scalars.count)
            let to = Swift.min(scalars.count, from + Swift.max(0, Int(counts[row].rounded(.towardZero).clamped(-1e15, 1e15))))
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[from..<to])
            return String(view)
        }
        return .strings(values, nulls: nulls)
    }

    /// Python's `str.replace`: every occurrence; an empty `old` puts `new` around every code point.
    private static func replace(_ text: String, _ old: String, _ new: String) -> String {
        guard old.isEmpty else { return text.replacingOccurrences(of: old, with: new, options: .literal) }
        return new + text.unicodeScalars.map { String($0) + new }.joined()
    }

    private func numberArgument(_ name: String, _ argument: Vector, span: SourceSpan) throws(Diagnostic)
        -> (values: [Double], nulls: [Bool], integral: Bool) {
        guard let numbers = numbers(argument) else {
            var error = typeError("`\(name)` needs numbers", argument, span)
            if strings(argument) != nil { error.help = "`number(x)` reads text as a number" }
            throw error
        }
        return numbers
    }
}

private extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}

/// Numbers written as Python's `str`/`repr` writes floats: the shortest digits that read back the same,
/// in positional form from 1e-4 up to 1e16 (`0.0001`, `7.0`, `1234.5678`) and in exponent form outside
/// it (`1e-05`, `1e+16`, `1.2345678901234568e+17`).
enum PythonFloatText {
    static func text(of value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description has the shortest round-trip digits; only the layout differs.
        let written = Swift.abs(value).description
        let parts = written.split(separator: "e")
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        var digits = Array(mantissa.filter { $0 != "." })
        var point = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let scientific = point - 1
        let body: String
        if (-4..<16).contains(scientific) {
            if point <= 0 {
                body = "0." + String(repeating: "0", count: -point) + String(digits)
            } else if point >= digits.count {
                body = String(digits) + String(repeating: "0", count: point - digits.count) + ".0"
            } else {
                body = String(digits[..<point]) + "." + String(digits[point...])
            }
        } else {
            let lead = digits.count == 1 ? String(digits) : String(digits[0]) + "." + String(digits[1...])
            let magnitude = Swift.abs(scientific)
            body = lead + "e" + (scientific < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        return (value < 0 ? "-" : "") + body
    }
}
