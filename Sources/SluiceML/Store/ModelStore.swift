import Foundation
import Glibc
import SluiceData
import SluiceStorage

/// One saved version of a model, as `models` lists it.
public struct StoredModel: Sendable, Equatable {
    public var name: String
    public var version: Int
    public var algorithm: String
    public var task: String
    public var target: String
    /// The model's quality on rows it did not learn from, when measured.
    public var heldOut: HeldOutScore?
    public var trainingRows: Int
    public var savedAt: Date
    /// Its registry status (pending until approved or rejected).
    public var status: RegistryStatus
    /// The recorded run that made it, when runs were recorded.
    public var runID: String?
}

/// A folder of models, local or in S3, each saved as numbered versions:
/// `ROOT/models/NAME/v1.json`, `v2.json`, … (and `vN.xgboost.json` beside
/// an xgboost model, readable by XGBoost itself, and any other side files).
/// A version appears only complete: its number is reserved first (`.vN.reserved`,
/// created exclusively — `O_EXCL` locally, a conditional PUT in S3 — naming the
/// writer's host and process), its side files are written, and `vN.json`, which
/// makes it a version, comes last. Saving never overwrites; what a writer on this
/// host that died left behind is removed by the next save.
public struct ModelStore: Sendable {
    /// Where the store is: a path or an `s3://bucket/prefix` URI.
    public let root: String

    /// The store at `root`: `$SLUICE_HOME` when set, else `.sluice` in `workingDirectory`.
    public static func located(workingDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelStore {
        if let home = environment["SLUICE_HOME"], !home.isEmpty { return ModelStore(root: home) }
        return ModelStore(root: workingDirectory + "/.sluice")
    }

    public init(root: String) {
        self.root = root
    }

    /// The location of `relative` in the store; an error when `root` is not a location.
    public func location(_ relative: String) throws(StoreError) -> StorageLocation {
        do {
            return try StorageLocation(root).appending(relative)
        } catch {
            throw .unreadable(root, error.message)
        }
    }

    /// Where this machine keeps what belongs to the store but only makes sense here (endpoints'
    /// records, logs and locks): the store itself when local, else a folder of the user's state
    /// (`$XDG_STATE_HOME`, or `~/.local/state`) named after the bucket and prefix.
    public func localFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard case .s3(let bucket, let key)? = try? StorageLocation(root) else {
            return root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        }
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        let prefix = key.split(separator: "/").joined(separator: "/")
        return state + "/sluice/s3/" + bucket + (prefix.isEmpty ? "" : "/" + prefix)
    }

    private func folder(_ name: String) throws(StoreError) -> StorageLocation { try location("models/" + name) }

    /// Saves a new version of `name` with `sideFiles` beside it (`"statistics.json"` becomes
    /// `vN.statistics.json`) and returns its number (1 for the first). On any error no version appears,
    /// and the error says why (the system's reason, such as no space left).
    public func save(_ bundle: ModelBundle, as name: String, sideFiles: [String: Data] = [:]) throws(StoreError) -> Int {
        try Self.check(name)
        let directory = try folder(name)
        var files = sideFiles
        if case .boostedTrees(let trees) = bundle.model.estimator { files["xgboost.json"] = Data(XGBoostExport.json(for: trees).utf8) }
        let data: Data
        do {
            data = try Self.encodeBundle(bundle)
        } catch {
            throw .cannotWrite(directory.description, error.localizedDescription)
        }
        do throws(StorageError) {
            let version = try reserveVersion(in: directory, listing: removeAbandoned(in: directory))
            let reservation = directory.appending(".v\(version).reserved")
            defer { try? Storage.remove(reservation) }
            var written: [StorageLocation] = []
            do throws(StorageError) {
                for (suffix, content) in files.sorted(by: { $0.key < $1.key }) {
                    let file = directory.appending("v\(version).\(suffix)")
                    try Storage.write(Array(content), to: file)
                    written.append(file)
                }
                try Storage.write(Array(data), to: directory.appending("v\(version).json"))
            } catch {
                written.forEach { try? Storage.remove($0) }
                throw error
            }
            return version
        } catch {
            throw .cannotWrite(directory.description, error.message)
        }
    }

    /// What a reservation holds: the writer's host and process.
    private static var writer: String { "\(ProcessInfo.processInfo.hostName) \(getpid())" }

    /// Takes the next free version number past those in `names` (the folder's listing) by creating
    /// `.vN.reserved` exclusively.
    private func reserveVersion(in directory: StorageLocation, listing names: [String]) throws(StorageError) -> Int {
        let taken = names.compactMap { Self.version(inFile: $0) ?? Self.version(inReservation: $0) }
        var version = taken.max() ?? 0
        while true {
            version += 1
            let reservation = directory.appending(".v\(version).reserved")
            guard try Storage.create(Array(Self.writer.utf8), at: reservation) else { continue }
            // A writer that finished this version after the listing above has removed its reservation,
            // but its record is there by then.
            guard try Storage.exists(directory.appending("v\(version).json")) else { return version }
            try Storage.remove(reservation)
        }
    }

    /// Removes what writers on this host that died left in `directory`: reservations and the side files
    /// of their unfinished versions, and temporary files. (A writer on another host cannot be asked
    /// whether it lives; its reservation stays, and costs only a version number.) Returns the names left.
    private func removeAbandoned(in directory: StorageLocation) throws(StorageError) -> [String] {
        var names = try Storage.entries(in: directory)
        for name in names {
            guard let version = Self.version(inReservation: name) else { continue }
            let reservation = directory.appending(name)
            guard let bytes = try? Storage.contents(of: reservation),
                  Self.isAbandoned(by: String(decoding: bytes, as: UTF8.self)) else { continue }
            if !names.contains("v\(version).json") {
                for side in names where side.hasPrefix("v\(version).") {
                    if (try? Storage.remove(directory.appending(side))) != nil { names.removeAll { $0 == side } }
                }
            }
            if (try? Storage.remove(reservation)) != nil { names.removeAll { $0 == name } }
        }
        if case .local(let path) = directory { TemporaryFile.removeAbandoned(in: path) }
        return names
    }

