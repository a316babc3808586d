import Foundation
import Synchronization

/// A Jupyter kernel: serves the messaging protocol over a transport's channels (ZeroMQ sockets, or
/// queues in memory), driving a ``KernelInterpreter``. It knows nothing of the language: its host
/// says who it is (``KernelIdentity``).
///
/// Threads: the caller's thread serves shell (and so runs executions); the
/// control and heartbeat channels each have their own thread, so interrupts,
/// shutdowns and heartbeats are answered while an execution runs.
public final class Kernel: Sendable {
    private let transport: any KernelTransport
    private let interpreter: KernelInterpreter
    private let wire: WireFormat
    private let session = UUID().uuidString.lowercased()
    let identity: KernelIdentity
    let log: KernelLog
    private let stopped = Atomic<Bool>(false)
    private let signatures = SignatureHistory()
    /// Set by an interrupt to end a wait for `input_reply`.
    private let inputCancelled = Atomic<Bool>(false)

    /// A kernel on `transport` whose messages are signed with `key` (HMAC-SHA256; empty: unsigned).
    public init(transport: any KernelTransport, key: String, interpreter: KernelInterpreter, identity: KernelIdentity) {
        self.transport = transport
        self.interpreter = interpreter
        self.identity = identity
        log = KernelLog(prefix: identity.logPrefix)
        wire = WireFormat(signer: MessageSigner(key: key))
    }

    /// A kernel on the ZeroMQ sockets of a connection file.
    public convenience init(connection: ConnectionInfo, interpreter: KernelInterpreter, identity: KernelIdentity) {
        self.init(transport: ZeroMQTransport(connection: connection), key: connection.key, interpreter: interpreter, identity: identity)
    }

    /// Serves until a `shutdown_request` arrives, then closes every channel and returns.
    public func run() throws(KernelStartupError) {
        if identity.interruptsOnSIGINT { InterruptSignals.install { [self] in interrupt() } }

        let channels = try transport.open()
        let iopub = IOPubChannel(channel: channels.iopub, wire: wire, session: session, userName: identity.userName, log: log)
        iopub.publishStatus("starting", parent: [:])

        let heartbeat = channels.heartbeat, log = log
        let heartbeatDone = startThread("heartbeat") { Self.echo(heartbeat, log: log) }
        let welcomeDone = startThread("iopub-welcome") { iopub.welcomeSubscribers() }
        let control = channels.control
        let controlDone = startThread("control") { [self] in
            ControlHandler(kernel: self, channel: control, iopub: iopub).serve()
        }
        var shellHandler = ShellHandler(kernel: self, channel: channels.shell, stdin: channels.stdin, iopub: iopub)
        shellHandler.serve()

        channels.shell.close()
        channels.stdin.close()
        iopub.close()
        _ = controlDone.wait(timeout: .now() + 5)
        _ = heartbeatDone.wait(timeout: .now() + 5)
        _ = welcomeDone.wait(timeout: .now() + 5)
        transport.terminate()
        stopped.store(true, ordering: .sequentiallyConsistent)
    }

    /// Whether ``run()`` has returned.
    var hasStopped: Bool { stopped.load(ordering: .sequentiallyConsistent) }

    /// Makes every channel's thread stop: the shell loop returns and ``run()`` with it.
    func shutDownChannels() {
        transport.shutdown()
    }

    // MARK: - Shared by the handlers

    var kernelInfoContent: JSONValue {
        let info = interpreter.kernelInfo
        var language: [String: JSONValue] = [
            "name": .string(info.languageName),
            "version": .string(info.languageVersion),
            "mimetype": .string(info.mimeType),
            "file_extension": .string(info.fileExtension),
        ]
        if let lexer = info.pygmentsLexer { language["pygments_lexer"] = .string(lexer) }
        if let mode = info.codemirrorMode { language["codemirror_mode"] = .string(mode) }
        return [
            "status": "ok",
            "protocol_version": .string(Message.protocolVersion),
            "implementation": .string(info.implementation),
            "implementation_version": .string(info.implementationVersion),
            "language_info": .object(language),
            "banner": .string(info.banner),
            "help_links": [],
            "debugger": false,
        ]
    }

