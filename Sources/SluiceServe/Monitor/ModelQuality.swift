import Foundation
import SluiceData
import SluiceML
import SluiceStorage

/// How a model scored against ground truth, window by window: what `monitor quality` gives.
public struct ModelQualityReport: Sendable {
    /// One window of traffic: its start, the rows that had ground truth, the metric on them, whether it was judged
    /// (not when past the limit by less than its sampling noise, ``QualityBound``; then how many rows that fall would
    /// need), and whether it broke the constraint.
    public struct Window: Sendable, Equatable {
        public var start: Date
        public var rows: Int
        public var value: Double
        public var judged: Bool
        public var rowsNeeded: Int?
        public var violated: Bool
    }

    public var endpoint: String
    public var metric: String
    /// Whether a larger value is better (auc, accuracy) or worse (rmse, mae).
    public var maximizes: Bool
    /// The model's held-out value of the metric, from `evaluate` before it was stored.
    public var baseline: Double
    /// How far past the baseline a window may fall.
    public var threshold: Double
    public var windowSeconds: Double
    public var windows: [Window]
    /// Captured requests without ground truth, and ground-truth records without a captured request.
    public var unlabelled: Int
    public var unmatched: Int
    public var violations: [MonitoringViolation]
    /// Where `model_quality_metrics.json` and `constraint_violations.json` were written.
    public var folder: String
}

/// SageMaker Model Monitor's model quality monitoring: ground truth in SageMaker's record format
/// (`groundTruthData` {`data`, `encoding`}, `eventMetadata.eventId`, `eventVersion`), merged with the endpoint's
/// captured requests by event id, scored by the model the endpoint serves (its captured answers are that model's),
/// a metric per window of traffic against the model's held-out value.
public enum ModelQualityJob {
    /// How far past its held-out value a window's metric may fall, unless told otherwise.
    public static let defaultThreshold = 0.05

    /// Merges the labels by request id (``labels(under:)`` reads them from ground-truth records), scores and checks;
    /// writes the report under `monitoring/ENDPOINT/quality/`. `source` says where the labels came from.
    public static func run(storeRoot: String, endpoint: String, model: TrainedModel, labels truth: [String: [String]], source: String,
                           metric chosen: String?, threshold: Double, window: Double) throws(MonitoringError) -> ModelQualityReport {
        let (metric, maximizes, held) = try measure(model, chosen)
        let store = ModelStore(root: storeRoot)
        let captureFolder: StorageLocation, reports: StorageLocation
        do {
            captureFolder = try store.location("capture/" + endpoint)
            reports = try store.location("monitoring/\(endpoint)/quality")
        } catch {
            throw .noData(error.description)
        }
        // The captured requests with ground truth, as the model's input rows, each with its label and time.
        var tables: [Table] = [], labels: [String] = [], times: [Date] = []
        var unlabelled = 0, matched = Set<String>()
        let parse = ISO8601DateFormatter()
        parse.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        try CapturedTraffic.forEachRecord(in: try CapturedTraffic.files(in: captureFolder)) { record in
            guard let given = truth[record.id] else {
                unlabelled += 1
                return
            }
            guard let rows = try? RequestBodyParser.table(from: record.input, format: record.format, schema: model.inputSchema).table,
                  rows.rowCount == given.count else { return }
            matched.insert(record.id)
            tables.append(rows)
            labels += given
            times += Array(repeating: parse.date(from: record.time) ?? Date(), count: given.count)
        }
        guard !labels.isEmpty else {
            throw .noData("no captured request of \"\(endpoint)\" has ground truth in \(source) (\(truth.count) ids)")
        }
        let merged: Table
        do {
            let inputs = try Table.concatenating(tables)
            let target: Column = if case .regression = model.task {
                Column(name: model.target!, values: .float(labels.map { Double($0) ?? .nan }, missing: MissingMask(missingRows: labels.indices.filter { Double(labels[$0]) == nil })))
            } else {
                Column(name: model.target!, values: .text(labels, missing: MissingMask()))
            }
            merged = try inputs.setting(target)
        } catch {
            throw .noData("cannot merge the ground truth with the captured requests: \(error)")
        }
        // A window's metric, in time order.
        let starts = times.map { ($0.timeIntervalSince1970 / window).rounded(.down) * window }
        var windows: [ModelQualityReport.Window] = []
        var violations: [MonitoringViolation] = []
        let bound = QualityBound(metric: metric, baseline: held.value)
        for start in Set(starts).sorted() {
            let rows = starts.indices.filter { starts[$0] == start }
            let evaluation: ModelEvaluation
            do {
                evaluation = try model.evaluate(on: merged.gathering(rows))
            } catch {
                throw .noData("cannot score the window from \(Date(timeIntervalSince1970: start)): \(error)")
            }
            let value = evaluation.metric(metric) ?? .nan
            // Past the limit is a violation when the fall is more than the window's sampling noise.
            // An undefined metric (an AUC on one class) is never past the limit.
            let past = maximizes ? value < held.value - threshold : value > held.value + threshold
            let fall = abs(value - held.value)
            let judged = !past || bound.tellsFromNoise(evaluation, fall: fall)
            let violated = past && judged
            let when = Date(timeIntervalSince1970: start)
            windows.append(.init(start: when, rows: rows.count, value: value, judged: judged,
                                 rowsNeeded: judged ? nil : bound.rowsNeeded(like: evaluation, fall: fall), violated: violated))
            if violated {
                violations.append(MonitoringViolation(
                    featureName: metric, constraintCheckType: maximizes ? "LessThanThreshold" : "GreaterThanThreshold",
                    description: String(format: "%@ was %.4f in the window from %@ (%d rows); the baseline is %.4f, the threshold %g",
                                        metric, value, ISO8601DateFormatter().string(from: when), rows.count, held.value, threshold)))
            }
        }
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
        let folder = try ModelMonitor.reportFolder(under: reports, stamp: stamp, marker: "model_quality_metrics.json")
        try ModelMonitor.write(QualityMetricsFile(metric: metric, baseline: held.value, threshold: threshold, windowSeconds: window,
                                                  windows: windows.map {
                                   .init(start: ISO8601DateFormatter().string(from: $0.start), rows: $0.rows, value: $0.value, judged: $0.judged,
                                         rowsNeeded: $0.rowsNeeded)
                               }),
                               to: folder.appending("model_quality_metrics.json"))
        try ModelMonitor.write(["violations": violations], to: folder.appending("constraint_violations.json"))
        return ModelQualityReport(endpoint: endpoint, metric: metric, maximizes: maximizes, baseline: held.value, threshold: threshold,
                                  windowSeconds: window, windows: windows, unlabelled: unlabelled,
                                  unmatched: truth.keys.filter { !matched.contains($0) }.count, violations: violations,
                                  folder: folder.description)
    }

