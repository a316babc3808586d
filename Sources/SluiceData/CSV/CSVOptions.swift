import Foundation

/// What to do with a malformed record.
public enum CSVErrorPolicy: String, Sendable, Equatable {
    /// Stop with an error naming the file, line and column (the default).
    case fail
    /// Leave the record out and count it.
    case skip
}

/// How to read a CSV file.
public struct CSVOptions: Sendable, Equatable {
    /// The field separator, one ASCII character (default `,`).
    public var delimiter: UInt8
    /// Whether the first record holds the column names (default `true`).
    public var hasHeader: Bool
    /// Unquoted field texts that mean "missing", besides the empty field, which always does.
    /// A quoted field is never missing: `""` is the empty string.
    public var nullTokens: Set<String>
    /// Kinds to use instead of inferring them, by column name.
    public var types: [String: ColumnKind]
    /// strftime-style patterns of datetime columns (in `types`) not written in ISO 8601, by column name.
    public var datetimePatterns: [String: String]
    /// What to do with malformed records.
    public var onError: CSVErrorPolicy
    /// How many bytes are read and parsed at a time per chunk.
    public var chunkSize: Int
    /// How many records at the start of the file decide each column's kind.
    public var inferenceRows: Int
    /// How many threads parse at once (default: one per core). Each batch is cut into twice as many
    /// chunks, so the cuts, and never the values read, depend on it.
    public var threads: Int

    /// Creates options; the defaults read a plain comma-separated file with a header.
    public init(delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true, nullTokens: Set<String> = [],
                types: [String: ColumnKind] = [:], datetimePatterns: [String: String] = [:], onError: CSVErrorPolicy = .fail,
                chunkSize: Int = 4 << 20, inferenceRows: Int = 10_000,
                threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.nullTokens = nullTokens
        self.types = types
        self.datetimePatterns = datetimePatterns
        self.onError = onError
        self.chunkSize = chunkSize
        self.inferenceRows = inferenceRows
        self.threads = max(1, threads)
    }
}

/// A CSV file that cannot be read, with the place that is wrong.
public struct CSVError: Error, Equatable, CustomStringConvertible {
    /// The file (or source name) being read.
    public var file: String
    /// The 1-based line of the problem; 0 when it concerns the whole file.
    public var line: Int
    /// The 1-based column (in characters) of the problem on that line; 0 when it is the whole line or file.
    public var column: Int
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        if line == 0 { return "\(file): \(message)" }
        return column > 0 ? "\(file):\(line):\(column): \(message)" : "\(file):\(line): \(message)"
    }
}

/// A table read from CSV, with the records that were skipped.
public struct CSVReadResult: Sendable {
    public var table: Table
    /// How many malformed records were left out (with `onError = .skip`).
    public var skippedCount: Int
    /// The first few of them, in file order.
    public var skippedExamples: [CSVError]
}
