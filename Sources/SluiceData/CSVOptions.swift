/// How to read a CSV file.
public struct CSVOptions: Sendable, Equatable {
    /// The field separator, one ASCII character (default `,`).
    public var delimiter: UInt8
    /// Whether the first record holds the column names (default `true`).
    public var hasHeader: Bool
    /// Field texts that mean "missing" (default: the empty field).
    public var nullTokens: Set<String>

    /// Creates options; the defaults read a plain comma-separated file with a header.
    public init(delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true, nullTokens: Set<String> = [""]) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.nullTokens = nullTokens
    }
}

/// A CSV file that cannot be read, with the place that is wrong.
public struct CSVError: Error, Equatable, CustomStringConvertible {
    /// The file (or source name) being read.
    public var file: String
    /// The 1-based line of the problem.
    public var line: Int
    /// The 1-based column (in characters) of the problem on that line; 0 when it is the whole file.
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
        column > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}
