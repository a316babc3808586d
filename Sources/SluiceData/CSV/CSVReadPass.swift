import Foundation
import Glibc

/// One pass over a CSV source: header, kinds, then batches of chunks.
struct CSVReadPass {
    enum Outcome {
        case finished(CSVReadResult)
        /// A column's values disagree with its kind: read again with these kinds.
        case restart([FieldKind])
    }

    let name: String
    let options: CSVOptions
    let shouldStop: @Sendable () -> Bool

    /// How many skipped records are kept as examples.
    static let skippedExampleLimit = 5

    /// The buffer: unparsed bytes from `pending` up to `filled`.
    private var buffer: UnsafeMutableRawBufferPointer
    private var filled = 0
    private var reachedEnd = false
    private var lineOffset = 0
    private var skipped: [CSVError] = []
    private var skippedCount = 0
    /// The previous batch's results, whose buffers the next batch reuses.
    private var recycled: [ChunkResult] = []

    init(name: String, options: CSVOptions, shouldStop: @escaping @Sendable () -> Bool) {
        self.name = name
        self.options = options
        self.shouldStop = shouldStop
        buffer = .allocate(byteCount: max(options.chunkSize, 16) * options.threads * 2, alignment: 64)
    }

    /// Chunks parsed in a batch: two per thread, so one slow chunk does not idle a thread.
    private var chunksPerBatch: Int { options.threads * 2 }

    mutating func run(source: inout ByteSource, kinds knownKinds: [FieldKind]?) throws -> Outcome {
        defer { buffer.deallocate() }
        var start = 0
        let names = try header(start: &start, source: &source)
        let fixed = names.map { options.types[$0] }
        let patterns = names.map { options.datetimePatterns[$0] }
        let kinds = knownKinds ?? inferKinds(start: start, columnCount: names.count, fixed: fixed, patterns: patterns)
        let parser = CSVChunkParser(
            delimiter: options.delimiter, nullTokens: options.nullTokens.map { Array($0.utf8) },
            columnNames: names, fixedKinds: fixed.map { $0 != nil }, stopOnFirstProblem: options.onError == .fail)
        var accumulators = kinds.map { ColumnAccumulator(kind: $0) }
        let totalSize = source.size
        var bytesParsed = 0
        var reserved = false

        while true {
            let chunks = try nextBatch(start: start, source: &source)
            if chunks.isEmpty { break }
            let results = parseInParallel(chunks, parser: parser, kinds: accumulators.map(\.kind), recycling: &recycled)
            defer { recycled = results }
            for (chunk, result) in zip(chunks, results) {
                if result.interrupted { throw CancellationError() }
                if !result.columnsNeedingText.isEmpty {
                    var widened = accumulators.map(\.kind)
                    for column in result.columnsNeedingText { widened[column] = .string }
                    return .restart(widened)
                }
                try record(result.problems)
                for (index, column) in result.columns.enumerated() { accumulators[index].append(column) }
                lineOffset += result.lineCount
                bytesParsed += chunk.count
            }
            if !reserved, let totalSize, bytesParsed > 0, let rows = accumulators.first?.count {
                // Slack in proportion to the rows, not per column: a file of many columns and few rows reserves little.
                let estimate = Int(Double(rows) * Double(totalSize) / Double(bytesParsed) * 1.05) + 16
                for index in accumulators.indices { accumulators[index].reserve(estimate) }
                reserved = true
            }
            start = chunks.last!.upperBound
            if shouldStop() { throw CancellationError() }
        }
        let columns = zip(names, accumulators).enumerated().map { index, pair in
            pair.1.column(named: pair.0, fixed: fixed[index])
        }
        do {
            let table = try Table(columns: columns)
            return .finished(CSVReadResult(table: table, skippedCount: skippedCount, skippedExamples: skipped))
        } catch {
            throw CSVError(file: name, line: 1, column: 0, message: error.description)
        }
    }

    // MARK: - Reading

