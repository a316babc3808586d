import ArgumentParser
import Foundation
import SluiceCluster

/// `sluice train-job SPEC`: one rank of a training job that a session launched under mpirun.
struct TrainJob: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-job", abstract: "Run one rank of a distributed training job (started by `train … { instances = n }`).",
        shouldDisplay: false)

    @Argument(help: "The job's description, as the launching session wrote it.")
    var spec: String

    func run() throws {
        let world: MPICollective
        do {
            world = try MPICollective.world()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        do {
            let job = try JSONDecoder().decode(TrainingJob.self, from: Data(contentsOf: URL(fileURLWithPath: spec)))
            try job.run(collective: world)
        } catch {
            // One rank's error ends every rank: the others would wait for it at the next exchange.
            FileHandle.standardError.write(Data("error: rank \(world.rank) on \(ProcessInfo.processInfo.hostName): \(error)\n".utf8))
            world.abortJob(code: 1)
        }
        MPICollective.finish()
    }
}
