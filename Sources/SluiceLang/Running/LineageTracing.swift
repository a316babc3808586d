import Foundation
import SluiceDisplay
import SluiceML
import SluiceServe
import SluiceStorage
import SluiceTracking

/// `lineage "name" [version n]`: gathers a stored version's story from the store: the run that made it
/// (its data, recipe, parameters and metrics) and the evaluations of its model, from the run log; its
/// registry status; the endpoints that serve it, with their capture and the monitoring reports written
/// since they took it.
struct LineageTracing {
    let evaluator: Evaluator

    func lineage(name nameExpression: Expression, version versionExpression: Expression?) throws(Diagnostic) -> ModelLineage {
        let name = try evaluator.text(nameExpression, "the model's name in quotes")
        let requested = try versionExpression.map { (expression) throws(Diagnostic) in
            try evaluator.wholeNumber(expression, "`version` needs a whole number")
        }
        let store = evaluator.store
        let span = versionExpression.map { nameExpression.span.merged(with: $0.span) } ?? nameExpression.span
        let (bundle, version): (ModelBundle, Int)
        let registry: RegistryRecord?
        do {
            (bundle, version) = try store.load(name, version: requested)
            registry = try store.registryRecord(of: name, version: version)
        } catch {
            throw Diagnostic(.runtime, error.description, span: span, label: "no such model",
                             help: didYouMean(name, among: Set((try? store.names()) ?? [])))
        }
        var runs: [RunRecord] = []
        do {
            runs = try evaluator.recorder.runs(storeRoot: store.root)
        } catch {
            evaluator.warn("cannot read the runs: \(error.message)")
        }
        let run = bundle.model.runID.flatMap { id in runs.first { $0.id == id } }
        let children = run.map { made in runs.filter { $0.parent == made.id } } ?? []
        return ModelLineage(name: name, version: version, model: bundle.model, registry: registry, run: run,
                            trials: children.filter { $0.kind == .trial }.count,
                            evaluations: children.filter { $0.kind == .evaluate }, endpoints: endpoints(serving: name, version: version))
    }

    /// The endpoints serving `name` v`version`, each with its capture and its reports since it took the version.
    private func endpoints(serving name: String, version: Int) -> [ModelLineage.Endpoint] {
        let registry = evaluator.deployment.endpoints
        let store = evaluator.store
        return registry.records().filter { $0.model == name && $0.version == version }.map { record in
            let capture = try? store.location("capture/" + record.name)
            let files = capture.flatMap { try? Storage.files(under: $0) }?.filter { $0.name.hasSuffix(".jsonl") }.count ?? 0
            var reports: [(folder: String, violations: Int)] = []
            if let folder = try? store.location("monitoring/" + record.name) {
                // Report folders are named by the time they were written, as ISO 8601 with `-` for `:`.
                let since = ISO8601DateFormatter().string(from: record.deployedAt).replacingOccurrences(of: ":", with: "-")
                for stamp in (try? Storage.entries(in: folder)) ?? [] where stamp >= since {
                    let report = folder.appending(stamp)
                    guard let bytes = try? Storage.contents(of: report.appending("constraint_violations.json")),
                          let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                          let violations = object["violations"] as? [Any] else { continue }
                    reports.append((report.description, violations.count))
                }
            }
            return ModelLineage.Endpoint(name: record.name, url: record.url, health: registry.health(of: record).rawValue,
                                         deployedAt: record.deployedAt, captureFolder: capture?.description ?? "",
                                         captureFiles: files, reports: reports)
        }
    }
}
