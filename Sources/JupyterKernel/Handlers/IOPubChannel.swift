import Foundation
import Synchronization

/// The iopub channel, shared by the shell and control threads: every
/// publish is signed and sent under a lock. Each subscription that arrives
/// is answered with `iopub_welcome` (JEP 65), so a client knows when its
/// subscription is in place and no output is lost before it.
final class IOPubChannel: Sendable {
    /// The channel, or nil once closed (later publishes are dropped).
    private let socket: Mutex<(any KernelChannel)?>
    private let wire: WireFormat
    private let session: String
    private let userName: String
    private let log: KernelLog

    init(channel: any KernelChannel, wire: WireFormat, session: String, userName: String, log: KernelLog) {
        socket = Mutex(channel)
        self.wire = wire
        self.session = session
        self.userName = userName
        self.log = log
    }

    /// Publishes a message of `type` with `content`, as a child of `parent`. Subscriptions that have
    /// arrived are welcomed first, so a new subscriber's first message is always its `iopub_welcome`.
    func publish(_ type: String, content: JSONValue, parent: JSONValue) {
        let frames = encode(type, content: content, parent: parent)
        socket.withLock { socket in
            guard let socket else { return }
            welcomeArrivals(on: socket)
            send(frames, type: type, on: socket)
        }
    }

    /// Publishes `status` with `execution_state` (`busy`, `idle`, `starting`).
    func publishStatus(_ state: String, parent: JSONValue) {
        publish("status", content: ["execution_state": .string(state)], parent: parent)
    }

    /// Welcomes subscriptions while nothing else is published, until the channel closes; polls every `interval` seconds.
    func welcomeSubscribers(interval: Double = 0.01) {
        while true {
            let open = socket.withLock { socket -> Bool in
                guard let socket else { return false }
                welcomeArrivals(on: socket)
                return true
            }
            guard open else { return }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// Reads the subscriptions waiting on the socket (one frame: 1, then the topic; 0 is an
    /// unsubscription) and answers each with `iopub_welcome`. Called with the lock held.
    private func welcomeArrivals(on socket: any KernelChannel) {
        while let frames = try? socket.receiveIfReady() {
            guard let frame = frames.first, frame.first == 1 else { continue }
            let topic = String(decoding: frame.dropFirst(), as: UTF8.self)
            send(encode("iopub_welcome", content: ["subscription": .string(topic)], parent: [:]), type: "iopub_welcome", on: socket)
        }
    }

    private func encode(_ type: String, content: JSONValue, parent: JSONValue) -> [[UInt8]] {
        wire.encode(Message(identities: [Array(type.utf8)], header: Message.header(type: type, session: session, userName: userName),
                            parentHeader: parent, content: content))
    }

    /// Sends with the lock held.
    private func send(_ frames: [[UInt8]], type: String, on socket: any KernelChannel) {
        do throws(ChannelError) {
            try socket.send(frames)
        } catch .closed {
            return
        } catch {
            log.warning("could not publish \(type) on iopub: \(error)")
        }
    }

    func close() {
        socket.withLock { socket in
            socket?.close()
            socket = nil
        }
    }
}
