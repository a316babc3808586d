import Foundation

/// What a run sends to MLflow beyond its record: its metrics round by round, and files.
public struct RunAttachments: Sendable {
    /// Metrics by name, one value per step (a boosting round).
    public var history: [(name: String, values: [Double])]
    /// Files by their path among the run's artifacts (`model/xgboost.json`).
    public var artifacts: [(path: String, bytes: [UInt8])]

    public init(history: [(name: String, values: [Double])] = [], artifacts: [(path: String, bytes: [UInt8])] = []) {
        self.history = history
        self.artifacts = artifacts
    }
}

/// Logs Sluice's runs to an MLflow tracking server: each run into the experiment named after its notebook
/// or script, with every parameter, its metrics (round by round where it has them), tags that say where
/// it came from (MLflow's own `mlflow.user`, `mlflow.source.name`, `mlflow.parentRunId`, `mlflow.note.content`,
/// and `sluice.*`), and its artifacts. Used on one thread (a session's).
public final class MLflowTracker: @unchecked Sendable {
    public let client: MLflowClient
    private var experiments: [String: String] = [:]

    public init(uri: String) {
        client = MLflowClient(uri: uri)
    }

    /// The tracker `SLUICE_TRACKING_URI` names, if it is set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> MLflowTracker? {
        guard let uri = environment["SLUICE_TRACKING_URI"]?.trimmingCharacters(in: .whitespaces), !uri.isEmpty else { return nil }
        return MLflowTracker(uri: uri)
    }

    /// Logs `run` (a child of the MLflow run `parent` when given) and returns its MLflow run id, with a
    /// warning for each artifact that could not be uploaded (the run is logged without it).
    public func log(_ run: RunRecord, parent: String?, attachments: RunAttachments) throws(MLflowClient.Failure)
        -> (id: String, warnings: [String]) {
        let experiment: String
        if let known = experiments[run.origin.experiment] {
            experiment = known
        } else {
            experiment = try client.experimentID(named: run.origin.experiment)
            experiments[run.origin.experiment] = experiment
        }
        var tags = [
            "mlflow.user": run.user, "mlflow.source.name": run.origin.experiment,
            "mlflow.source.type": run.origin.kind == "notebook" ? "NOTEBOOK" : "LOCAL",
            "mlflow.note.content": Self.clipped(run.statement),
            "sluice.run_id": run.id, "sluice.kind": run.kind.rawValue, "sluice.origin": run.origin.place,
            "sluice.statement": Self.clipped(run.statement), "sluice.host": run.host,
        ]
        tags["mlflow.parentRunId"] = parent
        tags["sluice.algorithm"] = run.algorithm
        tags["sluice.target"] = run.target
        tags["sluice.models"] = run.models?.joined(separator: ", ")
        if !run.recipe.isEmpty { tags["sluice.recipe"] = Self.clipped(run.recipe) }
        if let data = run.data {
            tags["sluice.data.fingerprint"] = data.fingerprint
            tags["sluice.data.shape"] = "\(data.rows) × \(data.columns)"
            tags["sluice.data.source"] = data.source
            tags["sluice.data.table"] = data.table
        }
        let created = try client.createRun(experimentID: experiment, name: Self.name(of: run), startTime: run.startedAt, tags: tags)
        let end = run.startedAt.addingTimeInterval(run.seconds)
        var metrics: [MLflowClient.Metric] = []
        var stepped = Set<String>()
        for (name, values) in attachments.history {
            stepped.insert(name)
            metrics += values.enumerated().map { MLflowClient.Metric(key: name, value: $1, step: $0, timestamp: end) }
        }
        for (name, value) in run.metrics.sorted(by: { $0.key < $1.key }) where !stepped.contains(name) && value.isFinite {
            metrics.append(MLflowClient.Metric(key: name, value: value, step: 0, timestamp: end))
        }
        try client.logBatch(runID: created.id, parameters: run.parameters.mapValues(Self.clipped), metrics: metrics, tags: [:])
        var warnings: [String] = []
        for (path, bytes) in attachments.artifacts {
            do {
                try client.uploadArtifact(artifactURI: created.artifactURI, path: path, bytes: bytes)
            } catch {
                warnings.append("the artifact \(path) was not uploaded to MLflow: \(error)")
            }
        }
        try client.finishRun(runID: created.id, endTime: end)
        return (created.id, warnings)
    }

    /// `train xgboost`, `trial`, `evaluate m`: the run's name in MLflow's lists.
    private static func name(of run: RunRecord) -> String {
        switch run.kind {
        case .evaluate: "evaluate " + (run.models ?? []).joined(separator: ", ")
        case .trial: "trial of " + (run.algorithm ?? "")
        default: run.kind.rawValue + (run.algorithm.map { " " + $0 } ?? "")
        }
    }

    /// At most 5,000 characters (the shortest limit of MLflow's versions on a tag's or parameter's value).
    private static func clipped(_ text: String) -> String {
        text.count <= 5_000 ? text : String(text.prefix(4_999)) + "…"
    }
}
