import Synchronization

/// The iopub PUB socket, shared by the shell and control threads: every
/// publish is signed and sent under a lock.
final class IOPubChannel: Sendable {
    /// The socket, or nil once closed (later publishes are dropped).
    private let socket: Mutex<ZMQSocket?>
    private let wire: WireFormat
    private let session: String

    init(socket: ZMQSocket, wire: WireFormat, session: String) {
        self.socket = Mutex(socket)
        self.wire = wire
        self.session = session
    }

    /// Publishes a message of `type` with `content`, as a child of `parent`.
    func publish(_ type: String, content: JSONValue, parent: JSONValue) {
        let message = Message(identities: [Array(type.utf8)], header: Message.header(type: type, session: session),
                              parentHeader: parent, content: content)
        let frames = wire.encode(message)
        socket.withLock { socket in
            guard let socket else { return }
            do throws(ZMQError) {
                try socket.send(frames)
            } catch where error.isContextTerminated {
                return
            } catch {
                KernelLog.warning("could not publish \(type) on iopub: \(error)")
            }
        }
    }

    /// Publishes `status` with `execution_state` (`busy`, `idle`, `starting`).
    func publishStatus(_ state: String, parent: JSONValue) {
        publish("status", content: ["execution_state": .string(state)], parent: parent)
    }

    func close() {
        socket.withLock { socket in
            socket?.close()
            socket = nil
        }
    }
}
