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
/// an xgboost model, readable by XGBoost itself). Saving never overwrites:
/// each version file is written whole under a temporary name and then
/// linked into place, which fails if another writer took the number first.
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

    /// Saves a new version of `name` and returns its number (1 for the first).
    public func save(_ bundle: ModelBundle, as name: String) throws(StoreError) -> Int {
        try Self.check(name)
        let directory = folder(name)
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
        let temporary = directory + "/.\(UUID().uuidString).partial"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw .cannotWrite(directory, "cannot create a file")
        }
        defer { unlink(temporary) }
        var version = (try? versions(of: name).last) ?? 0
        while true {
            version += 1
            if link(temporary, directory + "/v\(version).json") == 0 { break }
            guard errno == EEXIST else { throw .cannotWrite(directory, String(cString: strerror(errno))) }
        }
        if case .boostedTrees(let trees) = bundle.model.estimator {
            try? AtomicFile.write(Data(XGBoostExport.json(for: trees).utf8), to: directory + "/v\(version).xgboost.json")
        }
        return version
    }

    /// The version numbers saved under `name`, ascending.
    public func versions(of name: String) throws(StoreError) -> [Int] {
        try Self.check(name)
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder(name)) else { return [] }
        return files.compactMap { file -> Int? in
            guard file.hasPrefix("v"), file.hasSuffix(".json"), !file.hasSuffix(".xgboost.json") else { return nil }
            return Int(file.dropFirst().dropLast(5))
        }.sorted()
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
