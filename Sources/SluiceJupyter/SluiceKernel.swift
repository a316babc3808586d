import Foundation
import JupyterKernel

/// The Sluice kernel: the Sluice interpreter on the Jupyter transport, under Sluice's name.
public enum SluiceKernel {
    /// Who the kernel is: messages from `sluice`, history in `$SLUICE_KERNEL_HISTORY`, else
    /// `~/.local/share/sluice/kernel-history.jsonl`, log lines under `[sluice-kernel]`.
    public static var identity: KernelIdentity {
        KernelIdentity(userName: "sluice",
                       historyPath: ProcessInfo.processInfo.environment["SLUICE_KERNEL_HISTORY"]
                           ?? NSHomeDirectory() + "/.local/share/sluice/kernel-history.jsonl",
                       logPrefix: "[sluice-kernel]")
    }

    /// Serves the connection file that a Jupyter client wrote until the client shuts the kernel down.
    public static func serve(connectionFile: String, workingDirectory: String) throws(KernelStartupError) {
        let connection = try ConnectionInfo.load(path: connectionFile)
        let interpreter = SluiceKernelInterpreter(workingDirectory: workingDirectory)
        try Kernel(connection: connection, interpreter: interpreter, identity: identity).run()
    }
}
