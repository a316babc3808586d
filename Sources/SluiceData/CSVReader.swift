import Foundation

/// Reads CSV files into ``Table``s.
public enum CSVReader {
    /// Reads the CSV file at `path`.
    ///
    /// - Parameter shouldStop: polled while reading; when it returns `true`
    ///   the read stops and throws `CancellationError`.
    /// - Throws: ``CSVError`` naming the file, line and column of a malformed
    ///   record, or `CancellationError`.
    public static func read(
        path: String,
        options: CSVOptions = CSVOptions(),
        shouldStop: () -> Bool = { false }
    ) throws -> Table {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw CSVError(file: path, line: 0, column: 0, message: "the file \(reason)")
        }
        return try read(bytes: Array(data), source: path, options: options, shouldStop: shouldStop)
    }

    /// Reads CSV text held in memory; `source` names it in errors.
    public static func read(
        bytes: [UInt8],
        source: String,
        options: CSVOptions = CSVOptions(),
        shouldStop: () -> Bool = { false }
    ) throws -> Table {
        try bytes.withUnsafeBufferPointer { buffer in
            try readRecords(buffer, source: source, options: options, shouldStop: shouldStop)
        }
    }

    private static let recordsBetweenStopChecks = 4096

    private static func readRecords(
        _ buffer: UnsafeBufferPointer<UInt8>,
        source: String,
        options: CSVOptions,
        shouldStop: () -> Bool
    ) throws -> Table {
        var scanner = CSVRecordScanner(bytes: buffer, delimiter: options.delimiter, source: source)
        var fields: [FieldSpan] = []
        guard let firstLine = try scanner.nextRecord(into: &fields) else {
            throw CSVError(file: source, line: 1, column: 0, message: "the file is empty")
        }
        let fieldCount = fields.count
        var columnTexts = Array(repeating: [String?](), count: fieldCount)
        let names: [String]
        if options.hasHeader {
            names = try headerNames(fields, buffer: buffer, line: firstLine, scanner: scanner, source: source)
        } else {
            names = (1...fieldCount).map { "column_\($0)" }
            try append(fields, to: &columnTexts, buffer: buffer, line: firstLine, scanner: scanner,
                       source: source, nullTokens: options.nullTokens)
        }
        var recordsRead = 0
        while let line = try scanner.nextRecord(into: &fields) {
            guard fields.count == fieldCount else {
                let end = fields.last?.range.upperBound ?? 0
                throw CSVError(file: source, line: line, column: scanner.column(ofByte: end),
                               message: "expected \(fieldCount) fields, found \(fields.count)")
            }
            try append(fields, to: &columnTexts, buffer: buffer, line: line, scanner: scanner,
                       source: source, nullTokens: options.nullTokens)
            recordsRead += 1
            if recordsRead % recordsBetweenStopChecks == 0, shouldStop() { throw CancellationError() }
        }
        let columns = zip(names, columnTexts).map { ColumnInference.buildColumn(name: $0, texts: $1) }
        do {
            return try Table(columns: columns)
        } catch {
            throw CSVError(file: source, line: firstLine, column: 0, message: error.description)
        }
    }

    private static func headerNames(
        _ fields: [FieldSpan], buffer: UnsafeBufferPointer<UInt8>, line: Int,
        scanner: CSVRecordScanner, source: String
    ) throws(CSVError) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        for (index, field) in fields.enumerated() {
            var name = try text(of: field, buffer: buffer, line: line, scanner: scanner, source: source)
                .trimmingCharacters(in: .whitespaces)
            if name.isEmpty { name = "column_\(index + 1)" }
            guard seen.insert(name).inserted else {
                throw CSVError(file: source, line: line, column: scanner.column(ofByte: field.range.lowerBound),
                               message: "duplicate column name `\(name)` in the header")
            }
            names.append(name)
        }
        return names
    }

    private static func append(
        _ fields: [FieldSpan], to columnTexts: inout [[String?]], buffer: UnsafeBufferPointer<UInt8>,
        line: Int, scanner: CSVRecordScanner, source: String, nullTokens: Set<String>
    ) throws(CSVError) {
        for (index, field) in fields.enumerated() {
            let value = try text(of: field, buffer: buffer, line: line, scanner: scanner, source: source)
            columnTexts[index].append(nullTokens.contains(value) ? nil : value)
        }
    }

    private static func text(
        of field: FieldSpan, buffer: UnsafeBufferPointer<UInt8>, line: Int,
        scanner: CSVRecordScanner, source: String
    ) throws(CSVError) -> String {
        let raw = UnsafeBufferPointer(rebasing: buffer[field.range])
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw CSVError(file: source, line: line, column: scanner.column(ofByte: field.range.lowerBound),
                           message: "the field is not valid UTF-8")
        }
        return field.hasEscapedQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }
}
