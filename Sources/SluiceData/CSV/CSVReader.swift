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
        try readSource(name: path, options: options, shouldStop: shouldStop) {
            if let source = ByteSource.open(path: path) { return source }
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw CSVError(file: path, line: 0, column: 0, message: "the file \(reason)")
        }
    }

    /// Reads the CSV file or object at `location`: a local path, or an `s3://` object read with parallel
    /// ranged GETs straight into the parser; either decompressed on the way when its name ends in `.gz`.
    ///
    /// - Throws: as ``read(path:options:shouldStop:)``, and ``StorageError`` when the object cannot be read.
    public static func read(
        location: StorageLocation, options: CSVOptions = CSVOptions(), shouldStop: @escaping @Sendable () -> Bool = { false }
    ) throws -> CSVReadResult {
        if case .local(let path) = location, !Storage.isCompressed(location) {
            return try read(path: path, options: options, shouldStop: shouldStop)
        }
        return try readSource(name: location.description, options: options, shouldStop: shouldStop) {
            .stream(try Storage.reader(location, shouldStop: shouldStop))
        }
    }

    /// The column names of the CSV file at `path`, as ``read(path:options:shouldStop:)`` would name
    /// them, from its first bytes only (a small buffer, not a read's batch); nil when the file cannot be
    /// opened or its header is longer than those bytes.
    ///
    /// - Throws: ``CSVError`` for an empty file or a malformed or duplicated header.
    public static func columnNames(path: String, options: CSVOptions = CSVOptions()) throws -> [String]? {
        guard var source = ByteSource.open(path: path) else { return nil }
        defer { source.close() }
        var small = options
        small.chunkSize = headerChunkSize
        var pass = CSVReadPass(name: path, options: small, shouldStop: { false })
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
