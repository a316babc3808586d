import Glibc

/// What parsing one chunk produced.
struct ChunkResult {
    var columns: [ChunkColumn]
    var rowCount = 0
    /// Lines in the chunk (to number the next chunk's lines).
    var lineCount = 0
    /// Malformed records, with chunk-local lines.
    var problems: [(line: Int, column: Int, message: String)] = []
    /// Columns whose values are not of their kind: the read starts again with them as text.
    var columnsNeedingText: Set<Int> = []
    var interrupted = false
}

/// Parses the complete records of one chunk into typed columns.
struct CSVChunkParser: Sendable {
    let delimiter: UInt8
    let nullTokens: [[UInt8]]
    let columnNames: [String]
    /// Columns whose kind the user fixed: a value of another kind is a malformed record.
    let fixedKinds: [Bool]
    let stopOnFirstProblem: Bool

    /// How many records pass between checks of `shouldStop`.
    static let recordsBetweenStopChecks = 8192

    /// Parses every record of the chunk. Records are parsed field by field
    /// straight into the columns (numbers without a separate scan for the
    /// field's end); a record with a quoted field, or one that turns out
    /// malformed, is taken back and parsed again through ``CSVTokenizer``,
    /// which handles quoting and words the problem.
    func parse(_ bytes: UnsafePointer<UInt8>, count: Int, kinds: [FieldKind], reusing recycled: ChunkResult?,
               shouldStop: () -> Bool) -> ChunkResult {
        var result = ChunkResult(columns: recycled?.columns ?? kinds.map { ChunkColumn(kind: $0) })
        if recycled != nil {
            for index in result.columns.indices { result.columns[index].reset(kind: kinds[index]) }
        }
        var position = 0
        var line = 1
        var recordsSinceCheck = 0
        var spans: [FieldSpan] = []
        spans.reserveCapacity(columnNames.count)
        while position < count {
            let byte = bytes[position]
            if byte == Self.lineFeed || byte == Self.carriageReturn {
                position += byte == Self.carriageReturn && position + 1 < count && bytes[position + 1] == Self.lineFeed ? 2 : 1
                line += 1
                continue
            }
            if let end = appendUnquotedRecord(bytes, from: position, count: count, into: &result) {
                position = end
                line += 1
                result.rowCount += 1
            } else {
                var tokenizer = CSVTokenizer(bytes: bytes, count: count, delimiter: delimiter, start: position)
                let stop = parseRecord(with: &tokenizer, bytes: bytes, spans: &spans, into: &result, lineOffset: line - 1)
                position = tokenizer.position
                line += tokenizer.line - 1
                if stop { break }
            }
            if !result.columnsNeedingText.isEmpty { break }
            recordsSinceCheck += 1
            if recordsSinceCheck == Self.recordsBetweenStopChecks {
                recordsSinceCheck = 0
                if shouldStop() {
                    result.interrupted = true
                    break
                }
            }
        }
        result.lineCount = line - 1
        return result
    }

