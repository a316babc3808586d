import ArgumentParser
import Foundation
import SluiceCluster

/// `sluice rank`: one rank of a job (training or batch transform) that a session launched under mpirun
/// (rank 0 reads the job on its standard input).
struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank", abstract: "Run one rank of a job over Open MPI (started by `train`/`transform` with `instances = n`).",
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
            try ClusterJob.received(over: world).run(collective: world)
        } catch {
            // One rank's error ends every rank: the others would wait for it at the next exchange.
            FileHandle.standardError.write(Data("error: rank \(world.rank) on \(ProcessInfo.processInfo.hostName): \(error)\n".utf8))
            world.abortJob(code: 1)
        }
        MPICollective.finish()
    }
}
