/// Why a deployment statement could not do what was asked.
public enum DeploymentError: Error, Equatable, CustomStringConvertible {
    case invalidName(String)
    case noSuchEndpoint(String, running: [String])
    case cannotStart(String)
    case notReady(String)
    case endpoint(String)
    case store(String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "\"\(name)\" is not an endpoint name: use letters, digits, `_`, `-` and `.`"
        case .noSuchEndpoint(let name, let running):
            "no endpoint \"\(name)\"" + (running.isEmpty ? " (none is deployed)" : " (deployed: \(running.map { "\"\($0)\"" }.joined(separator: ", ")))")
        case .cannotStart(let reason), .notReady(let reason), .endpoint(let reason), .store(let reason):
            reason
        }
    }
}