    private static let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"), quote = UInt8(ascii: "\"")

    /// Appends a record whose fields are all unquoted and of their columns'
    /// kinds, and returns the offset after its line end; or takes back what it
    /// appended and returns nil, for the general path to deal with.
    @inline(__always)
    private func appendUnquotedRecord(_ bytes: UnsafePointer<UInt8>, from start: Int, count: Int,
                                      into result: inout ChunkResult) -> Int? {
        let row = result.rowCount
        let fieldCount = columnNames.count
        var position = start
        var appended = 0
        let complete: Bool = result.columns.withUnsafeMutableBufferPointer { columns in
            while true {
                guard appended < fieldCount, position < count || appended == fieldCount - 1 else { return false }
                let fieldStart = position
                if position < count, bytes[position] == Self.quote { return false }
                var handled = false
                // A leading zero in an inferred number column: the slow path widens the column to text.
                if !fixedKinds[appended], columns[appended].kind == .integer || columns[appended].kind == .float,
                   NumberParser.hasLeadingZero(bytes + position, count: count - position) {
                    return false
                }
                switch columns[appended].kind {
                case .float:
                    if let (value, length) = NumberParser.scanDouble(bytes + position, limit: count - position),
                       isFieldEnd(bytes, position + length, count) {
                        columns[appended].floats.append(value)
                        position += length
                        handled = true
                    }
                case .integer:
                    if let (value, length) = NumberParser.scanInteger(bytes + position, limit: count - position),
                       isFieldEnd(bytes, position + length, count) {
                        columns[appended].integers.append(value)
                        position += length
                        handled = true
                    }
                case .boolean, .string, .datetime:
                    break
                }
                if !handled {
                    while position < count, bytes[position] != delimiter, bytes[position] != Self.lineFeed,
                          bytes[position] != Self.carriageReturn {
                        position += 1
                    }
                    let length = position - fieldStart
                    if length == 0 || isNullToken(bytes + fieldStart, count: length) {
                        columns[appended].appendMissing(row: row)
                    } else {
                        let span = FieldSpan(start: fieldStart, end: position, isQuoted: false, hasEscapedQuotes: false)
                        guard case .appended = columns[appended].append(bytes + fieldStart, count: length, span: span,
                                                                         row: row, kindIsFixed: true)
                        else { return false }
                    }
                }
                appended += 1
                if position < count, bytes[position] == delimiter {
                    position += 1
                    continue
                }
                return appended == fieldCount
            }
        }
        guard complete else {
            for column in 0..<appended { result.columns[column].removeLast(row: row) }
            return nil
        }
        if position < count, bytes[position] == Self.carriageReturn { position += 1 }
        if position < count, bytes[position] == Self.lineFeed { position += 1 }
        return position
    }

    @inline(__always)
    private func isFieldEnd(_ bytes: UnsafePointer<UInt8>, _ position: Int, _ count: Int) -> Bool {
        guard position < count else { return true }
        let byte = bytes[position]
        return byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn
    }

    /// The general path for one record: tokenizes it (quotes and all), checks
    /// the field count, and appends it or records its problem. Returns true
    /// when parsing should stop (the first problem, when stopping on problems).
    private func parseRecord(with tokenizer: inout CSVTokenizer, bytes: UnsafePointer<UInt8>, spans: inout [FieldSpan],
                             into result: inout ChunkResult, lineOffset: Int) -> Bool {
        let recordLineStart = tokenizer.lineStart
        switch tokenizer.nextRecord(into: &spans) {
        case .end:
            return false
        case .malformed(let problem):
            let start = problem.line == tokenizer.line ? tokenizer.lineStart : recordLineStart
            result.problems.append((lineOffset + problem.line, tokenizer.column(ofByte: problem.offset, lineStartingAt: start),
                                    problem.message))
            if !stopOnFirstProblem { tokenizer.skipRestOfLine() }
            return stopOnFirstProblem
        case .record(let line):
            if spans.count != columnNames.count {
                let end = spans.last?.end ?? 0
                result.problems.append((lineOffset + line, tokenizer.column(ofByte: end, lineStartingAt: recordLineStart),
                                        "expected \(columnNames.count) fields, found \(spans.count)"))
                return stopOnFirstProblem
            }
            if let problem = appendRecord(spans, bytes: bytes, into: &result) {
                let column = tokenizer.column(ofByte: problem.offset, lineStartingAt: recordLineStart)
                result.problems.append((lineOffset + line, column, problem.message))
                return stopOnFirstProblem
            }
            if result.columnsNeedingText.isEmpty { result.rowCount += 1 }
            return false
        }
    }

    /// Appends one record's fields; on a bad field, takes back the fields
    /// already appended and returns the problem.
    @inline(__always)
    private func appendRecord(_ spans: [FieldSpan], bytes: UnsafePointer<UInt8>, into result: inout ChunkResult)
        -> (offset: Int, message: String)? {
        let row = result.rowCount
        for (index, span) in spans.enumerated() {
            let start = bytes + span.start
            let length = span.end - span.start
            if !span.isQuoted, length == 0 || isNullToken(start, count: length) {
                result.columns[index].appendMissing(row: row)
                continue
            }
            let outcome = result.columns[index].append(start, count: length, span: span, row: row,
                                                        kindIsFixed: fixedKinds[index])
            switch outcome {
            case .appended:
                continue
            case .wrongKind where !fixedKinds[index]:
                result.columnsNeedingText.insert(index)
                return nil
            case .wrongKind, .invalidUTF8:
                for earlier in 0..<index { result.columns[earlier].removeLast(row: row) }
                let message = outcome == .invalidUTF8 ? "the field is not valid UTF-8"
                    : "`\(columnNames[index])` must be \(result.columns[index].kind.name), not \"\(String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self))\""
                return (span.start, message)
            }
        }
        return nil
    }

    @inline(__always)
    private func isNullToken(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard !nullTokens.isEmpty else { return false }
        for token in nullTokens where token.count == count {
            if token.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes, count) == 0 }) { return true }
        }
        return false
    }
}
