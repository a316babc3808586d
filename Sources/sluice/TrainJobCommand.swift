import ArgumentParser
import Foundation
import SluiceCluster

/// `sluice train-job`: one rank of a training job that a session launched under mpirun (rank 0 reads the
/// job on its standard input).
struct TrainJob: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-job", abstract: "Run one rank of a distributed training job (started by `train … { instances = n }`).",
        shouldDisplay: false)

    func run() throws {
        let world: MPICollective
        do {
            world = try MPICollective.world()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        do {
            let job = try TrainingJob.received(over: world)
            try job.run(collective: world)
        } catch {
            // One rank's error ends every rank: the others would wait for it at the next exchange.
            FileHandle.standardError.write(Data("error: rank \(world.rank) on \(ProcessInfo.processInfo.hostName): \(error)\n".utf8))
            world.abortJob(code: 1)
        }
        MPICollective.finish()
    }
}
