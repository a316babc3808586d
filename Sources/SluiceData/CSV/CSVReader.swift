import Foundation
import SluiceStorage

/// Reads CSV files into ``Table``s.
///
/// The file is streamed in batches of chunks that end on record boundaries;
/// the chunks of a batch are parsed in parallel, one per core, and appended
/// in file order, so memory holds the columns plus one batch, whatever the
/// file's size. Each column's kind comes from the first records
/// (``CSVOptions/inferenceRows``); a later integer column value with a
/// fraction makes the column float in place, and any other disagreement
/// starts the read again with that column as text.
public enum CSVReader {
    /// Reads the CSV file at `path`.
    ///
    /// - Parameter shouldStop: polled while reading; when it returns `true`
    ///   the read stops and throws `CancellationError`.
    /// - Throws: ``CSVError`` naming the file, line and column of the first
    ///   malformed record (unless `options.onError` is `.skip`), or `CancellationError`.
    public static func read(
        path: String, options: CSVOptions = CSVOptions(), shouldStop: @escaping @Sendable () -> Bool = { false }
    ) throws -> CSVReadResult {
        try read(location: .local(path), options: options, shouldStop: shouldStop)
    }

    /// Reads the CSV file or object at `location`: a local path, or an `s3://` object read with parallel
    /// ranged GETs straight into the parser; either decompressed on the way when its name ends in `.gz`.
    ///
    /// - Throws: as ``read(path:options:shouldStop:)`` (a local file that cannot be opened is a
    ///   ``CSVError`` too), and ``StorageError`` when an object cannot be read.
    public static func read(
        location: StorageLocation, options: CSVOptions = CSVOptions(), shouldStop: @escaping @Sendable () -> Bool = { false }
    ) throws -> CSVReadResult {
        try readSource(name: location.description, options: options, shouldStop: shouldStop) {
            do {
                return .stream(try Storage.reader(location, shouldStop: shouldStop))
            } catch let error as StorageError {
                guard case .local(let path) = location else { throw error }
                throw CSVError(file: path, line: 0, column: 0, message: error.message)
            }
        }
    }

    /// The column names of the CSV file at `path`, as ``read(path:options:shouldStop:)`` would name
    /// them, from its first bytes only (a small buffer, not a read's batch); nil when the file cannot be
    /// opened or its header is longer than those bytes.
    ///
    /// - Throws: ``CSVError`` for an empty file or a malformed or duplicated header.
    public static func columnNames(path: String, options: CSVOptions = CSVOptions()) throws -> [String]? {
        guard let reader = try? Storage.reader(.local(path), shouldStop: { false }) else { return nil }
        var source = ByteSource.stream(reader)
        defer { source.close() }
        var small = options
        small.chunkSize = headerChunkSize
        var pass = CSVReadPass(name: path, options: small, shouldStop: { false })
        return try pass.headerOnly(source: &source)
    }

    /// The column names of the CSV object at an `s3://` location, from its first bytes (one ranged GET,
    /// no retries); nil when they cannot be read, the object is gzip, or the header is longer than them.
    ///
    /// - Throws: ``CSVError`` for an empty object or a malformed or duplicated header.
    public static func columnNames(location: StorageLocation, options: CSVOptions = CSVOptions()) throws -> [String]? {
        if case .local(let path) = location { return try columnNames(path: path, options: options) }
        guard !Storage.isCompressed(location),
              var head = try? Storage.firstBytes(of: location, count: headerChunkSize) else { return nil }
        if head.count == headerChunkSize {
            // Cut after the last whole line: the object goes on past what was read.
            guard let end = head.lastIndex(of: UInt8(ascii: "\n")) else { return nil }
            head.removeSubrange((end + 1)...)
        }
        var source = ByteSource.memory(head, offset: 0)
        var small = options
        small.chunkSize = headerChunkSize
        var pass = CSVReadPass(name: location.description, options: small, shouldStop: { false })
        return try pass.headerOnly(source: &source)
    }

    /// Bytes per chunk when only the header is wanted.
    static let headerChunkSize = 64 << 10

    /// Reads CSV text held in memory; `source` names it in errors.
    public static func read(
        bytes: [UInt8], source: String, options: CSVOptions = CSVOptions(), shouldStop: @escaping @Sendable () -> Bool = { false }
    ) throws -> CSVReadResult {
        try readSource(name: source, options: options, shouldStop: shouldStop) { .memory(bytes, offset: 0) }
    }

    private static func readSource(
        name: String, options: CSVOptions, shouldStop: @escaping @Sendable () -> Bool, open: () throws -> ByteSource
    ) throws -> CSVReadResult {
        var kinds: [FieldKind]?
        while true {
            var source = try open()
            defer { source.close() }
            var pass = CSVReadPass(name: name, options: options, shouldStop: shouldStop)
            switch try pass.run(source: &source, kinds: kinds) {
            case .finished(let result):
                return result
            case .restart(let widened):
                kinds = widened
            }
        }
    }
}