    var kernelInterpreter: KernelInterpreter { interpreter }

    /// Sends `content` as a `type` reply to `request` on `channel`.
    func reply(to request: Message, type: String, content: JSONValue, on channel: any KernelChannel) {
        let reply = Message(identities: request.identities, header: Message.header(type: type, session: session, userName: identity.userName),
                            parentHeader: request.header, content: content)
        do throws(ChannelError) {
            try channel.send(wire.encode(reply))
        } catch .closed {
            return
        } catch {
            log.warning("could not send \(type): \(error)")
        }
    }

    /// Receives, verifies and hands each message on `channel` to `handle`, with
    /// busy/idle published around it, until `handle` returns false or the
    /// transport shuts down. Messages that fail verification are logged and dropped.
    /// Returns true when `handle` stopped it.
    @discardableResult
    func serve(_ channel: any KernelChannel, name: String, iopub: IOPubChannel, handle: (Message) -> Bool) -> Bool {
        while true {
            let frames: [[UInt8]]
            do throws(ChannelError) {
                frames = try channel.receive()
            } catch .closed {
                return false
            } catch {
                log.warning("receive failed on \(name): \(error)")
                continue
            }
            guard let message = accept(frames, on: name) else { continue }
            iopub.publishStatus("busy", parent: message.header)
            let keepServing = handle(message)
            iopub.publishStatus("idle", parent: message.header)
            if !keepServing { return true }
        }
    }

    /// Sends an `input_request` to the client of `request` on the stdin socket and waits for its
    /// `input_reply`; nil when the wait fails (the kernel is shutting down).
    /// An interrupt ends the wait (nil), as does the kernel shutting down.
    func requestInput(prompt: String, password: Bool, for request: Message, on stdin: any KernelChannel) -> String? {
        inputCancelled.store(false, ordering: .sequentiallyConsistent)
        reply(to: request, type: "input_request", content: ["prompt": .string(prompt), "password": .bool(password)], on: stdin)
        while !inputCancelled.load(ordering: .sequentiallyConsistent) {
            let frames: [[UInt8]]?
            do throws(ChannelError) {
                frames = try stdin.receiveIfReady()
            } catch {
                return nil
            }
            guard let frames else {
                Thread.sleep(forTimeInterval: 0.01)
                continue
            }
            guard let message = try? wire.decode(frames), message.messageType == "input_reply" else { continue }
            return message.content["value"]?.stringValue ?? ""
        }
        return nil
    }

    /// Interrupts the running execution: the interpreter's work, and a wait for input.
    func interrupt() {
        inputCancelled.store(true, ordering: .sequentiallyConsistent)
        interpreter.interrupt()
    }

    /// The messages already waiting on `channel`, decoded (those that fail verification are logged and dropped).
    func receiveQueued(_ channel: any KernelChannel, name: String) -> [Message] {
        var messages: [Message] = []
        while let frames = try? channel.receiveIfReady() {
            if let message = accept(frames, on: name) { messages.append(message) }
        }
        return messages
    }

    /// The message in `frames` when its signature verifies and was not seen before; else nil, logged.
    private func accept(_ frames: [[UInt8]], on name: String) -> Message? {
        do {
            let message = try wire.decode(frames)
            guard signatures.accept(WireFormat.signature(of: frames) ?? []) else {
                log.warning("dropped a replayed message on \(name): its signature was used before")
                return nil
            }
            return message
        } catch {
            log.warning("dropped a message on \(name): \(error)")
            return nil
        }
    }

    // MARK: - Private

    private static func echo(_ channel: any KernelChannel, log: KernelLog) {
        while true {
            do throws(ChannelError) {
                try channel.send(try channel.receive())
            } catch .closed {
                break
            } catch {
                log.warning("heartbeat: \(error)")
            }
        }
        channel.close()
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
