import Foundation
import SluiceML

/// A job over ranks, as a session sends it: ``JobLauncher`` writes it to mpirun's standard input, which
/// reaches rank 0, and rank 0 sends it to the others (`sluice rank`), so no file needs to be shared
/// between hosts but the data. Rank 0 says its progress and the job's result on its standard output
/// (``JobOutput``), which mpirun passes on to the session.
public enum ClusterJob: Codable, Sendable {
    case training(TrainingJob)
    case transform(TransformJob)

    /// The job, as rank 0 reads it from its standard input and every other rank receives it from rank 0.
    public static func received(over collective: any Collective) throws -> ClusterJob {
        var bytes = collective.rank == 0 ? Array(FileHandle.standardInput.readDataToEndOfFile()) : []
        collective.broadcast(&bytes, from: 0)
        return try JSONDecoder().decode(ClusterJob.self, from: Data(bytes))
    }

    /// Runs this rank's part; rank 0 sends the progress and the result (none when a rank failed: that
    /// rank's error ends the job).
    public func run(collective: any Collective) throws {
        let output = JobOutput(speaks: collective.rank == 0)
        let result: JobResult?
        switch self {
        case .training(let job):
            result = .model(try ModelStore.encodeBundle(ModelBundle(model: try job.run(collective: collective, output: output))))
        case .transform(let job):
            result = try job.run(collective: collective, output: output)
        }
        if let result { try output.send(result) }
    }
}

/// What a job gives back to the session.
public enum JobResult: Codable, Sendable, Equatable {
    /// A training job's model bundle, as ``ModelStore/encodeBundle(_:)`` writes it.
    case model(Data)
    /// A transform job's rows written and input bytes read, over every rank.
    case transformed(rows: Int, bytesRead: Int)
}

/// Rank 0's lines to the session on its standard output; other ranks' are dropped.
public struct JobOutput: Sendable {
    let speaks: Bool

    /// The line prefix of progress: `PREFIX DONE TOTAL MESSAGE`.
    static let progressPrefix = "sluice-job-progress"
    /// The line prefix of the result: `PREFIX BASE64-OF-ITS-JSON`.
    static let resultPrefix = "sluice-job-result"

    func progress(_ done: Int, _ total: Int, _ message: String) {
        guard speaks else { return }
        FileHandle.standardOutput.write(Data("\(Self.progressPrefix) \(done) \(total) \(message)\n".utf8))
    }

    func send(_ result: JobResult) throws {
        guard speaks else { return }
        let line = "\(Self.resultPrefix) \(try JSONEncoder().encode(result).base64EncodedString())\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
}
