/// Where CSV bytes stand as to quoting, byte by byte, from a record's start: the one reading of quotes
/// that every scanner of record boundaries shares with ``CSVTokenizer``. A quote opens a quoted field
/// only at a field's start (elsewhere it is a plain character, as in `12" pipe`); `""` inside one is a
/// quote; after the closing quote, anything but a delimiter or a line end makes the rest of the line
/// malformed (the tokenizer reports it, or skips to the line's end). So where a file is cut into
/// chunks never changes what its records are.
public struct CSVQuoting: Sendable {
    private enum State { case fieldStart, unquoted, quoted, closingQuote, restOfLine }

    private var state = State.fieldStart
    private let delimiter: UInt8

    private static let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        self.delimiter = delimiter
    }

    /// Reads one byte; true when it is a line feed that ends a record (one inside quotes does not).
    @inline(__always)
    public mutating func endsRecord(_ byte: UInt8) -> Bool {
        if byte == Self.lineFeed || byte == Self.carriageReturn, state != .quoted {
            state = .fieldStart
            return byte == Self.lineFeed
        }
        switch state {
        case .fieldStart: state = byte == Self.quote ? .quoted : (byte == delimiter ? .fieldStart : .unquoted)
        case .unquoted: if byte == delimiter { state = .fieldStart }
        case .quoted: if byte == Self.quote { state = .closingQuote }
        case .closingQuote: state = byte == Self.quote ? .quoted : (byte == delimiter ? .fieldStart : .restOfLine)
        case .restOfLine: break
        }
        return false
    }
}
