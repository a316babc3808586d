import Foundation
import SluiceData

// How Sluice writes numbers, in every rendering:
//
// - Counts of things (rows, columns, support, confusion-matrix cells, rows per second) have
//   thousands separators: `7,043`.
// - Values from the data and settings (a year, an identifier, a minimum, `eta`) are written as they
//   are, without separators, to six significant digits: `2007`, `0.3`, `18.25`.
// - Measurements shown in a column (metrics, means, gains) have six significant digits with their
//   trailing zeros, so a column reads evenly: `0.846780` above `0.843019`.
// - A measurement with its spread is rounded to the spread's precision, the spread to two
//   significant digits: `0.8346 ± 0.0012`.

/// A value from the data or a setting: up to six significant digits, no separators, no trailing
/// zeros: `32.3711`, `2007`, `0.3`, `1.5e+20`.
public func formatStatistic(_ value: Double) -> String {
    guard value.isFinite else { return nonFinite(value) }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.6g", value)
}

/// A measurement in a column: six significant digits, trailing zeros kept: `0.846780`, `2283.30`,
/// `1.00000`; an exponent below 0.0001 and from 10^15.
public func formatMeasure(_ value: Double) -> String {
    guard value.isFinite else { return nonFinite(value) }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    guard magnitude >= 1e-4, magnitude < 1e15 else { return String(format: "%.5e", value) }
    return String(format: "%#.6g", value)
}

/// A measurement and its spread (a standard deviation): the spread to two significant digits and
/// the value to the same decimal place: `0.8346 ± 0.0012`; six significant digits when the spread is 0.
public func formatUncertain(_ value: Double, spread: Double) -> String {
    guard value.isFinite, spread.isFinite, spread > 0 else {
        return formatMeasure(value) + " ± " + (spread == 0 ? "0" : formatStatistic(spread))
    }
    // The decimal place of the spread's second significant digit.
    let decimals = max(0, 1 - Int(floor(log10(spread))))
    guard decimals <= 12 else { return formatMeasure(value) + " ± " + String(format: "%.1e", spread) }
    return String(format: "%.\(decimals)f ± %.\(decimals)f", value, spread)
}

/// A float for a table cell: six significant digits, no exponent between
/// 0.0001 and 10^15, trailing zeros dropped: `0.066153`, `1889.5`, `1234568`.
public func formatCellFloat(_ value: Double) -> String {
    guard value.isFinite else { return nonFinite(value) }
    let magnitude = abs(value)
    if value == value.rounded(), magnitude < 1e15 { return String(Int64(value)) }
    guard magnitude >= 1e-4, magnitude < 1e15 else { return String(format: "%.6g", value) }
    let integerDigits = magnitude < 1 ? 0 : Int(log10(magnitude)) + 1
    var text = String(format: "%.\(max(0, 6 - integerDigits))f", value)
    if text.contains(".") {
        while text.last == "0" { text.removeLast() }
        if text.last == "." { text.removeLast() }
    }
    return text == "-0" ? "0" : text
}

private func nonFinite(_ value: Double) -> String {
    value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf")
}

/// An instant in microseconds since 1970 as ISO 8601 (a midnight as its date alone).
public func formatInstant(_ micros: Double) -> String {
    guard micros.isFinite, abs(micros) < 9e18 else { return nonFinite(micros) }
    return DateTimeParser.format(Int64(micros.rounded()))
}

/// A length of time in microseconds, in the largest unit it reaches, to three significant digits
/// (whole from 100 up): `1461 days`, `33.6 days`, `5.5 hours`, `12 minutes`, `0.25 seconds`.
public func formatDuration(_ micros: Double) -> String {
    let units: [(String, Double)] = [("days", 86_400e6), ("hours", 3_600e6), ("minutes", 60e6), ("seconds", 1e6)]
    let (name, size) = units.first { abs(micros) >= $0.1 } ?? units[units.count - 1]
    let amount = micros / size
    return (abs(amount) >= 100 ? String(Int64(amount.rounded())) : String(format: "%.3g", amount)) + " " + name
}
