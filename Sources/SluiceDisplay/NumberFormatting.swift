import Foundation

/// A number for reading, with up to six significant digits: `32.3711`, `2283.3`, `1.5e+07`.
public func formatStatistic(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return formatCount(Int(value)) }
    return String(format: "%.6g", value)
}

/// A float for a table cell: six significant digits, no exponent between
/// 0.0001 and 10^15, trailing zeros dropped: `0.066153`, `1889.5`, `1234568`.
public func formatCellFloat(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
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
