import Foundation
import Synchronization

/// The iopub XPUB socket, shared by the shell and control threads: every
/// publish is signed and sent under a lock. Each subscription that arrives
/// is answered with `iopub_welcome` (JEP 65), so a client knows when its
/// subscription is in place and no output is lost before it.
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

    /// Answers subscriptions with `iopub_welcome` until the channel closes; polls every `interval` seconds.
    func welcomeSubscribers(interval: Double = 0.01) {
        while true {
            var subscriptions: [[UInt8]] = []
            let open = socket.withLock { socket -> Bool in
                guard let socket else { return false }
                // A subscription arrives as one frame: 1, then the topic (0 is an unsubscription).
                while let frames = try? socket.receiveIfReady() {
                    if let frame = frames.first, frame.first == 1 { subscriptions.append(Array(frame.dropFirst())) }
                }
                return true
            }
            guard open else { return }
            for topic in subscriptions {
                publish("iopub_welcome", content: ["subscription": .string(String(decoding: topic, as: UTF8.self))], parent: [:])
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    func close() {
        socket.withLock { socket in
            socket?.close()
            socket = nil
        }
    }
}
