import Foundation
import SluiceStorage
import Synchronization

/// The runs recorded in a store, under `ROOT/runs/`.
///
/// Locally each session appends to a JSON Lines file of its own (`runs/SESSION.jsonl`), every entry one
/// `write(2)` of one line on a descriptor opened with `O_APPEND`: entries of two writers never interleave,
/// and a writer that dies mid-line leaves a partial last line that readers skip. In S3, where nothing can
/// be appended to, every entry is an object of its own (`runs/ENTRY.json`), put whole.
///
/// Entries are runs and links (a model version stored from a run's model); reading joins them.
public struct RunLog: Sendable {
    /// The folder of the log: `ROOT/runs`.
    public let folder: StorageLocation
    /// This writer's file name (local stores): one per session.
    public let session: String

    /// The log in the store at `root` (a path or an `s3://bucket/prefix` URI), written as `session`.
    public init(root: String, session: String = RunLog.newSession()) throws(StorageError) {
        folder = try StorageLocation(root).appending("runs")
        self.session = session
    }

    /// A session name: the time, the host and the process, so that two writers never share a file.
    public static func newSession() -> String {
        RunRecord.newID() + "-" + String(getpid())
    }

    /// Records a run.
    public func append(_ run: RunRecord) throws(StorageError) {
        try append(Entry(run: run), id: run.id)
    }

    /// Records that a run's model was stored as `link.model` version `link.version`.
    public func append(_ link: ModelVersionLink) throws(StorageError) {
        try append(Entry(link: link), id: RunRecord.newID() + ".link")
    }

    private func append(_ entry: Entry, id: String) throws(StorageError) {
        let line: [UInt8]
        do {
            line = Array(try Self.encoder.encode(entry)) + [UInt8(ascii: "\n")]
        } catch {
            throw StorageError(.failed, location: folder.description, "cannot encode the run: \(error)")
        }
        switch folder {
        case .local(let path):
            let file = path + "/" + session + ".jsonl"
            if !FileManager.default.fileExists(atPath: path) {
                try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            }
            let appending = try AppendingFile(path: file)
            try appending.write(line)
        case .s3:
            try Storage.write(line, to: folder.appending(id + ".json"))
        }
    }

    /// Every run recorded, oldest first, each with the model versions stored from it. Lines that do not
    /// read as an entry (a writer died mid-line) are skipped. The files (or objects) are read and parsed on
    /// every core.
    public func runs() throws(StorageError) -> [RunRecord] {
        let files = try entryFiles()
        let read = Mutex<[Result<FileEntries, StorageError>?]>(Array(repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let result: Result<FileEntries, StorageError>
            do throws(StorageError) {
                result = .success(Self.entries(in: try Storage.contentsIfPresent(of: files[index]) ?? []))
            } catch {
                result = .failure(error)
            }
            read.withLock { $0[index] = result }
        }
        var runs: [RunRecord] = []
        var links: [String: [ModelVersionLink]] = [:]
        for result in read.withLock({ $0 }) {
            let file = try result!.get()
            runs += file.runs
            for link in file.links { links[link.run, default: []].append(link) }
        }
        if !links.isEmpty {
            for index in runs.indices {
                guard let stored = links[runs[index].id] else { continue }
                // A version linked twice (deployed after it was saved) is listed once.
                var seen = Set<String>()
                runs[index].versions = stored.sorted { $0.at < $1.at }.filter { seen.insert($0.description).inserted }
            }
        }
        // By the time in their ids (when they were recorded), then in the order they were written; the indices
        // are sorted, not the runs, which would be copied at every move.
        let times = runs.map { $0.id.prefix(12) }
        return runs.indices.sorted { (times[$0], $0) < (times[$1], $1) }.map { runs[$0] }
    }

    /// The files (or objects) that hold entries.
    private func entryFiles() throws(StorageError) -> [StorageLocation] {
        try Storage.entries(in: folder).filter { !$0.hasPrefix(".") && ($0.hasSuffix(".jsonl") || $0.hasSuffix(".json")) }
            .map { folder.appending($0) }
    }

    /// What one file holds.
    struct FileEntries: Sendable {
        var runs: [RunRecord] = []
        var links: [ModelVersionLink] = []
    }

    /// The runs and links of a file's lines, skipping those that do not read as an entry (a writer died mid-line).
    static func entries(in bytes: [UInt8]) -> FileEntries {
        var entries = FileEntries()
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let end = all[start...].firstIndex(of: UInt8(ascii: "\n")) ?? all.count
                var scanner = JSONScanner(UnsafeBufferPointer(rebasing: all[start..<end]))
                if end > start, let entry = try? Entry(scanning: &scanner), scanner.atEnd() {
                    if let run = entry.run { entries.runs.append(run) }
                    if let link = entry.link { entries.links.append(link) }
                }
                start = end + 1
            }
        }
        return entries
    }

    /// A line of the log: a run, or a link from a run to a stored model version. Written by `JSONEncoder`,
    /// read by ``JSONScanner``.
    struct Entry: Encodable {
        var run: RunRecord?
        var link: ModelVersionLink?
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }()
}