    /// Moves the unparsed bytes from `start` to the front and reads more behind them.
    private mutating func refill(keepingFrom start: Int, source: inout ByteSource) throws {
        let kept = filled - start
        if start > 0, kept > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: kept) }
        filled = kept
        if kept == buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 64)
            larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: kept)
            buffer.deallocate()
            buffer = larger
        }
        try fill(from: &source)
    }

    private mutating func fill(from source: inout ByteSource) throws {
        guard !reachedEnd else { return }
        let got = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
        filled += got
        if filled < buffer.count { reachedEnd = true }
    }

    private var bytes: UnsafePointer<UInt8> { UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)) }

    /// The next chunks (byte ranges of whole records), after moving the unparsed
    /// tail to the front of the buffer and reading more. Empty at the end.
    private mutating func nextBatch(start: Int, source: inout ByteSource) throws -> [Range<Int>] {
        var from = start
        while true {
            if !reachedEnd || from > 0 {
                try refill(keepingFrom: from, source: &source)
                from = 0
            }
            guard filled > 0 else { return [] }
            let end: Int
            if reachedEnd {
                end = filled
            } else if let last = CSVTokenizer.lastRecordEnd(bytes, count: filled, delimiter: options.delimiter) {
                end = last
            } else {
                continue  // one record longer than the buffer: read more
            }
            return split(0..<end)
        }
    }

    /// Splits whole records into up to `chunksPerBatch` ranges of similar size.
    private func split(_ range: Range<Int>) -> [Range<Int>] {
        let target = max(1, range.count / chunksPerBatch)
        var chunks: [Range<Int>] = []
        var chunkStart = range.lowerBound
        while chunkStart < range.upperBound {
            let probe = min(chunkStart + target, range.upperBound)
            var chunkEnd = range.upperBound
            if probe < range.upperBound, chunks.count < chunksPerBatch - 1,
               let end = CSVTokenizer.lastRecordEnd(bytes + chunkStart, count: probe - chunkStart, delimiter: options.delimiter) {
                chunkEnd = chunkStart + end
            }
            chunks.append(chunkStart..<chunkEnd)
            chunkStart = chunkEnd
        }
        return chunks
    }

    /// Parses the chunks at once, one task each, reusing (and emptying) `recycled`.
    private func parseInParallel(_ chunks: [Range<Int>], parser: CSVChunkParser, kinds: [FieldKind],
                                 recycling recycled: inout [ChunkResult]) -> [ChunkResult] {
        let results = ResultSlots<ChunkResult>(count: chunks.count)
        for (index, result) in recycled.prefix(chunks.count).enumerated() { results[index] = result }
        recycled.removeAll()
        let base = UnsafeSendablePointer(bytes)
        let shouldStop = self.shouldStop
        // `threads` workers, each taking every threads-th chunk.
        let workers = min(options.threads, chunks.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: chunks.count, by: workers) {
                let chunk = chunks[index]
                let reusable = results.take(index)
                results[index] = parser.parse(base.pointer + chunk.lowerBound, count: chunk.count, kinds: kinds,
                                              reusing: reusable, shouldStop: shouldStop)
            }
        }
        return results.values
    }

    // MARK: - Header and kinds

    /// Reads the first bytes and returns the column names; `start` ends just past the header.
    mutating func header(start: inout Int, source: inout ByteSource) throws -> [String] {
        try fill(from: &source)
        if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        guard start < filled else { throw CSVError(file: name, line: 0, column: 0, message: "the file is empty") }
        // The whole header, however long: read on (the buffer grows) until its record ends.
        while !reachedEnd, !holdsRecordEnd(from: start) { try refill(keepingFrom: 0, source: &source) }
        return try headerNames(start: &start, source: &source)
    }

    /// Only the column names, for checking a program before it runs.
    mutating func headerOnly(source: inout ByteSource) throws -> [String]? {
        defer { buffer.deallocate() }
        var start = 0
        return try header(start: &start, source: &source)
    }

    /// Whether the bytes read hold the end of the record that starts at `start`.
    private func holdsRecordEnd(from start: Int) -> Bool {
        var quoting = CSVQuoting(delimiter: options.delimiter)
        for index in start..<filled where quoting.endsRecord(bytes[index]) { return true }
        return false
    }

    private mutating func headerNames(start: inout Int, source: inout ByteSource) throws -> [String] {
        var tokenizer = CSVTokenizer(bytes: bytes, count: filled, delimiter: options.delimiter, start: start)
        var spans: [FieldSpan] = []
        switch tokenizer.nextRecord(into: &spans) {
        case .end:
            throw CSVError(file: name, line: 0, column: 0, message: "the file is empty")
        case .malformed(let problem):
            throw CSVError(file: name, line: problem.line,
                           column: tokenizer.column(ofByte: problem.offset, lineStartingAt: start), message: problem.message)
        case .record:
            break
        }
        guard options.hasHeader else {
            return (1...spans.count).map { "column_\($0)" }
        }
        var names: [String] = []
        var seen = Set<String>()
        for (index, span) in spans.enumerated() {
            let raw = UnsafeBufferPointer(start: bytes + span.start, count: span.end - span.start)
            guard var name = String(validating: raw, as: UTF8.self) else {
                throw CSVError(file: name, line: 1, column: tokenizer.column(ofByte: span.start, lineStartingAt: start),
                               message: "the header is not valid UTF-8")
            }
            if span.hasEscapedQuotes { name = name.replacingOccurrences(of: "\"\"", with: "\"") }
            name = name.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { name = "column_\(index + 1)" }
            guard seen.insert(name).inserted else {
                throw CSVError(file: self.name, line: 1, column: tokenizer.column(ofByte: span.start, lineStartingAt: start),
                               message: "duplicate column name `\(name)` in the header")
            }
            names.append(name)
        }
        for typed in options.types.keys.sorted() where !seen.contains(typed) {
            throw CSVError(file: name, line: 1, column: 0, message: "`types` names `\(typed)`, which is not a column")
        }
        lineOffset = tokenizer.line - 1
        start = tokenizer.position
        return names
    }

    /// Each column's kind from the first records: the narrowest of integer, float, boolean, datetime
    /// (ISO 8601) and text that holds every present value (integer when none is).
    private func inferKinds(start: Int, columnCount: Int, fixed: [ColumnKind?], patterns: [String?]) -> [FieldKind] {
        var tokenizer = CSVTokenizer(bytes: bytes, count: filled, delimiter: options.delimiter, start: start)
        var candidates = Array(repeating: FieldKind.integer, count: columnCount)
        var isBoolean = Array(repeating: true, count: columnCount)
        var isDatetime = Array(repeating: true, count: columnCount)
        var sawValue = Array(repeating: false, count: columnCount)
        let nullTokens = options.nullTokens
        var spans: [FieldSpan] = []
        var records = 0
        sampling: while records < options.inferenceRows {
            switch tokenizer.nextRecord(into: &spans) {
            case .end: break sampling
            case .malformed: tokenizer.skipRestOfLine()
            case .record:
                guard reachedEnd || tokenizer.position < filled else { break sampling }
                guard spans.count == columnCount else { continue }
                records += 1
                for (index, span) in spans.enumerated() where candidates[index] != .string || isBoolean[index] || isDatetime[index] {
                    let start = bytes + span.start
                    let length = span.end - span.start
                    if !span.isQuoted, length == 0 || nullTokens.contains(String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)) {
                        continue
                    }
                    sawValue[index] = true
                    if isBoolean[index], parseBoolean(start, count: length) == nil { isBoolean[index] = false }
                    if isDatetime[index], DateTimeParser.parseISO(start, count: length) == nil { isDatetime[index] = false }
                    if candidates[index] != .string, NumberParser.hasLeadingZero(start, count: length) {
                        candidates[index] = .string
                    }
                    if candidates[index] == .integer, NumberParser.parseInteger(start, count: length) == nil {
                        candidates[index] = .float
                    }
                    if candidates[index] == .float, NumberParser.parseDouble(start, count: length) == nil {
                        candidates[index] = .string
                    }
                }
            }
        }
        return (0..<columnCount).map { index in
            if let kind = fixed[index] { return FieldKind(kind, pattern: patterns[index]) }
            if sawValue[index], isBoolean[index] { return .boolean }
            if sawValue[index], isDatetime[index] { return .datetime(pattern: nil) }
            return candidates[index]
        }
    }

    // MARK: - Problems

    private mutating func record(_ problems: [(line: Int, column: Int, message: String)]) throws {
        for problem in problems {
            let error = CSVError(file: name, line: lineOffset + problem.line, column: problem.column, message: problem.message)
            if options.onError == .fail { throw error }
            skippedCount += 1
            if skipped.count < Self.skippedExampleLimit { skipped.append(error) }
        }
    }
}

/// A pointer handed to worker threads that only read through it.
private struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<UInt8>
    init(_ pointer: UnsafePointer<UInt8>) { self.pointer = pointer }
}

/// One slot per parallel task; each task reads and writes only its own slot. The slots are raw
/// memory, not an array: tasks touching their own elements of one array at once would each be a
/// mutating access to the whole array (its uniqueness check and copy-on-write), a data race that
/// crashed the reader now and then when many small chunks were parsed at once.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    subscript(index: Int) -> Value {
        get { slots[index]! }
        set { slots[index] = newValue }
    }

    /// Moves the value out of slot `index` (nil when empty), so its buffers are uniquely owned by the taker.
    func take(_ index: Int) -> Value? {
        let value = slots[index]
        slots[index] = nil
        return value
    }

    var values: [Value] { (0..<count).map { slots[$0]! } }
}
