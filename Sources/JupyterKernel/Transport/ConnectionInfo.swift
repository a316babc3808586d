import Foundation

/// The connection file a Jupyter client writes for a kernel: where to bind
/// the five sockets and how to sign messages.
public struct ConnectionInfo: Sendable, Equatable, Decodable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var heartbeatPort: Int
    /// The signing key; empty means messages are not signed.
    public var key: String
    public var signatureScheme: String

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port", iopubPort = "iopub_port", stdinPort = "stdin_port"
        case controlPort = "control_port", heartbeatPort = "hb_port", signatureScheme = "signature_scheme"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        transport = try container.decodeIfPresent(String.self, forKey: .transport) ?? "tcp"
        ip = try container.decodeIfPresent(String.self, forKey: .ip) ?? "127.0.0.1"
        shellPort = try container.decode(Int.self, forKey: .shellPort)
        iopubPort = try container.decode(Int.self, forKey: .iopubPort)
        stdinPort = try container.decode(Int.self, forKey: .stdinPort)
        controlPort = try container.decode(Int.self, forKey: .controlPort)
        heartbeatPort = try container.decode(Int.self, forKey: .heartbeatPort)
        key = try container.decodeIfPresent(String.self, forKey: .key) ?? ""
        signatureScheme = try container.decodeIfPresent(String.self, forKey: .signatureScheme) ?? "hmac-sha256"
    }

    /// Reads and checks a connection file.
    public static func load(path: String) throws(KernelStartupError) -> ConnectionInfo {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .connectionFile("cannot read the connection file \(path)")
        }
        let info: ConnectionInfo
        do {
            info = try JSONDecoder().decode(ConnectionInfo.self, from: data)
        } catch {
            throw .connectionFile("the connection file \(path) is not valid: \(error)")
        }
        guard info.signatureScheme == "hmac-sha256" else {
            throw .connectionFile("unsupported signature_scheme \"\(info.signatureScheme)\" (only hmac-sha256 is supported)")
        }
        guard info.transport == "tcp" || info.transport == "ipc" else {
            throw .connectionFile("unsupported transport \"\(info.transport)\" (tcp or ipc)")
        }
        return info
    }

    /// The ZeroMQ endpoint for `port`: `tcp://127.0.0.1:5555` or, for ipc, `ipc://ip-5555`.
    public func endpoint(port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}

/// Why the kernel could not start.
public enum KernelStartupError: Error, CustomStringConvertible {
    case connectionFile(String)
    case socket(String)

    public var description: String {
        switch self {
        case .connectionFile(let message), .socket(let message): message
        }
    }
}
