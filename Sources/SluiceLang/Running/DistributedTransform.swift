import Foundation
import SluiceCluster
import SluiceML
import SluiceStorage

/// `transform "in" with MODEL to "out" … { instances = n }`: a batch transform as a job of n ranks under
/// Open MPI, each scoring the records that start in its share of the input, the output written once,
/// in input order, when every rank has succeeded.
struct DistributedTransform {
    let evaluator: Evaluator

    /// The rows written, once the output is in place. When the job fails, what the ranks left beside the
    /// output (parts, or a local part's temporary file) is removed.
    func run(input: StorageLocation, output: StorageLocation, model: TrainedModel, joinInput: Bool, batchRows: Int, instances: Int,
             spans: (input: SourceSpan, model: SourceSpan, output: SourceSpan),
             progress: @escaping (ProgressReport, Bool) -> Void) throws(Diagnostic) -> Int {
        // What every rank would fail on is found here, before any starts.
        guard !Storage.isCompressed(input) else {
            throw Diagnostic(.runtime, "\(input) is gzip, which cannot be cut into shares for several ranks", span: spans.input,
                             label: "compressed", help: "transform it with one instance, or uncompressed")
        }
        let present: Bool
        do {
            present = try Storage.exists(input)
        } catch {
            throw Diagnostic(.runtime, "cannot read \(input): \(error.message)", span: spans.input, label: "while looking", help: error.help)
        }
        guard present else { throw Diagnostic(.runtime, "no file at \(input)", span: spans.input, label: "nothing to transform") }
        let bundle: Data
        do {
            bundle = try ModelStore.encodeBundle(ModelBundle(model: model))
        } catch {
            throw Diagnostic(.runtime, "the model cannot be sent to the ranks: \(error)", span: spans.model, label: "this model")
        }
        let job = TransformJob(input: input.description, output: output.description, model: bundle, joinInput: joinInput,
                               batchRows: batchRows)
        let result: JobResult
        do {
            result = try ClusterJobs(evaluator: evaluator).run(.transform(job), instances: instances, what: "the transform job",
                                                               span: spans.output, progress: progress)
        } catch {
            removeLeftovers(of: job, instances: instances, output: output)
            throw error
        }
        guard case .transformed(let rows, _) = result else {
            throw Diagnostic(.runtime, "the transform job sent no summary", span: spans.output, label: "while transforming")
        }
        return rows
    }

    /// Removes the parts of a failed job, and (for a local output) what the ranks' writers were writing
    /// when they were stopped, waiting up to 5 s for stopped ranks here to end.
    private func removeLeftovers(of job: TransformJob, instances: Int, output: StorageLocation) {
        for rank in 0..<instances { if let part = try? job.part(rank) { try? Storage.remove(part) } }
        guard case .local(let path) = output else { return }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        for _ in 0..<50 {
            TemporaryFile.removeAbandoned(in: folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            if !names.contains(where: { $0.contains(job.id) }) { return }
            usleep(100_000)
        }
    }
}
