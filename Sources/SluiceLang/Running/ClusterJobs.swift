import SluiceCluster
import SluiceServe

/// Jobs of several ranks started from the session (`train … { instances = n }`, `transform … { instances
/// = n }`): how many ranks a statement asks for, and the launch, with rank 0's progress shown as it comes
/// and the session's interrupt stopping every rank.
struct ClusterJobs {
    let evaluator: Evaluator

    /// The setting that asks for a job of several ranks.
    static let instancesSetting = "instances"

    /// The `instances` setting's value: 1 when absent.
    func instances(_ settings: [Setting]) throws(Diagnostic) -> Int {
        guard let setting = settings.first(where: { $0.name.text == Self.instancesSetting }) else { return 1 }
        let count = try evaluator.wholeNumber(setting.value, "`instances` needs a whole number of ranks")
        guard (1...4096).contains(count) else {
            throw Diagnostic(.type, "`instances` must be between 1 and 4,096", span: setting.value.span, label: "not a number of ranks")
        }
        if count > 1, MPICollective.isLaunchedAsRank {
            throw Diagnostic(.runtime, "a job of several ranks cannot start another one", span: setting.name.span.merged(with: setting.value.span),
                             label: "this script already runs under mpirun",
                             help: "drop `instances`: under `mpirun -np N sluice run`, every `train` is data-parallel over the N ranks")
        }
        return count
    }

    /// Runs `job` on `instances` ranks; `what` names it in errors ("the training job").
    func run(_ job: ClusterJob, instances: Int, what: String, span: SourceSpan,
             progress: @escaping (ProgressReport, Bool) -> Void) throws(Diagnostic) -> JobResult {
        let flag = evaluator.interruptFlag
        var display = TrainingProgress(quiet: false)
        do {
            return try JobLauncher(instances: instances, executable: EndpointLaunch.executable()).run(job, progress: { done, total, message in
                guard display.shouldReport(finished: done == total) else { return }
                progress(ProgressReport(done: done, total: total, message: message), done == total)
            }, shouldStop: { flag.isRequested })
        } catch ClusterError.jobFailed(let reason) where flag.isRequested {
            throw Diagnostic(.interrupted, "interrupted; \(reason)", span: span, label: "stopped here")
        } catch {
            throw Diagnostic(.runtime, "\(what) of \(instances) ranks failed: \(error)", span: span, label: "while running")
        }
    }
}
