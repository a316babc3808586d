import Foundation
import SluiceML
import SluiceServe
import SluiceStorage

/// A batch transform over ranks (``ClusterJob/transform(_:)``): each rank scores the records whose
/// lines start in its share of the input's bytes and writes them to a part beside the output; when
/// every rank has succeeded, rank 0 puts the parts end to end, in rank order, into the output (which
/// appears only complete, as every transform's does) and removes them. When any rank fails, every
/// rank removes its part and nothing is written under the output's name.
public struct TransformJob: Codable, Sendable {
    public var input: String
    public var output: String
    /// The model's bundle, as ``ModelStore/encodeBundle(_:)`` writes it.
    public var model: Data
    public var joinInput: Bool
    public var batchRows: Int
    /// Names this job's parts, which lie beside the output until they are joined.
    public var id: String

    public init(input: String, output: String, model: Data, joinInput: Bool, batchRows: Int, id: String = UUID().uuidString) {
        self.input = input
        self.output = output
        self.model = model
        self.joinInput = joinInput
        self.batchRows = batchRows
        self.id = id
    }

    /// Where rank `rank`'s output waits to be joined: a hidden name beside the output (never `.gz`:
    /// parts are plain, and the output is compressed when its name asks).
    public func part(_ rank: Int) throws -> StorageLocation {
        let location = try StorageLocation(output)
        return location.sibling(named: ".\(location.name).part-\(id)-\(rank)")
    }

    /// Runs this rank's part; rank 0 says the progress (its own share's) and joins the parts. Nil when
    /// another rank failed: that rank reports its error.
    func run(collective: any Collective, output progressOutput: JobOutput) throws -> JobResult? {
        let model = try ModelStore.decodeBundle(model).model
        // The cores of this host, shared among its ranks.
        let ranksHere = ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? 1
        let transform = BatchTransform(model: model, joinInput: joinInput, batchRows: batchRows,
                                       threads: max(1, defaultThreadCount / max(1, ranksHere)))
        let mine = try part(collective.rank)
        let outcome = Result { () throws(TransformError) -> BatchTransform.Summary in
            try transform.run(input: input, output: mine.description,
                              share: BatchTransform.Share(index: collective.rank, count: collective.size),
                              progress: { step in
                progressOutput.progress(step.bytesRead >> 20, max(1, step.totalBytes >> 20),
                                        "MB of rank 0's share · \(step.rows) rows")
            })
        }
        let outcomes = collective.allGather(Array(Self.describe(outcome).utf8)).map { String(decoding: $0, as: UTF8.self) }
        guard outcomes.allSatisfy({ $0.hasPrefix("ok ") }) else {
            if case .success = outcome { try? Storage.remove(mine) }
            // Every part is gone before any rank reports its error (which ends the job).
            _ = collective.allGather([])
            if case .failure(let error) = outcome { throw error }
            return nil
        }
        let counts = outcomes.map { $0.split(separator: " ").dropFirst().compactMap { Int($0) } }
        if collective.rank == 0 {
            progressOutput.progress(0, collective.size, "joining the \(collective.size) ranks' outputs")
            try join(parts: (0..<collective.size).map(part))
        }
        return .transformed(rows: counts.reduce(0) { $0 + $1[0] }, bytesRead: counts.reduce(0) { $0 + $1[1] })
    }

    /// `ok ROWS BYTES` or `failed`.
    private static func describe(_ outcome: Result<BatchTransform.Summary, TransformError>) -> String {
        switch outcome {
        case .success(let summary): "ok \(summary.rows) \(summary.bytesRead)"
        case .failure: "failed"
        }
    }

    /// Writes the parts end to end into the output and removes them (also when the writing fails).
    private func join(parts: [StorageLocation]) throws {
        defer { for part in parts { try? Storage.remove(part) } }
        let writer = try Storage.writer(try StorageLocation(output))
        do {
            var chunk = [UInt8](repeating: 0, count: 4 << 20)
            for part in parts {
                let reader = try Storage.reader(part, shouldStop: { false })
                defer { reader.close() }
                while true {
                    let count = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
                    if count == 0 { break }
                    try writer.write(Array(chunk[..<count]))
                }
            }
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }
}
