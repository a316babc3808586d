import Foundation
import Glibc
import SluiceData

/// One saved version of a model, as `models` lists it.
public struct StoredModel: Sendable, Equatable {
    public var name: String
    public var version: Int
    public var algorithm: String
    public var task: String
    public var target: String
    public var metrics: [String: Double]
    public var trainingRows: Int
    public var savedAt: Date
}

/// A folder of models, each saved as numbered versions:
/// `ROOT/models/NAME/v1.json`, `v2.json`, … (and `vN.xgboost.json` beside
/// an xgboost model, readable by XGBoost itself, and any other side files).
/// A version appears only complete: its number is reserved first (`.vN.reserved`,
/// created exclusively, naming the writer's process), its side files are written,
/// and `vN.json`, which makes it a version, comes last. Saving never overwrites;
/// what a writer that died left behind is removed by the next save.
public struct ModelStore: Sendable {
    public let root: String

    /// The store at `root`: `$SLUICE_HOME` when set, else `.sluice` in `workingDirectory`.
    public static func located(workingDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelStore {
        if let home = environment["SLUICE_HOME"], !home.isEmpty { return ModelStore(root: home) }
        return ModelStore(root: workingDirectory + "/.sluice")
    }

    public init(root: String) {
        self.root = root
    }

    private func folder(_ name: String) -> String { root + "/models/" + name }

    /// Saves a new version of `name` with `sideFiles` beside it (`"statistics.json"` becomes
    /// `vN.statistics.json`) and returns its number (1 for the first). On any error no version appears,
    /// and the error says why (the system's reason, such as no space left).
    public func save(_ bundle: ModelBundle, as name: String, sideFiles: [String: Data] = [:]) throws(StoreError) -> Int {
        try Self.check(name)
        let directory = folder(name)
        var files = sideFiles
        if case .boostedTrees(let trees) = bundle.model.estimator { files["xgboost.json"] = Data(XGBoostExport.json(for: trees).utf8) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data: Data
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            data = try encoder.encode(bundle)
        } catch {
            throw .cannotWrite(directory, error.localizedDescription)
        }
        removeAbandoned(in: directory)
        let version = try reserveVersion(in: directory)
        let reservation = directory + "/.v\(version).reserved"
        defer { unlink(reservation) }
        var written: [String] = []
        do {
            for (suffix, content) in files.sorted(by: { $0.key < $1.key }) {
                let path = directory + "/v\(version).\(suffix)"
                try AtomicFile.write(content, to: path)
                written.append(path)
            }
            try AtomicFile.write(data, to: directory + "/v\(version).json")
        } catch {
            written.forEach { unlink($0) }
            throw .cannotWrite(directory, error.localizedDescription)
        }
        return version
    }

    /// Takes the next free version number by creating `.vN.reserved` exclusively.
    private func reserveVersion(in directory: String) throws(StoreError) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let taken = names.compactMap { Self.version(inFile: $0) ?? Self.version(inReservation: $0) }
        var version = taken.max() ?? 0
        while true {
            version += 1
            let descriptor = open(directory + "/.v\(version).reserved", O_CREAT | O_EXCL | O_WRONLY, 0o644)
            if descriptor >= 0 {
                let pid = Array("\(getpid())".utf8)
                _ = pid.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                close(descriptor)
                return version
            }
            guard errno == EEXIST else { throw .cannotWrite(directory, String(cString: strerror(errno))) }
        }
    }

    /// Removes what writers that died left in `directory`: reservations and the side files of their
    /// unfinished versions, and temporary files.
    private func removeAbandoned(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names {
            guard let version = Self.version(inReservation: name) else { continue }
            let path = directory + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), let pid = Int32(text),
                  !TemporaryFile.isRunning(pid) else { continue }
            if !names.contains("v\(version).json") {
                for side in names where side.hasPrefix("v\(version).") { unlink(directory + "/" + side) }
            }
            unlink(path)
        }
        TemporaryFile.removeAbandoned(in: directory)
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
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder(name)) else { return [] }
        return files.compactMap(Self.version(inFile:)).sorted()
    }

    /// Loads a version of `name` (the latest when `version` is nil).
    public func load(_ name: String, version: Int? = nil) throws(StoreError) -> (bundle: ModelBundle, version: Int) {
        let saved = try versions(of: name)
        guard let latest = saved.last else { throw .notFound(name, available: (try? names()) ?? []) }
        let chosen = version ?? latest
        guard saved.contains(chosen) else { throw .noSuchVersion(name, chosen, available: saved) }
        return (try Self.readBundle(at: folder(name) + "/v\(chosen).json"), chosen)
    }

    /// Reads a bundle file written by ``save(_:as:)``.
    public static func readBundle(at path: String) throws(StoreError) -> ModelBundle {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(ModelBundle.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadable(path, "\(error)")
        }
    }

    /// The names of the saved models, sorted.
    public func names() throws(StoreError) -> [String] {
        let directory = root + "/models"
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw .unreadable(directory, error.localizedDescription)
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
                    target: bundle.model.target ?? "", metrics: bundle.trainingMetrics,
                    trainingRows: bundle.model.lineage.trainingRows, savedAt: bundle.model.lineage.trainedAt))
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