    /// The metric the quality of `model` is measured by (`chosen`, else its task's default), whether larger is better,
    /// and the model's held-out value of it; an error when the model cannot be checked so.
    public static func measure(_ model: TrainedModel, _ chosen: String?) throws(MonitoringError)
        -> (metric: String, maximizes: Bool, heldOut: HeldOutScore) {
        if case .clustering = model.task { throw .noData("a clustering model has no ground truth to check against") }
        guard model.target != nil else { throw .noData("a model without a target has no ground truth to check against") }
        let metric = chosen ?? MetricDirection.defaultMetric(for: model.task)
        guard let maximizes = MetricDirection.maximizes(metric, task: model.task) else {
            throw .noData("`\(metric)` is not a metric of \(model.task.name) (\(MetricDirection.names(for: model.task).joined(separator: ", ")))")
        }
        guard let held = model.heldOut, held.metric == metric else {
            throw .noData("the model has no held-out \(metric) to compare with: `evaluate` it on rows it did not learn from before `deploy`"
                          + (model.heldOut.map { " (it has \($0.metric))" } ?? ""))
        }
        return (metric, maximizes, held)
    }

    /// The labels of every ground-truth record under `location` (a file, or a folder's `.jsonl` files), by event id:
    /// one per line of CSV `data`, one per item of a JSON list, else the JSON value.
    public static func labels(under location: StorageLocation) throws(MonitoringError) -> [String: [String]] {
        var files: [StorageLocation]
        do {
            files = location.name.hasSuffix(".jsonl") ? [location] : try Storage.files(under: location).filter { $0.name.hasSuffix(".jsonl") }
        } catch {
            throw .noData("cannot list the ground truth under \(location): \(error.message)")
        }
        guard !files.isEmpty else { throw .noData("no ground truth (.jsonl files) under \(location)") }
        var labels: [String: [String]] = [:]
        for file in files {
            let data: [UInt8]
            do {
                data = try Storage.contents(of: file)
            } catch {
                throw .noData("cannot read the ground truth \(file): \(error.message)")
            }
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                guard let record = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                      let truth = record["groundTruthData"] as? [String: Any], let text = truth["data"] as? String,
                      let id = (record["eventMetadata"] as? [String: Any])?["eventId"] as? String else { continue }
                if (truth["encoding"] as? String)?.uppercased() == "JSON",
                   let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) {
                    labels[id] = (value as? [Any] ?? [value]).map { "\($0)" }
                } else {
                    labels[id] = text.split(whereSeparator: \.isNewline).map { String($0.split(separator: ",").first ?? "") }
                }
            }
        }
        return labels
    }
}

/// `model_quality_metrics.json`: the metric per window, with the baseline and threshold it was checked against.
private struct QualityMetricsFile: Encodable {
    struct Window: Encodable {
        var start: String
        var rows: Int
        var value: Double
        /// Whether the window had rows enough to tell a fall of the threshold from noise, and if not, how many it needed.
        var judged: Bool
        var rowsNeeded: Int?
    }

    var metric: String
    var baseline: Double
    var threshold: Double
    var windowSeconds: Double
    var windows: [Window]
}
