import CZeroMQ
import Foundation

/// A Jupyter kernel: binds the five sockets of a connection file and serves
/// the messaging protocol, driving a ``KernelInterpreter``.
///
/// Threads: the caller's thread serves shell (and so runs executions); the
/// control and heartbeat sockets each have their own thread, so interrupts,
/// shutdowns and heartbeats are answered while an execution runs.
public final class Kernel: Sendable {
    private let connection: ConnectionInfo
    private let interpreter: KernelInterpreter
    private let wire: WireFormat
    private let session = UUID().uuidString.lowercased()
    /// Where the execution history is kept between kernel starts (nil: only in memory).
    let historyPath: String?

    public init(connection: ConnectionInfo, interpreter: KernelInterpreter, historyPath: String? = nil) {
        self.connection = connection
        self.interpreter = interpreter
        self.historyPath = historyPath
        self.wire = WireFormat(signer: MessageSigner(key: connection.key))
    }

    /// Serves until a `shutdown_request` arrives, then closes every socket and returns.
    public func run() throws(KernelStartupError) {
        let interpreter = self.interpreter
        InterruptSignals.install { interpreter.interrupt() }

        let context = ZMQContext()
        let shell = try bind(ZMQ_ROUTER, port: connection.shellPort, name: "shell", context: context)
        let control = try bind(ZMQ_ROUTER, port: connection.controlPort, name: "control", context: context)
        let stdin = try bind(ZMQ_ROUTER, port: connection.stdinPort, name: "stdin", context: context)
        let iopubSocket = try bind(ZMQ_XPUB, port: connection.iopubPort, name: "iopub", context: context)
        iopubSocket.setOption(ZMQ_XPUB_VERBOSE, 1)  // every subscription, not only a topic's first
        let heartbeat = try bind(ZMQ_REP, port: connection.heartbeatPort, name: "heartbeat", context: context)
        let iopub = IOPubChannel(socket: iopubSocket, wire: wire, session: session)
        iopub.publishStatus("starting", parent: [:])

        let heartbeatDone = startThread("heartbeat") { Self.echo(heartbeat) }
        let welcomeDone = startThread("iopub-welcome") { iopub.welcomeSubscribers() }
        let controlDone = startThread("control") { [self] in
            ControlHandler(kernel: self, socket: control, iopub: iopub, context: context).serve()
        }
        var shellHandler = ShellHandler(kernel: self, socket: shell, stdin: stdin, iopub: iopub)
        shellHandler.serve()

        shell.close()
        stdin.close()
        iopub.close()
        _ = controlDone.wait(timeout: .now() + 5)
        _ = heartbeatDone.wait(timeout: .now() + 5)
        _ = welcomeDone.wait(timeout: .now() + 5)
        context.terminate()
    }

    // MARK: - Shared by the handlers

    var kernelInfoContent: JSONValue {
        let info = interpreter.kernelInfo
        return [
            "status": "ok",
            "protocol_version": .string(Message.protocolVersion),
            "implementation": .string(info.implementation),
            "implementation_version": .string(info.implementationVersion),
            "language_info": [
                "name": .string(info.languageName),
                "version": .string(info.languageVersion),
                "mimetype": .string(info.mimeType),
                "file_extension": .string(info.fileExtension),
            ],
            "banner": .string(info.banner),
            "help_links": [],
            "debugger": false,
        ]
    }

    var kernelInterpreter: KernelInterpreter { interpreter }

    /// Sends `content` as a `type` reply to `request` on `socket`.
    func reply(to request: Message, type: String, content: JSONValue, on socket: ZMQSocket) {
        let reply = Message(identities: request.identities, header: Message.header(type: type, session: session),
                            parentHeader: request.header, content: content)
        do {
            try socket.send(wire.encode(reply))
        } catch where error.isContextTerminated {
            return
        } catch {
            KernelLog.warning("could not send \(type): \(error)")
        }
    }

    /// Receives, verifies and hands each message on `socket` to `handle`, with
    /// busy/idle published around it, until `handle` returns false or the
    /// context shuts down. Messages that fail verification are logged and dropped.
    /// Returns true when `handle` stopped it.
    @discardableResult
    func serve(_ socket: ZMQSocket, channel: String, iopub: IOPubChannel, handle: (Message) -> Bool) -> Bool {
        while true {
            let frames: [[UInt8]]
            do {
                frames = try socket.receive()
            } catch where error.isContextTerminated {
                return false
            } catch {
                KernelLog.warning("receive failed on \(channel): \(error)")
                continue
            }
            let message: Message
            do {
                message = try wire.decode(frames)
            } catch {
                KernelLog.warning("dropped a message on \(channel): \(error)")
                continue
            }
            iopub.publishStatus("busy", parent: message.header)
            let keepServing = handle(message)
            iopub.publishStatus("idle", parent: message.header)
            if !keepServing { return true }
        }
    }

    /// Sends an `input_request` to the client of `request` on the stdin socket and waits for its
    /// `input_reply`; nil when the wait fails (the kernel is shutting down).
    func requestInput(prompt: String, password: Bool, for request: Message, on stdin: ZMQSocket) -> String? {
        reply(to: request, type: "input_request", content: ["prompt": .string(prompt), "password": .bool(password)], on: stdin)
        while true {
            guard let frames = try? stdin.receive() else { return nil }
            guard let message = try? wire.decode(frames), message.messageType == "input_reply" else { continue }
            return message.content["value"]?.stringValue ?? ""
        }
    }

    /// The messages already waiting on `socket`, decoded (those that fail verification are logged and dropped).
    func receiveQueued(_ socket: ZMQSocket, channel: String) -> [Message] {
        var messages: [Message] = []
        while let frames = try? socket.receiveIfReady() {
            do {
                messages.append(try wire.decode(frames))
            } catch {
                KernelLog.warning("dropped a message on \(channel): \(error)")
            }
        }
        return messages
    }

    // MARK: - Private

    private func bind(_ type: Int32, port: Int, name: String, context: ZMQContext) throws(KernelStartupError) -> ZMQSocket {
        let endpoint = connection.endpoint(port: port)
        do {
            let socket = try ZMQSocket(context: context, type: type)
            try socket.bind(endpoint)
            return socket
        } catch {
            throw .socket("cannot bind the \(name) socket to \(endpoint): \(error)")
        }
    }

    private static func echo(_ socket: ZMQSocket) {
        while true {
            do {
                try socket.send(try socket.receive())
            } catch where error.isContextTerminated {
                break
            } catch {
                KernelLog.warning("heartbeat: \(error)")
            }
        }
        socket.close()
    }

    private func startThread(_ name: String, _ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.name = name
        thread.start()
        return done
    }
}
