/// Where one field's text sits in the file's bytes.
struct FieldSpan {
    /// The byte range of the field's content (inside the quotes when quoted).
    var range: Range<Int>
    /// Whether the content holds doubled quotes (`""`) that must be unescaped.
    var hasEscapedQuotes: Bool
}

/// Splits CSV bytes into records of fields, following RFC 4180: fields may be
/// quoted, quoted fields may hold delimiters, newlines and doubled quotes,
/// records end with LF or CRLF, a UTF-8 byte-order mark is skipped and blank
/// lines are passed over.
struct CSVRecordScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let delimiter: UInt8
    private let source: String
    private var position: Int
    /// The 1-based line at `position`.
    private(set) var line = 1

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, source: String) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.source = source
        let hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        position = hasByteOrderMark ? 3 : 0
    }

    /// Reads the next record into `fields` (cleared first) and returns the line
    /// it started on, or `nil` at the end of the input.
    mutating func nextRecord(into fields: inout [FieldSpan]) throws(CSVError) -> Int? {
        fields.removeAll(keepingCapacity: true)
        skipBlankLines()
        guard position < bytes.count else { return nil }
        let recordLine = line
        while true {
            fields.append(try scanField())
            if position < bytes.count, bytes[position] == delimiter {
                position += 1
                continue
            }
            consumeLineEnd()
            return recordLine
        }
    }

    /// The 1-based character column of byte `offset` on its line.
    func column(ofByte offset: Int) -> Int {
        var start = min(offset, bytes.count)
        while start > 0, bytes[start - 1] != Self.lineFeed { start -= 1 }
        let prefix = UnsafeBufferPointer(rebasing: bytes[start..<min(offset, bytes.count)])
        return String(decoding: prefix, as: UTF8.self).count + 1
    }

    private mutating func skipBlankLines() {
        while position < bytes.count {
            if bytes[position] == Self.lineFeed {
                position += 1
                line += 1
            } else if bytes[position] == Self.carriageReturn,
                      position + 1 < bytes.count, bytes[position + 1] == Self.lineFeed {
                position += 2
                line += 1
            } else {
                return
            }
        }
    }

    private mutating func consumeLineEnd() {
        guard position < bytes.count else { return }
        if bytes[position] == Self.carriageReturn { position += 1 }
        if position < bytes.count, bytes[position] == Self.lineFeed { position += 1 }
        line += 1
    }

    private mutating func scanField() throws(CSVError) -> FieldSpan {
        guard position < bytes.count, bytes[position] == Self.quote else {
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                position += 1
            }
            return FieldSpan(range: start..<position, hasEscapedQuotes: false)
        }
        let openingQuote = position
        let openingLine = line
        position += 1
        let contentStart = position
        var hasEscapedQuotes = false
        while true {
            guard position < bytes.count else {
                throw CSVError(file: source, line: openingLine, column: column(ofByte: openingQuote),
                               message: "unterminated quoted field (the quote opened here is never closed)")
            }
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < bytes.count, bytes[position + 1] == Self.quote {
                    hasEscapedQuotes = true
                    position += 2
                    continue
                }
                break
            }
            if byte == Self.lineFeed { line += 1 }
            position += 1
        }
        let contentEnd = position
        position += 1
        if position < bytes.count {
            let next = bytes[position]
            if next != delimiter, next != Self.lineFeed, next != Self.carriageReturn {
                throw CSVError(file: source, line: line, column: column(ofByte: position),
                               message: "unexpected character after a closing quote (expected a delimiter or the end of the line)")
            }
        }
        return FieldSpan(range: contentStart..<contentEnd, hasEscapedQuotes: hasEscapedQuotes)
    }
}
