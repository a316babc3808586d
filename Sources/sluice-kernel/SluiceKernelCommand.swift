import ArgumentParser
import Foundation
import SluiceJupyter
import SluiceLang

/// `sluice-kernel`: the Sluice language as a Jupyter kernel.
@main
struct SluiceKernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-kernel",
        abstract: "The Sluice language as a Jupyter kernel.",
        version: sluiceVersion,
        subcommands: [Serve.self, Install.self],
        defaultSubcommand: Serve.self
    )
}

/// Serves a connection file (what Jupyter runs: `sluice-kernel -f FILE`).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Jupyter connection file that a client wrote (the default)."
    )

    @Option(name: [.customShort("f"), .long], help: "The connection file written by the Jupyter client.")
    var connectionFile: String

    func run() throws {
        do {
            try SluiceKernel.serve(connectionFile: connectionFile, workingDirectory: FileManager.default.currentDirectoryPath)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// Installs the kernelspec so that Jupyter can find and start this binary.
struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install the Sluice kernelspec (system-wide by default).",
        discussion: """
            Writes kernel.json and the logos to share/jupyter/kernels/sluice under the chosen \
            prefix; kernel.json runs this binary by its absolute path.
            """
    )

    @Flag(help: "Install for the current user (in Jupyter's user data directory).")
    var user = false

    @Option(help: "Install under this prefix, as for a virtual environment: PREFIX/share/jupyter/kernels/sluice.")
    var prefix: String?

    func validate() throws {
        if user, prefix != nil { throw ValidationError("--user and --prefix cannot be used together") }
    }

    func run() throws {
        let location: KernelspecInstaller.Location = user ? .user : prefix.map { .prefix($0) } ?? .system
        let executable = KernelspecInstaller.currentExecutable()
        let directory = try KernelspecInstaller.install(at: location, executable: executable)
        print("Installed the Sluice kernelspec in \(directory)")
        // Highlighting in nbconvert and jupyter console is Pygments', in the Python that runs Jupyter.
        let package = KernelspecInstaller.lexerPackage(besides: executable) ?? "python/sluice-pygments (in Sluice's source)"
        print("For Sluice highlighting in nbconvert, jupyter console and Sphinx: pip install \(package)")
    }
}
