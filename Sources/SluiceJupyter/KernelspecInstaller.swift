import Foundation

/// Writes the Sluice kernelspec (kernel.json and logos) where Jupyter looks for kernels.
public enum KernelspecInstaller {
    /// Where to install.
    public enum Location: Equatable {
        /// `/usr/local/share/jupyter/kernels`
        case system
        /// Jupyter's user data directory: `$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter`, else `~/.local/share/jupyter`.
        case user
        /// `PREFIX/share/jupyter/kernels`, as in a virtual environment.
        case prefix(String)

        var dataDirectory: String {
            let environment = ProcessInfo.processInfo.environment
            switch self {
            case .system:
                return "/usr/local/share/jupyter"
            case .user:
                if let directory = environment["JUPYTER_DATA_DIR"], !directory.isEmpty { return directory }
                if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/jupyter" }
                return NSHomeDirectory() + "/.local/share/jupyter"
            case .prefix(let prefix):
                return URL(fileURLWithPath: prefix).standardizedFileURL.path + "/share/jupyter"
            }
        }
    }

    /// The kernel's name, as clients ask for it (`--kernel sluice`).
    static let kernelName = "sluice"

    /// The kernel.json contents for a kernel started as `executable`.
    static func kernelJSON(executable: String) -> [String: Any] {
        [
            "argv": [executable, "-f", "{connection_file}"],
            "display_name": "Sluice",
            "language": "sluice",
            "interrupt_mode": "message",
            "metadata": ["debugger": false],
        ]
    }

    /// The absolute path of the running binary.
    public static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    /// The Pygments lexer's package in the source tree this binary was built in (a folder above it, under
    /// `.build/`, holds `python/sluice-pygments`), when it is there.
    public static func lexerPackage(besides executable: String) -> String? {
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        for _ in 0..<5 {
            folder = folder.deletingLastPathComponent()
            let package = folder.appendingPathComponent("python/sluice-pygments").standardizedFileURL.path
            if FileManager.default.fileExists(atPath: package + "/pyproject.toml") { return package }
        }
        return nil
    }

    /// Installs the kernelspec and returns its directory. Files are written
    /// to a temporary name and renamed, so an existing kernelspec is never
    /// left half-written.
    public static func install(at location: Location, executable: String) throws -> String {
        let directory = location.dataDirectory + "/kernels/" + kernelName
        let files = FileManager.default
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let json = try JSONSerialization.data(withJSONObject: kernelJSON(executable: executable),
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try (json + Data("\n".utf8)).write(to: URL(fileURLWithPath: directory + "/kernel.json"), options: .atomic)
        for (name, base64) in [("logo-32x32.png", KernelspecLogos.png32), ("logo-64x64.png", KernelspecLogos.png64)] {
            try Data(base64Encoded: base64)!.write(to: URL(fileURLWithPath: directory + "/" + name), options: .atomic)
        }
        return directory
    }
}
