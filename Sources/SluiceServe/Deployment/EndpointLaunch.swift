import Foundation

/// The command line of a `sluice serve` process: the one definition that the registry starts endpoints
/// with and that `sluice serve` declares its options by, so the two cannot drift apart.
public enum EndpointLaunch {
    /// The subcommand that serves.
    public static let subcommand = "serve"

    /// The options' long names.
    public enum Option: String, Sendable {
        case version, store, host, port, token, name
        case capturePercent = "capture-percent"
        case readyFile = "ready-file"
        case headerTimeout = "header-timeout"
        case bodyTimeout = "body-timeout"
        case maxConnections = "max-connections"
        case answers
    }

    /// The arguments that serve the stored model `model` (its version `version`, else its latest) as the
    /// endpoint `name` on loopback.
    static func arguments(model: String, version: Int?, store: String, name: String, port: Int, capturePercent: Double,
                          answers: AnswerStyle = .sluice, readyFile: String) -> [String] {
        func option(_ option: Option, _ value: String) -> [String] { ["--" + option.rawValue, value] }
        return [subcommand, model] + option(.store, store) + option(.name, name) + option(.host, "127.0.0.1")
            + option(.port, String(port)) + option(.capturePercent, String(capturePercent)) + option(.readyFile, readyFile)
            + (version.map { option(.version, String($0)) } ?? []) + (answers == .sluice ? [] : option(.answers, answers.rawValue))
    }

    /// The path of the `sluice` executable: `$SLUICE_EXECUTABLE`, else the one beside this process's
    /// own executable (the kernel and the REPL are built and installed together).
    public static func executable() -> String {
        if let path = ProcessInfo.processInfo.environment["SLUICE_EXECUTABLE"], !path.isEmpty { return path }
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("sluice").path
    }
}
