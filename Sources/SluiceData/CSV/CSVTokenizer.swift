import Glibc

/// Where one field's text sits in the bytes being parsed.
struct FieldSpan {
    /// Offset of the field's content (inside the quotes when quoted).
    var start: Int
    var end: Int
    var isQuoted: Bool
    /// Whether the content holds doubled quotes (`""`) to unescape.
    var hasEscapedQuotes: Bool
}

/// A malformed record: where, and what.
struct RecordProblem {
    var line: Int
    /// The byte offset the problem is at.
    var offset: Int
    var message: String
}

/// Splits CSV bytes into records of fields (RFC 4180): quoted fields may hold
/// delimiters, newlines and doubled quotes; records end with LF, CRLF or CR;
/// blank lines are passed over. Lines are counted from 1 at the start of the bytes.
struct CSVTokenizer {
    /// What reading one record found.
    enum Outcome {
        case record(line: Int)
        case malformed(RecordProblem)
        case end
    }

    let bytes: UnsafePointer<UInt8>
    let count: Int
    let delimiter: UInt8
    private(set) var position: Int
    private(set) var line = 1
    /// The offset where the current line starts, for columns in messages.
    private(set) var lineStart: Int

    private static let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    init(bytes: UnsafePointer<UInt8>, count: Int, delimiter: UInt8, start: Int = 0) {
        self.bytes = bytes
        self.count = count
        self.delimiter = delimiter
        position = start
        lineStart = start
    }

    /// Reads the next record's fields into `spans` (cleared first).
    @inline(__always)
    mutating func nextRecord(into spans: inout [FieldSpan]) -> Outcome {
        spans.removeAll(keepingCapacity: true)
        skipBlankLines()
        guard position < count else { return .end }
        let recordLine = line
        while true {
            if bytes[position] == Self.quote {
                if let problem = scanQuotedField(into: &spans) { return .malformed(problem) }
            } else {
                let start = position
                while position < count {
                    let byte = bytes[position]
                    if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    position += 1
                }
                spans.append(FieldSpan(start: start, end: position, isQuoted: false, hasEscapedQuotes: false))
            }
            if position < count, bytes[position] == delimiter {
                position += 1
                if position == count {
                    spans.append(FieldSpan(start: position, end: position, isQuoted: false, hasEscapedQuotes: false))
                }
                if position < count { continue }
            }
            consumeLineEnd()
            return .record(line: recordLine)
        }
    }

    /// The 1-based character column of byte `offset`, on the line starting at `lineStart`.
    func column(ofByte offset: Int, lineStartingAt start: Int) -> Int {
        let length = max(0, min(offset, count) - start)
        return String(decoding: UnsafeBufferPointer(start: bytes + start, count: length), as: UTF8.self).count + 1
    }

    /// Moves past the rest of the current line (after a malformed record).
    mutating func skipRestOfLine() {
        while position < count, bytes[position] != Self.lineFeed, bytes[position] != Self.carriageReturn { position += 1 }
        consumeLineEnd()
    }

    private mutating func skipBlankLines() {
        while position < count {
            let byte = bytes[position]
            guard byte == Self.lineFeed || byte == Self.carriageReturn else { return }
            consumeLineEnd()
        }
    }

    private mutating func consumeLineEnd() {
        guard position < count else { return }
        if bytes[position] == Self.carriageReturn { position += 1 }
        if position < count, bytes[position] == Self.lineFeed { position += 1 }
        line += 1
        lineStart = position
    }

    private mutating func scanQuotedField(into spans: inout [FieldSpan]) -> RecordProblem? {
        let openingQuote = position
        let openingLine = line
        let openingLineStart = lineStart
        position += 1
        let contentStart = position
        var hasEscapedQuotes = false
        while true {
            guard position < count else {
                let column = self.column(ofByte: openingQuote, lineStartingAt: openingLineStart)
                return RecordProblem(line: openingLine, offset: openingQuote,
                                     message: "unterminated quoted field (the quote opened at column \(column) is never closed)")
            }
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < count, bytes[position + 1] == Self.quote {
                    hasEscapedQuotes = true
                    position += 2
                    continue
                }
                break
            }
            if byte == Self.lineFeed {
                line += 1
                lineStart = position + 1
            }
            position += 1
        }
        spans.append(FieldSpan(start: contentStart, end: position, isQuoted: true, hasEscapedQuotes: hasEscapedQuotes))
        position += 1
        if position < count {
            let next = bytes[position]
            if next != delimiter, next != Self.lineFeed, next != Self.carriageReturn {
                return RecordProblem(line: line, offset: position,
                                     message: "unexpected character after a closing quote (expected a delimiter or the end of the line)")
            }
        }
        return nil
    }

    /// The end (just past the newline) of the last complete record in bytes that start at a record's
    /// start, or nil when they hold none, reading quotes as the tokenizer does (``CSVQuoting``).
    static func lastRecordEnd(_ bytes: UnsafePointer<UInt8>, count: Int, delimiter: UInt8 = UInt8(ascii: ",")) -> Int? {
        guard count > 0 else { return nil }
        if memchr(bytes, Int32(quote), count) == nil {
            var index = count - 1
            while index >= 0, bytes[index] != lineFeed { index -= 1 }
            return index >= 0 ? index + 1 : nil
        }
        var quoting = CSVQuoting(delimiter: delimiter)
        var last: Int?
        for index in 0..<count where quoting.endsRecord(bytes[index]) { last = index + 1 }
        return last
    }
}
