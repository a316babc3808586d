import ArgumentParser
import Foundation
import SluiceCluster
import SluiceLang
import SluiceREPL

/// `sluice`: the Sluice REPL and script runner.
@main
struct SluiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Sluice: machine-learning pipelines in a small language.",
        version: sluiceVersion,
        subcommands: [Repl.self, Run.self, Serve.self, Monitor.self, Rank.self],
        defaultSubcommand: Repl.self
    )
}

/// The interactive prompt (the default); reads a script from standard input when it is not a terminal.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the interactive prompt (the default).",
        discussion: "History is kept in $SLUICE_HISTORY, or ~/.sluice_history."
    )

    func run() throws {
        let succeeded = ReadEvalPrintLoop(session: Session()).run()
        if !succeeded { throw ExitCode.failure }
    }
}

/// Runs a script file; exits non-zero when it fails.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a .sluice script.")

    @Argument(help: "The script to run; - reads it from standard input.")
    var file: String

    @Flag(help: "Print each statement's wall time to standard error.")
    var timings = false

    @Flag(help: "Print how far each statement's peak memory rose above its start to standard error (Linux). Memory that malloc holds free is given back before each statement, which costs the next one page faults: time with --timings alone.")
    var memory = false

    func run() throws {
        // Read as a stream, so that a pipe (`-`, /dev/stdin, a process substitution) works as a file does.
        let handle = file == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: file)
        guard let handle, let data = try? handle.readToEnd() else {
            throw ValidationError("cannot read \(file): " + (FileManager.default.fileExists(atPath: file) ? "permission denied" : "no such file"))
        }
        let sourceName = file == "-" ? "<stdin>" : file
        let session = Session()
        session.origin = .script(sourceName)
        // Started by mpirun as one of several ranks: train with the others; rank 0 speaks for the job.
        var world: MPICollective?
        if MPICollective.isLaunchedAsRank {
            do {
                world = try MPICollective.world()
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(2)
            }
            session.collective = world!
        }
        let succeeded = ScriptRunner.run(String(decoding: data, as: UTF8.self), sourceName: sourceName, timings: timings,
                                         memory: memory, session: session, quiet: (world?.rank ?? 0) != 0)
        if let world {
            // A rank that failed ends the whole job: the others would wait for it at the next exchange.
            if !succeeded { world.abortJob(code: 1) }
            MPICollective.finish()
        }
        guard succeeded else { throw ExitCode.failure }
    }
}
