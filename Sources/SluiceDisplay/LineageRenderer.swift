import Foundation
import SluiceData
import SluiceML
import SluiceTracking

/// Where a stored model version came from and where it went: what `lineage "name" [version n]` shows.
public struct ModelLineage: Sendable {
    /// An endpoint serving the version, with its captured traffic and monitoring reports.
    public struct Endpoint: Sendable {
        public var name: String
        public var url: String
        public var health: String
        public var deployedAt: Date
        /// Where its traffic is captured, and how many capture files are there.
        public var captureFolder: String
        public var captureFiles: Int
        /// Its monitoring reports since it took this version: each folder and its number of violations.
        public var reports: [(folder: String, violations: Int)]

        public init(name: String, url: String, health: String, deployedAt: Date, captureFolder: String, captureFiles: Int,
                    reports: [(folder: String, violations: Int)]) {
            self.name = name
            self.url = url
            self.health = health
            self.deployedAt = deployedAt
            self.captureFolder = captureFolder
            self.captureFiles = captureFiles
            self.reports = reports
        }
    }

    public var name: String
    public var version: Int
    public var model: TrainedModel
    public var registry: RegistryRecord?
    /// The run that made it; nil when it was stored before runs were recorded (or the log lost it).
    public var run: RunRecord?
    /// The trials of the tuning that made it.
    public var trials: Int
    /// The `evaluate` runs that measured the run's model.
    public var evaluations: [RunRecord]
    public var endpoints: [Endpoint]

    public init(name: String, version: Int, model: TrainedModel, registry: RegistryRecord?, run: RunRecord?, trials: Int,
                evaluations: [RunRecord], endpoints: [Endpoint]) {
        self.name = name
        self.version = version
        self.model = model
        self.registry = registry
        self.run = run
        self.trials = trials
        self.evaluations = evaluations
        self.endpoints = endpoints
    }
}

/// Renders a model version's lineage: data → recipe → run → model version → endpoints, each a line.
public struct LineageRenderer: Sendable {
    public init() {}

    public func bundle(for lineage: ModelLineage) -> MimeBundle {
        let card = KeyValueCard(title: "lineage of \"\(lineage.name)\" v\(lineage.version)", rows: rows(lineage), htmlClass: "sluice-lineage")
        return MimeBundle(plainText: card.textLines.joined(separator: "\n"), html: card.htmlOpening + "</div>")
    }

    private func rows(_ lineage: ModelLineage) -> [(name: String, value: String)] {
        let model = lineage.model
        var rows: [(name: String, value: String)] = []
        if let data = lineage.run?.data {
            var text = [data.table, data.source.map { "from \($0)" }].compactMap { $0 }.joined(separator: " ")
            text += (text.isEmpty ? "" : " · ") + "\(formatCount(data.rows)) rows × \(data.columns) columns · fingerprint \(data.fingerprint)"
            rows.append(("data", text))
        } else {
            rows.append(("data", "\(formatCount(model.lineage.trainingRows)) rows · fingerprint \(model.lineage.dataFingerprint)"))
        }
        if let run = lineage.run {
            rows.append(("recipe", run.recipe.isEmpty ? "(none)" : run.recipe))
            var text = "\(run.id) · \(run.kind.rawValue) · \(run.origin.experiment), \(run.origin.place) · \(Self.date(run.startedAt))"
            text += " · \(String(format: "%.2f", run.seconds)) s · \(run.user)@\(run.host)"
            if lineage.trials > 0 { text += " · \(lineage.trials) trials" }
            rows.append(("run", text + "\n" + run.statement))
            rows.append(("parameters", parameters(run)))
            if !run.metrics.isEmpty {
                rows.append(("metrics", run.metrics.sorted { $0.key < $1.key }.map { "\($0.key) \(formatStatistic($0.value))" }.joined(separator: " · ")))
            }
            for evaluation in lineage.evaluations {
                let on = evaluation.data.map { " on \($0.table ?? $0.source ?? $0.fingerprint) (\(formatCount($0.rows)) rows)" } ?? ""
                let metrics = evaluation.metrics.sorted { $0.key < $1.key }.map { "\($0.key) \(formatStatistic($0.value))" }.joined(separator: " · ")
                rows.append(("evaluated", "\(Self.date(evaluation.startedAt))\(on): \(metrics)"))
            }
        } else {
            rows.append(("run", "not recorded (saved before runs were recorded, or by another store)"))
        }
        var version = "\(lineage.name) v\(lineage.version) · \(model.algorithm.name) · \(model.task.name)"
        if let target = model.target { version += " of \(target)" }
        version += " · trained \(Self.date(model.lineage.trainedAt))"
        if let score = model.heldOut { version += "\nheld out: " + score.text }
        rows.append(("model", version))
        if let registry = lineage.registry {
            rows.append(("status", "\(registry.status.rawValue) by \(registry.changedBy) at \(Self.date(registry.changedAt))"))
        } else {
            rows.append(("status", RegistryStatus.pending.rawValue))
        }
        if lineage.endpoints.isEmpty { rows.append(("endpoints", "none serving this version")) }
        for endpoint in lineage.endpoints {
            var text = "\"\(endpoint.name)\" at \(endpoint.url) · \(endpoint.health) · deployed \(Self.date(endpoint.deployedAt))"
            text += "\ncapture: \(formatCount(endpoint.captureFiles)) file\(endpoint.captureFiles == 1 ? "" : "s") in \(endpoint.captureFolder)"
            if endpoint.reports.isEmpty {
                text += "\nmonitoring: no reports since it was deployed"
            } else {
                let violations = endpoint.reports.map(\.violations).reduce(0, +)
                text += "\nmonitoring: \(endpoint.reports.count) report\(endpoint.reports.count == 1 ? "" : "s"), \(violations) violation\(violations == 1 ? "" : "s");"
                    + " latest \(endpoint.reports.last!.folder)"
            }
            rows.append(("endpoint", text))
        }
        return rows
    }

    /// The parameters the run set, then the defaults it ran with.
    private func parameters(_ run: RunRecord) -> String {
        let given = run.given.compactMap { name in run.parameters[name].map { "\(name) \($0)" } }
        let defaults = run.parameters.keys.filter { !run.given.contains($0) }.sorted().map { "\($0) \(run.parameters[$0]!)" }
        return (given.isEmpty ? "" : given.joined(separator: " · ") + "\n") + (defaults.isEmpty ? "" : "defaults: " + defaults.joined(separator: " · "))
    }

    private static func date(_ date: Date) -> String {
        date.ISO8601Format(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}
