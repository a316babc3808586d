import CZeroMQ

/// The kernel's channels as the ZeroMQ sockets of a connection file: ROUTER sockets for shell, control
/// and stdin, XPUB (reporting every subscription) for iopub, REP for the heartbeat.
public final class ZeroMQTransport: KernelTransport {
    private let connection: ConnectionInfo
    private let context = ZMQContext()

    public init(connection: ConnectionInfo) {
        self.connection = connection
    }

    public func open() throws(KernelStartupError) -> KernelChannels {
        let iopub = try bind(ZMQ_XPUB, port: connection.iopubPort, name: "iopub")
        iopub.setOption(ZMQ_XPUB_VERBOSE, 1)  // every subscription, not only a topic's first
        return KernelChannels(shell: try bind(ZMQ_ROUTER, port: connection.shellPort, name: "shell"),
                              control: try bind(ZMQ_ROUTER, port: connection.controlPort, name: "control"),
                              stdin: try bind(ZMQ_ROUTER, port: connection.stdinPort, name: "stdin"),
                              iopub: iopub,
                              heartbeat: try bind(ZMQ_REP, port: connection.heartbeatPort, name: "heartbeat"))
    }

    public func shutdown() {
        context.shutdown()
    }

    public func terminate() {
        context.terminate()
    }

    private func bind(_ type: Int32, port: Int, name: String) throws(KernelStartupError) -> ZMQSocket {
        let endpoint = connection.endpoint(port: port)
        do {
            let socket = try ZMQSocket(context: context, type: type)
            try socket.bind(endpoint)
            return socket
        } catch {
            throw .socket("cannot bind the \(name) socket to \(endpoint): \(error)")
        }
    }
}
