import Foundation
import SluiceData
import SluiceML
import SluiceStorage

/// What a monitoring run found.
public struct MonitoringReport: Sendable {
    /// What was checked: an endpoint's captured traffic, or a table.
    public var source: String
    public var rows: Int
    public var violations: [MonitoringViolation]
    public var drift: [FeatureDrift]
    /// Where `statistics.json` and `constraint_violations.json` were written.
    public var folder: String

    /// Why drift was not judged for some features: `5 rows are too few to judge drift (need ≥ 408)`; nil when
    /// every feature compared had enough rows.
    public var driftNote: String? {
        let unjudged = drift.filter { !$0.isJudged }
        guard let needed = unjudged.map(\.rowsNeeded).max() else { return nil }
        guard needed < .max else { return "the baseline has too few rows to judge drift" }
        let have = unjudged.map(\.rows).min() ?? 0
        let which = unjudged.count == drift.count ? "" : " of \(unjudged.map(\.feature).sorted().joined(separator: ", "))"
        return "\(have) row\(have == 1 ? " is" : "s are") too few to judge drift\(which) (need ≥ \(needed))"
    }
}

/// SageMaker Model Monitor's data quality monitoring: baselines from training statistics, checks of
/// new data against them, and the report files.
public enum ModelMonitor {
    /// The baseline statistics of the columns `model` reads, from its training statistics.
    public static func baseline(of model: TrainedModel) -> MonitoringStatistics {
        let inputs = Set(model.inputSchema.map(\.name))
        let profiles = model.trainingStatistics.filter { inputs.contains($0.name) }
        return MonitoringStatistics(profiles: profiles, sketches: model.trainingSketches.byColumn,
                                    itemCount: profiles.first.map { $0.count + $0.missing } ?? 0)
    }

    /// The `statistics.json` and suggested `constraints.json` that a saved model keeps beside its bundle
    /// (`vN.statistics.json`, `vN.constraints.json`), by suffix.
    public static func baselineFiles(of model: TrainedModel) throws(MonitoringError) -> [String: Data] {
        let statistics = baseline(of: model)
        return ["statistics.json": try encoded(statistics, for: "statistics.json"),
                "constraints.json": try encoded(MonitoringConstraints(suggestedBy: statistics), for: "constraints.json")]
    }

    /// The constraints stored beside version `version` of the model `name`, when that version is
    /// `model` (they may have been edited); else the ones `model`'s statistics suggest.
    public static func constraints(for model: TrainedModel, storedAs name: String?, version: Int?, store: ModelStore) throws(MonitoringError) -> MonitoringConstraints {
        if let name, let version, let stored = try? store.load(name, version: version), stored.bundle.model == model,
           let file = try? store.sideFile("constraints.json", of: name, version: version) {
            do {
                return try decoder.decode(MonitoringConstraints.self, from: file.data)
            } catch {
                throw .badConstraints("\(file.location) is not a constraints file: \(error)")
            }
        }
        return MonitoringConstraints(suggestedBy: baseline(of: model))
    }

    /// Checks `data` against `model`'s baseline and writes the run's `statistics.json` and
    /// `constraint_violations.json` into a new folder under `reports`.
    public static func run(model: TrainedModel, data: Table, constraints: MonitoringConstraints, threshold: Double?,
                           source: String, reports: StorageLocation) throws(MonitoringError) -> MonitoringReport {
        guard data.rowCount > 0 else { throw .noData("\(source) has no rows to check") }
        let current = MonitoringStatistics(table: data)
        var ignored = Set(PredictionColumns.names(for: model.task))
        if let target = model.target { ignored.insert(target) }
        let checker = ConstraintChecker(baseline: baseline(of: model), constraints: constraints, threshold: threshold, ignoredColumns: ignored)
        let (violations, drift) = checker.check(current)
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
        let folder = try reportFolder(under: reports, stamp: stamp)
        try write(current, to: folder.appending("statistics.json"))
        try write(["violations": violations], to: folder.appending("constraint_violations.json"))
        return MonitoringReport(source: source, rows: data.rowCount, violations: violations, drift: drift, folder: folder.description)
    }

    /// A new folder for a run's report: `reports/STAMP`, or `STAMP-2`, `-3`, … when taken.
    static func reportFolder(under reports: StorageLocation, stamp: String, marker: String = "statistics.json") throws(MonitoringError)
        -> StorageLocation {
        var folder = reports.appending(stamp)
        var suffix = 1
        do {
            while try Storage.exists(folder.appending(marker)) {
                suffix += 1
                folder = reports.appending(stamp + "-\(suffix)")
            }
        } catch {
            throw .cannotWrite("cannot write under \(reports): \(error.message)")
        }
        return folder
    }

    static func write(_ value: some Encodable, to location: StorageLocation) throws(MonitoringError) {
        let data = try encoded(value, for: location.description)
        do {
            try Storage.write(Array(data), to: location)
        } catch {
            throw .cannotWrite(error.message)
        }
    }

    /// SageMaker's JSON for a statistics, constraints or violations file.
    private static func encoded(_ value: some Encodable, for name: String) throws(MonitoringError) -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try encoder.encode(value)
        } catch {
            throw .cannotWrite("cannot write \(name): \(error.localizedDescription)")
        }
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