    /// Whether a reservation's writer (`HOST PID`, or a bare `PID` as older stores wrote) ran on this
    /// host and has ended.
    private static func isAbandoned(by writer: String) -> Bool {
        let parts = writer.split(separator: " ")
        guard let last = parts.last, let pid = Int32(last) else { return false }
        if parts.count > 1, parts.dropLast().joined(separator: " ") != ProcessInfo.processInfo.hostName { return false }
        return !TemporaryFile.isRunning(pid)
    }

    /// N for a version's record `vN.json`.
    private static func version(inFile name: String) -> Int? {
        guard name.hasPrefix("v"), name.hasSuffix(".json") else { return nil }
        return Int(name.dropFirst().dropLast(5))
    }

    /// N for a reservation `.vN.reserved`.
    private static func version(inReservation name: String) -> Int? {
        guard name.hasPrefix(".v"), name.hasSuffix(".reserved") else { return nil }
        return Int(name.dropFirst(2).dropLast(9))
    }

    /// The version numbers saved under `name`, ascending.
    public func versions(of name: String) throws(StoreError) -> [Int] {
        try Self.check(name)
        let directory = try folder(name)
        do {
            return try Storage.entries(in: directory).compactMap(Self.version(inFile:)).sorted()
        } catch {
            throw .unreadable(directory.description, error.message)
        }
    }

    /// Loads a version of `name` (the latest when `version` is nil).
    public func load(_ name: String, version: Int? = nil) throws(StoreError) -> (bundle: ModelBundle, version: Int) {
        let saved = try versions(of: name)
        guard let latest = saved.last else { throw .notFound(name, available: (try? names()) ?? []) }
        let chosen = version ?? latest
        guard saved.contains(chosen) else { throw .noSuchVersion(name, chosen, available: saved) }
        return (try Self.readBundle(at: try folder(name).appending("v\(chosen).json").description), chosen)
    }

    /// A side file of a saved version (`"constraints.json"` for `vN.constraints.json`), or nil when it
    /// has none.
    public func sideFile(_ suffix: String, of name: String, version: Int) throws(StoreError) -> (data: Data, location: String)? {
        let file = try folder(name).appending("v\(version).\(suffix)")
        do {
            return try Storage.contentsIfPresent(of: file).map { (Data($0), file.description) }
        } catch {
            throw .unreadable(file.description, error.message)
        }
    }

    /// Reads a bundle file written by ``save(_:as:)``, at a path or an `s3://` URI.
    public static func readBundle(at path: String) throws(StoreError) -> ModelBundle {
        let data: Data
        do {
            data = Data(try Storage.contents(of: try StorageLocation(path)))
        } catch {
            throw .unreadable(path, error.message)
        }
        do {
            return try decodeBundle(data)
        } catch {
            throw .unreadable(path, "\(error)")
        }
    }

    /// A bundle's JSON, as ``save(_:as:)`` writes it (keys sorted, dates in ISO 8601, infinities as text).
    public static func encodeBundle(_ bundle: ModelBundle) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(bundle)
    }

    /// A bundle from its JSON, as ``save(_:as:)`` writes it.
    public static func decodeBundle(_ data: Data) throws -> ModelBundle {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ModelBundle.self, from: data)
    }

    /// The names of the saved models, sorted.
    public func names() throws(StoreError) -> [String] {
        let directory = try location("models")
        do {
            return try Storage.entries(in: directory).filter { !$0.hasPrefix(".") }
        } catch {
            throw .unreadable(directory.description, error.message)
        }
    }

    /// Every saved version, by name then version.
    public func list() throws(StoreError) -> [StoredModel] {
        var entries: [StoredModel] = []
        for name in try names() {
            for version in try versions(of: name) {
                let bundle = try load(name, version: version).bundle
                entries.append(StoredModel(
                    name: name, version: version, algorithm: bundle.model.algorithm.name, task: bundle.model.task.name,
                    target: bundle.model.target ?? "", heldOut: bundle.model.heldOut,
                    trainingRows: bundle.model.lineage.trainingRows, savedAt: bundle.model.lineage.trainedAt,
                    status: try status(of: name, version: version), runID: bundle.model.runID))
            }
        }
        return entries
    }

    static func check(_ name: String) throws(StoreError) {
        guard isValidName(name) else { throw .invalidName(name) }
    }

    /// Whether `name` can name a model (or an endpoint): letters, digits, `_`, `-` and `.`, not starting with `.`.
    public static func isValidName(_ name: String) -> Bool {
        let allowed = name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0) }
        return !name.isEmpty && allowed && !name.hasPrefix(".")
    }
}

/// Why the model store could not do what was asked.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case invalidName(String)
    case notFound(String, available: [String])
    case noSuchVersion(String, Int, available: [Int])
    case cannotWrite(String, String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "\"\(name)\" is not a model name: use letters, digits, `_`, `-` and `.`"
        case .notFound(let name, let available):
            "no model \"\(name)\" in the store" + (available.isEmpty ? " (it is empty)" : " (it has \(available.map { "\"\($0)\"" }.joined(separator: ", ")))")
        case .noSuchVersion(let name, let version, let available):
            "\"\(name)\" has no version \(version) (it has \(available.map { "v\($0)" }.joined(separator: ", ")))"
        case .cannotWrite(let path, let reason):
            "cannot write to \(path): \(reason)"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        }
    }
}
