import Foundation
import SluiceStorage

/// Writes tables as CSV (RFC 4180) that ``CSVReader`` reads back to the same
/// values: missing values are empty fields, the empty string is `""`, floats
/// use the shortest text that reads back exactly (always with a `.` or an
/// exponent, so they stay floats), and fields holding the delimiter, a
/// quote or a line break are quoted. Datetimes are ISO 8601, a column of midnights as dates alone.
public enum CSVWriter {
    /// Writes `table` to `path` through a temporary file renamed into place,
    /// so an existing file is never left half-written. Missing folders are created.
    public static func write(_ table: Table, to path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        do {
            try write(table, to: .local(path), delimiter: delimiter)
        } catch let error as StorageError {
            throw CSVError(file: path, line: 0, column: 0, message: error.message)
        }
    }

    /// Writes `table` to a local path or an `s3://` object, which holds it only when whole (a temporary
    /// file renamed into place; a multipart upload completed at the end), aborted on any error; either
    /// gzip-compressed when its name ends in `.gz`.
    public static func write(_ table: Table, to location: StorageLocation, delimiter: UInt8 = UInt8(ascii: ","),
                             shouldStop: @escaping @Sendable () -> Bool = { false }) throws {
        let writer = try Storage.writer(location, shouldStop: shouldStop)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.flushSize + 4096)
        appendHeader(of: table, to: &buffer, delimiter: delimiter)
        let datesOnly = table.columns.map(\.holdsDatesOnly)
        do {
            for row in 0..<table.rowCount {
                appendRow(row, of: table, to: &buffer, delimiter: delimiter, datesOnly: datesOnly)
                if buffer.count >= Self.flushSize {
                    try writer.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                    if shouldStop() { throw StorageError(.interrupted, location: location.description, "interrupted") }
                }
            }
            try writer.write(buffer)
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }

    /// The CSV text of `table`; without `header`, only its records (to append to a file that has one).
    public static func encode(_ table: Table, delimiter: UInt8 = UInt8(ascii: ","), header: Bool = true) -> [UInt8] {
        var buffer: [UInt8] = []
        if header { appendHeader(of: table, to: &buffer, delimiter: delimiter) }
        let datesOnly = table.columns.map(\.holdsDatesOnly)
        for row in 0..<table.rowCount { appendRow(row, of: table, to: &buffer, delimiter: delimiter, datesOnly: datesOnly) }
        return buffer
    }

    private static let flushSize = 1 << 20

    private static func appendHeader(of table: Table, to buffer: inout [UInt8], delimiter: UInt8) {
        for (index, column) in table.columns.enumerated() {
            if index > 0 { buffer.append(delimiter) }
            appendField(column.name, to: &buffer, delimiter: delimiter, quoteEmpty: false)
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    private static func appendRow(_ row: Int, of table: Table, to buffer: inout [UInt8], delimiter: UInt8, datesOnly: [Bool]) {
        for (index, column) in table.columns.enumerated() {
            if index > 0 { buffer.append(delimiter) }
            guard !column.isMissing(row) else { continue }
            switch column.values {
            case .float(let values, _):
                buffer.append(contentsOf: "\(values[row])".utf8)
            case .datetime(let values, _):
                buffer.append(contentsOf: DateTimeParser.format(values[row], dateOnly: datesOnly[index]).utf8)
            case .text, .categorical:
                appendField(column.formattedValue(at: row)!, to: &buffer, delimiter: delimiter, quoteEmpty: true)
            default:
                buffer.append(contentsOf: column.formattedValue(at: row)!.utf8)
            }
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    private static func appendField(_ text: String, to buffer: inout [UInt8], delimiter: UInt8, quoteEmpty: Bool) {
        let needsQuotes = (quoteEmpty && text.isEmpty) || text.utf8.contains {
            $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
        guard needsQuotes else {
            buffer.append(contentsOf: text.utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
