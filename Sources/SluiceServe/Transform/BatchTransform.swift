import Dispatch
import Foundation
import Glibc
import SluiceData
import SluiceML
import SluiceStorage

/// SageMaker's Batch Transform on one machine: a CSV (with a header) or JSON Lines file of any size
/// streamed through a model into a file of predictions.
///
/// The input is cut into batches of `batchRows` records; each wave of one batch per core is parsed,
/// scored and encoded in parallel, then written in input order. Memory holds one wave, whatever the
/// file's size. The output appears only complete (``Storage/writer(_:shouldStop:)``: a local temporary
/// file renamed into place, or a multipart upload completed at the end), so an error or an interrupt
/// leaves nothing under the final name; `.gz` inputs and outputs are gzip.
public struct BatchTransform: Sendable {
    public var model: TrainedModel
    /// Keep the input's columns (CSV) or fields (JSON Lines) beside the predictions.
    public var joinInput: Bool
    /// Records per batch.
    public var batchRows: Int
    public var threads: Int

    public init(model: TrainedModel, joinInput: Bool = false, batchRows: Int = 20_000, threads: Int = defaultThreadCount) {
        self.model = model
        self.joinInput = joinInput
        self.batchRows = max(1, batchRows)
        self.threads = max(1, threads)
    }

    /// What a finished transform did.
    public struct Summary: Sendable, Equatable {
        public var rows: Int
        public var bytesRead: Int
        public var format: PayloadFormat
    }

    /// Progress: records written, bytes of input read, and the input's size.
    public struct Progress: Sendable {
        public var rows: Int
        public var bytesRead: Int
        public var totalBytes: Int
    }

    /// Which of the input's records a rank of a transform job scores: those whose line starts in share
    /// `index` of `count` equal byte shares of the input (its header aside). Only share 0 writes the
    /// output's CSV header, so the shares' outputs put end to end make the whole output.
    public struct Share: Sendable, Equatable {
        public var index: Int
        public var count: Int

        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }
    }

    /// Transforms `input` (or its `share`) into `output`, each a local path or an `s3://` object (same
    /// format: `.jsonl`/`.jsonlines` are JSON Lines, others CSV).
    public func run(input: String, output: String, share: Share? = nil, progress: (Progress) -> Void = { _ in },
                    shouldStop: @escaping @Sendable () -> Bool = { false }) throws(TransformError) -> Summary {
        let format = Self.format(of: input)
        if Self.format(of: output) != format, Self.hasKnownExtension(output) {
            throw .badInput("the output must be \(format == .csv ? "CSV" : "JSON Lines") like the input: name it with .\(format == .csv ? "csv" : "jsonl")")
        }
        let (inputLocation, outputLocation): (StorageLocation, StorageLocation)
        do {
            (inputLocation, outputLocation) = (try StorageLocation(input), try StorageLocation(output))
        } catch {
            throw .badInput(error.message)
        }
        let opened = try Self.open(inputLocation, named: input, format: format, share: share, shouldStop: shouldStop)
        var reader = opened.reader
        defer { reader.close() }
        let sink = try TransformOutput(location: outputLocation, shouldStop: shouldStop)
        do throws(TransformError) {
            let encoder: any PieceEncoder
            if format == .csv {
                var header = opened.header
                if header == nil { header = try reader.next(records: 1)?.bytes }
                guard let header else {
                    throw TransformError.badInput("\(input) is empty: it has no header")
                }
                let csv = try CSVPieceEncoder(model: model, header: header, joinInput: joinInput, source: opened.source)
                if (share?.index ?? 0) == 0 { try sink.append(csv.outputHeader) }
                encoder = csv
            } else {
                encoder = JSONLinesPieceEncoder(model: ModelPredictor(model), joinInput: joinInput, source: opened.source)
            }
            var rows = 0
            while true {
                if shouldStop() { throw TransformError.interrupted(rowsDone: rows) }
                var wave: [RecordPieceReader.Piece] = []
                while wave.count < threads, let piece = try reader.next(records: batchRows) { wave.append(piece) }
                if wave.isEmpty { break }
                let results = Self.parallelMap(wave) { [encoder] piece in
                    Result { () throws(TransformError) in try encoder.encode(piece) }
                }
                for result in results {
                    let encoded = try result.get()
                    try sink.append(encoded.bytes)
                    rows += encoded.rows
                }
                progress(Progress(rows: rows, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes))
            }
            try sink.commit()
            return Summary(rows: rows, bytesRead: reader.bytesRead, format: format)
        } catch {
            sink.discard()
            throw error
        }
    }

    /// The reader of the records to score; the CSV header when it is read apart from them (a share's);
    /// and how errors name the input (a share's lines count from its first byte).
    private static func open(_ location: StorageLocation, named name: String, format: PayloadFormat, share: Share?,
                             shouldStop: @escaping @Sendable () -> Bool) throws(TransformError)
        -> (reader: RecordPieceReader, header: [UInt8]?, source: String) {
        guard let share else {
            return (try RecordPieceReader(location: location, quoted: format == .csv, shouldStop: shouldStop), nil, name)
        }
        guard !Storage.isCompressed(location) else {
            throw .badInput("\(name) is gzip, which cannot be cut into shares for several ranks: transform it with one instance, or uncompressed")
        }
        let header: [UInt8]?, lines: Range<Int>
        do {
            let size = try Storage.size(of: location)
            header = format == .csv ? try Storage.firstLine(of: location) : nil
            lines = try Storage.lineShare(of: location, body: (header?.count ?? 0)..<size, index: share.index, count: share.count)
        } catch {
            throw .unreadable("cannot read \(name): \(error.message)")
        }
        let reader = try RecordPieceReader(location: location, range: lines, quoted: format == .csv, shouldStop: shouldStop)
        return (reader, header, "\(name) (the share from byte \(lines.lowerBound))")
    }

    static func format(of path: String) -> PayloadFormat {
        let lowered = withoutGzip(path.lowercased())
        return lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".jsonlines") ? .jsonLines : .csv
    }

    private static func hasKnownExtension(_ path: String) -> Bool {
        [".csv", ".jsonl", ".jsonlines"].contains { withoutGzip(path.lowercased()).hasSuffix($0) }
    }

    /// The name a gzip file's content would have (`x.csv` for `x.csv.gz`).
    private static func withoutGzip(_ name: String) -> String {
        name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
    }

    /// `transform` applied to every element on `threads` cores, results in order.
    private static func parallelMap<T, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] where T: Sendable, R: Sendable {
        let slots = SharedBuffer<R?>(repeating: nil, count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots[index] = transform(items[index])
        }
        return slots.array.map { $0! }
    }
}

/// One batch, encoded for the output.
struct EncodedPiece: Sendable {
    var bytes: [UInt8]
    var rows: Int
}

/// Scores a batch of records and encodes its output.
protocol PieceEncoder: Sendable {
    func encode(_ piece: RecordPieceReader.Piece) throws(TransformError) -> EncodedPiece
}
