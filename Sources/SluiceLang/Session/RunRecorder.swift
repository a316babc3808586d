import Foundation
import SluiceStorage
import SluiceTracking

/// Where a session's statements come from: what its runs name as their experiment and place.
public enum SessionOrigin: Sendable, Equatable {
    /// A notebook, by its file name (`churn.ipynb`).
    case notebook(String)
    /// A script, by its path.
    case script(String)
    /// The terminal REPL (or statements piped into it).
    case repl

    /// The experiment its runs belong to: the notebook's or script's file name, or `repl`.
    var experiment: String {
        switch self {
        case .notebook(let name): (name as NSString).lastPathComponent
        case .script(let path): (path as NSString).lastPathComponent
        case .repl: "repl"
        }
    }

    var kind: String {
        switch self {
        case .notebook: "notebook"
        case .script: "script"
        case .repl: "repl"
        }
    }
}

/// Keeps what a session's runs record of their statement and data, and writes the runs to the store's
/// run log. Recording never fails a statement: a log that cannot be written is a warning. Used on the
/// session's thread only, like the session itself.
final class RunRecorder: @unchecked Sendable {
    var origin: SessionOrigin = .repl
    /// This session's file in the log.
    let session = RunLog.newSession()
    /// The statement running: its text and its place (`cell 3, line 2`).
    private(set) var statement = (text: "", place: "")
    /// Where each bound table was loaded from (a path or URI), by name, when it came from a `load`.
    private var sources: [String: String] = [:]
    /// The MLflow server that `SLUICE_TRACKING_URI` names, if any.
    private let mlflow = MLflowTracker.fromEnvironment()
    /// The MLflow run of each run this session logged.
    private var mlflowRuns: [String: String] = [:]

    /// The time the statement running has spent recording its runs (building and writing them), in seconds.
    private(set) var secondsRecording = 0.0

    /// Runs `work`, counting its time as the statement's recording.
    func timed<T>(_ work: () -> T) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { secondsRecording += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return work()
    }

    /// Notes the statement about to run: its text and where it is in `sourceName` (a cell, a script, an input).
    func starting(_ text: String, line: Int, sourceName: String) {
        secondsRecording = 0
        let place = switch origin {
        case .script: "line \(line)"
        case .notebook, .repl: "\(sourceName), line \(line)"
        }
        statement = (text, place)
    }

    /// A run of the statement running, started at `started`, with its origin filled in.
    func run(_ kind: RunKind, started: Date, parent: String? = nil) -> RunRecord {
        RunRecord(parent: parent, kind: kind, origin: RunOrigin(kind: origin.kind, experiment: origin.experiment, place: statement.place),
                  statement: statement.text, startedAt: started, seconds: Date().timeIntervalSince(started))
    }

    /// Writes `runs` to the log of the store at `root` (and, with `SLUICE_TRACKING_URI`, to MLflow first, with
    /// what `attachments` gives each run: it is asked only then). A failure is passed to `warn`; the statement goes on.
    func record(_ runs: [RunRecord], attachments: (RunRecord) -> RunAttachments = { _ in RunAttachments() }, storeRoot root: String,
                warn: (String) -> Void) {
        var runs = runs
        if let mlflow { logToMLflow(&runs, mlflow, attachments: attachments, warn: warn) }
        do throws(StorageError) {
            let log = try RunLog(root: root, session: session)
            for run in runs { try log.append(run) }
        } catch {
            warn("the run was not recorded: \(error.message)")
        }
    }

    /// Writes that `run`'s model was stored as `model` version `version` (and tags its MLflow run with it).
    func link(run: String?, model: String, version: Int, storeRoot root: String, warn: (String) -> Void) {
        guard let run else { return }
        let link = ModelVersionLink(run: run, model: model, version: version)
        do throws(StorageError) {
            try RunLog(root: root, session: session).append(link)
        } catch {
            warn("the link from the run to \(link) was not recorded: \(error.message)")
        }
        // The MLflow run's tag lists every version stored from the run, in this session or before.
        guard let mlflow, let recorded = (try? runs(storeRoot: root))?.first(where: { $0.id == run }),
              let mlflowRun = mlflowRuns[run] ?? recorded.mlflowRunID else { return }
        let versions = recorded.versions.isEmpty ? [link] : recorded.versions
        do {
            try mlflow.client.setTag(runID: mlflowRun, key: "sluice.model_versions", value: versions.map(\.description).joined(separator: ", "))
        } catch {
            warn("MLflow at \(mlflow.client.uri) was not told of \(link): \(error)")
        }
    }

    /// Logs runs to MLflow, parents before their children, noting each one's MLflow id in its record. The first
    /// failure ends it (a server that is down would fail each of them): the runs are kept in the store only.
    private func logToMLflow(_ runs: inout [RunRecord], _ mlflow: MLflowTracker, attachments: (RunRecord) -> RunAttachments,
                             warn: (String) -> Void) {
        let order = runs.indices.sorted { (runs[$0].kind == .trial ? 1 : 0, $0) < (runs[$1].kind == .trial ? 1 : 0, $1) }
        for index in order {
            do {
                let logged = try mlflow.log(runs[index], parent: runs[index].parent.flatMap { mlflowRuns[$0] },
                                            attachments: attachments(runs[index]))
                runs[index].mlflowRunID = logged.id
                mlflowRuns[runs[index].id] = logged.id
                logged.warnings.forEach(warn)
            } catch {
                warn("the run was not logged to MLflow (\(error)); it is kept in the store")
                return
            }
        }
    }

    /// Every run in the log of the store at `root`.
    func runs(storeRoot root: String) throws(StorageError) -> [RunRecord] {
        try RunLog(root: root, session: session).runs()
    }

    /// Remembers where the tables bound to `names` came from (`source`, nil when unknown).
    func bound(_ names: [String], source: String?) {
        for name in names { sources[name] = source }
    }

    /// Where the table bound to `name` came from, when known.
    func source(of name: String) -> String? { sources[name] }
}
