import SluiceData
import SluiceStorage

/// Consecutive whole records of a file or S3 object, at most a given number at a time, read in blocks
/// so that memory holds one block and the pieces taken (and an object's parts read ahead), whatever
/// the input's size.
struct RecordPieceReader {
    /// Records `firstLine…` of the file (lines counted from 1, the header included).
    struct Piece: Sendable {
        var bytes: [UInt8]
        var firstLine: Int
    }

    private let reader: any ByteReader
    /// CSV's quoting (a line break inside `"…"` does not end a record), or none (JSON Lines).
    private var quoting: CSVQuoting?
    private var buffer: [UInt8] = []
    /// What each read fills, reused.
    private var block = [UInt8](repeating: 0, count: RecordPieceReader.blockSize)
    private var start = 0
    private var scan = 0
    private var line = 1
    private var finished = false
    /// Bytes read from the file so far.
    private(set) var bytesRead = 0
    let totalBytes: Int
    private static let blockSize = 2 << 20

    /// Opens a local path or an `s3://` object (decompressed when its name ends in `.gz`), or the bytes
    /// in `range` of it (lines then count from 1 at the range's start).
    init(location: StorageLocation, range: Range<Int>? = nil, quoted: Bool,
         shouldStop: @escaping @Sendable () -> Bool) throws(TransformError) {
        quoting = quoted ? CSVQuoting() : nil
        do {
            reader = try range.map { try Storage.reader(location, range: $0, shouldStop: shouldStop) }
                ?? Storage.reader(location, shouldStop: shouldStop)
        } catch {
            throw .unreadable("cannot open \(location): \(error)")
        }
        totalBytes = reader.size ?? 0
    }

    func close() { reader.close() }

    /// The next piece of at most `records` records (blank lines count); nil at the end of the file.
    mutating func next(records limit: Int) throws(TransformError) -> Piece? {
        var records = 0
        let firstLine = line
        let newline = UInt8(ascii: "\n")
        while true {
            while scan < buffer.count {
                let byte = buffer[scan]
                scan += 1
                let endsRecord = quoting?.endsRecord(byte) ?? (byte == newline)
                if byte == newline { line += 1 }
                if endsRecord {
                    records += 1
                    if records == limit { return cut(firstLine: firstLine) }
                }
            }
            guard try readBlock() else {
                guard start < buffer.count else { return nil }
                return cut(firstLine: firstLine)
            }
        }
    }

    private mutating func cut(firstLine: Int) -> Piece {
        let piece = Piece(bytes: Array(buffer[start..<scan]), firstLine: firstLine)
        start = scan
        return piece
    }

    /// Appends a block to the buffer, dropping what was cut before; false at the end of the file.
    private mutating func readBlock() throws(TransformError) -> Bool {
        guard !finished else { return false }
        if start > 0 {
            buffer.removeSubrange(0..<start)
            scan -= start
            start = 0
        }
        let count: Int
        do {
            count = try block.withUnsafeMutableBytes { try reader.read(into: $0) }
        } catch let error as StorageError where error.kind == .interrupted {
            throw .interrupted(rowsDone: 0)
        } catch {
            throw .unreadable("cannot read the input: \(error)")
        }
        buffer.append(contentsOf: block[0..<count])
        bytesRead += count
        if count == 0 { finished = true }
        return count > 0
    }
}
