import Foundation
import Synchronization
import Testing
@testable import JupyterKernel

/// A language that prints its code back, shows `2` as the result of `1 + 1`, fails on `fail`, and on
/// `wait` blocks until interrupted (at most 10 s).
private final class EchoInterpreter: KernelInterpreter, @unchecked Sendable {
    let interrupted = Atomic<Bool>(false)
    let waiting = Atomic<Bool>(false)

    let kernelInfo = KernelInfo(implementation: "echo", implementationVersion: "1", languageName: "echo", languageVersion: "1",
                                mimeType: "text/plain", fileExtension: ".echo", banner: "echo")

    func execute(code: String, executionCount: Int, output: ExecutionOutput) -> ExecuteOutcome {
        switch code {
        case "fail":
            return .failure(name: "EchoError", value: "asked to fail", traceback: ["line 1", "asked to fail"])
        case "ask":
            guard let answer = output.requestInput(prompt: "name? ", password: false) else {
                return .failure(name: "Interrupted", value: "no answer", traceback: [])
            }
            output.stream(name: "stdout", text: "hello \(answer)")
            return .success(result: nil)
        case "wait":
            interrupted.store(false, ordering: .sequentiallyConsistent)
            waiting.store(true, ordering: .sequentiallyConsistent)
            let deadline = Date().addingTimeInterval(10)
            while !interrupted.load(ordering: .sequentiallyConsistent), Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            waiting.store(false, ordering: .sequentiallyConsistent)
            return .failure(name: "Interrupted", value: "stopped", traceback: [])
        default:
            output.stream(name: "stdout", text: code)
            return .success(result: code == "1 + 1" ? DisplayData(data: ["text/plain": "2"]) : nil)
        }
    }

    func isComplete(code: String) -> CodeCompleteness { code.hasSuffix("+") ? .incomplete(indent: "  ") : .complete }

    func complete(code: String, cursor: Int) -> CodeCompletions {
        CodeCompletions(matches: ["echo", "exit"].filter { $0.hasPrefix(code) }, start: 0, end: cursor)
    }

    func inspect(code: String, cursor: Int) -> DisplayData? { nil }

    func interrupt() { interrupted.store(true, ordering: .sequentiallyConsistent) }
}

/// A client of a kernel running on an in-memory transport, on a thread of its own.
private final class Client {
    let transport = InMemoryTransport()
    let interpreter = EchoInterpreter()
    let wire = WireFormat(signer: MessageSigner(key: "secret"))
    let finished = DispatchSemaphore(value: 0)
    let history = NSTemporaryDirectory() + "kernel-history-\(UUID().uuidString).jsonl"

    init() {
        let kernel = Kernel(transport: transport, key: "secret", interpreter: interpreter,
                            identity: KernelIdentity(userName: "tester", historyPath: history, logPrefix: "[test-kernel]",
                                                     interruptsOnSIGINT: false))
        let finished = finished
        Thread {
            try? kernel.run()
            finished.signal()
        }.start()
    }

    /// Sends a request on `channel`; returns its header.
    @discardableResult
    func send(_ type: String, _ content: JSONValue, on channel: InMemoryChannel) -> JSONValue {
        let header = Message.header(type: type, session: "client-session", userName: "client")
        channel.deliver(wire.encode(Message(identities: [Array("client".utf8)], header: header, content: content)))
        return header
    }

    /// The next message on `channel`, decoded; fails the test when none comes within 5 s.
    func next(on channel: InMemoryChannel) throws -> Message {
        let frames = try #require(channel.take(timeout: 5), "no message within 5 s")
        return try wire.decode(frames)
    }

    /// The iopub messages up to and including `idle` for `parent`.
    func publishedUntilIdle(_ parent: JSONValue) throws -> [Message] {
        var messages: [Message] = []
        while true {
            let message = try next(on: transport.iopub)
            messages.append(message)
            if message.messageType == "status", message.content["execution_state"] == "idle",
               message.parentHeader["msg_id"] == parent["msg_id"] { return messages }
        }
    }

    func shutDown() throws {
        send("shutdown_request", ["restart": false], on: transport.control)
        #expect(try next(on: transport.control).messageType == "shutdown_reply")
        #expect(finished.wait(timeout: .now() + 5) == .success)
    }
}

@Suite("Kernel over an in-memory transport")
struct KernelTests {
    @Test("kernel_info, execute, is_complete, complete and history through the kernel, without sockets")
    func shellRequests() throws {
        let client = Client()
        let starting = try client.next(on: client.transport.iopub)
        #expect(starting.messageType == "status" && starting.content["execution_state"] == "starting")
        #expect(starting.header["username"] == "tester")

        client.send("kernel_info_request", [:], on: client.transport.shell)
        let info = try client.next(on: client.transport.shell)
        #expect(info.messageType == "kernel_info_reply")
        #expect(info.content["implementation"] == "echo" && info.content["protocol_version"] == "5.4")

        let execute = client.send("execute_request", ["code": "1 + 1", "silent": false], on: client.transport.shell)
        let reply = try client.next(on: client.transport.shell)
        #expect(reply.messageType == "execute_reply" && reply.content["status"] == "ok" && reply.content["execution_count"] == 1)
        #expect(reply.parentHeader["msg_id"] == execute["msg_id"])
        let published = try client.publishedUntilIdle(execute).filter { $0.parentHeader["msg_id"] == execute["msg_id"] }
        #expect(published.map(\.messageType) == ["status", "execute_input", "stream", "execute_result", "status"])
        #expect(published[2].content["text"] == "1 + 1")
        #expect(published[3].content["data"]?["text/plain"] == "2")

        client.send("is_complete_request", ["code": "1 +"], on: client.transport.shell)
        let completeness = try client.next(on: client.transport.shell)
        #expect(completeness.content["status"] == "incomplete" && completeness.content["indent"] == "  ")

        client.send("complete_request", ["code": "ex", "cursor_pos": 2], on: client.transport.shell)
        let completions = try client.next(on: client.transport.shell)
        #expect(completions.content["matches"] == ["exit"] && completions.content["cursor_end"] == 2)

        client.send("history_request", ["hist_access_type": "tail", "n": 5, "output": false, "raw": true], on: client.transport.shell)
        let history = try client.next(on: client.transport.shell)
        guard case .array(let entries)? = history.content["history"], case .array(let entry)? = entries.last else {
            Issue.record("no history entries: \(history.content)")
            return
        }
        #expect(entry.last == "1 + 1")

        client.send("comm_info_request", [:], on: client.transport.shell)
        #expect(try client.next(on: client.transport.shell).content["comms"] == [:])
        try client.shutDown()
        #expect(FileManager.default.fileExists(atPath: client.history))
    }

    @Test("an interrupt on control stops a running execution; the executions queued behind a failure are aborted")
    func interruptAndAbort() throws {
        let client = Client()
        let waiting = client.send("execute_request", ["code": "wait"], on: client.transport.shell)
        let deadline = Date().addingTimeInterval(5)
        while !client.interpreter.waiting.load(ordering: .sequentiallyConsistent), Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        let queued = client.send("execute_request", ["code": "never runs"], on: client.transport.shell)
        client.send("interrupt_request", [:], on: client.transport.control)
        #expect(try client.next(on: client.transport.control).messageType == "interrupt_reply")
        let failed = try client.next(on: client.transport.shell)
        #expect(failed.parentHeader["msg_id"] == waiting["msg_id"] && failed.content["status"] == "error")
        #expect(failed.content["ename"] == "Interrupted")
        let aborted = try client.next(on: client.transport.shell)
        #expect(aborted.parentHeader["msg_id"] == queued["msg_id"] && aborted.content["status"] == "aborted")
        let streamed = try client.publishedUntilIdle(queued).filter { $0.messageType == "stream" }
        #expect(streamed.isEmpty)
        try client.shutDown()
    }

    @Test("a message with a bad signature is dropped without a reply, and the kernel serves the next")
    func badSignature() throws {
        let client = Client()
        let forged = WireFormat(signer: MessageSigner(key: "not the key"))
        client.transport.shell.deliver(forged.encode(Message(identities: [Array("client".utf8)],
                                                             header: Message.header(type: "execute_request", session: "s", userName: "x"),
                                                             content: ["code": "forged"])))
        client.send("kernel_info_request", [:], on: client.transport.shell)
        #expect(try client.next(on: client.transport.shell).messageType == "kernel_info_reply")
        try client.shutDown()
    }

    @Test("fields of the wrong type or out of range get an error reply naming the field, never a crash; the kernel serves on")
    func malformedFields() throws {
        let client = Client()
        let probes: [(String, JSONValue, String)] = [
            ("history_request", ["hist_access_type": "search", "pattern": "*", "n": -3], "`n` must be a whole number of at least 0"),
            ("history_request", ["hist_access_type": "tail", "n": "ten"], "`n` must be a whole number of at least 0"),
            ("history_request", ["hist_access_type": "sideways"], "unknown `hist_access_type` \"sideways\" (tail, range or search)"),
            ("history_request", ["hist_access_type": "range", "session": true], "`session` must be a whole number"),
            ("complete_request", ["code": "ex", "cursor_pos": 99], "`cursor_pos` must be a whole number of at least 0 and at most 2"),
            ("complete_request", ["code": 42, "cursor_pos": 0], "`code` must be a string"),
            ("inspect_request", ["code": "ex", "cursor_pos": -1], "`cursor_pos` must be a whole number of at least 0 and at most 2"),
            ("is_complete_request", ["code": ["1"]], "`code` must be a string"),
            ("execute_request", ["code": "1 + 1", "silent": "no"], "`silent` must be true or false"),
            ("execute_request", ["code": .null, "store_history": 1], "`store_history` must be true or false"),
        ]
        for (type, content, message) in probes {
            let request = client.send(type, content, on: client.transport.shell)
            let reply = try client.next(on: client.transport.shell)
            #expect(reply.parentHeader["msg_id"] == request["msg_id"])
            #expect(reply.messageType == type.replacingOccurrences(of: "_request", with: "_reply"))
            #expect(reply.content["status"] == "error" && reply.content["ename"] == "BadRequest")
            #expect(reply.content["evalue"] == .string(message), "\(type) \(content)")
        }
        client.send("kernel_info_request", [:], on: client.transport.shell)
        #expect(try client.next(on: client.transport.shell).messageType == "kernel_info_reply")
        try client.shutDown()
    }

    @Test("a signed message replayed verbatim is dropped: it runs once")
    func replay() throws {
        let client = Client()
        let frames = client.wire.encode(Message(identities: [Array("client".utf8)],
                                                header: Message.header(type: "execute_request", session: "s", userName: "c"),
                                                content: ["code": "once"]))
        client.transport.shell.deliver(frames)
        client.transport.shell.deliver(frames)
        client.send("kernel_info_request", [:], on: client.transport.shell)
        #expect(try client.next(on: client.transport.shell).messageType == "execute_reply")
        #expect(try client.next(on: client.transport.shell).messageType == "kernel_info_reply")
        client.send("history_request", ["hist_access_type": "tail", "n": 10], on: client.transport.shell)
        guard case .array(let entries)? = try client.next(on: client.transport.shell).content["history"] else {
            Issue.record("no history")
            return
        }
        #expect(entries.count == 1)
        try client.shutDown()
    }

    @Test("input waits for the front end's answer, and an interrupt ends an unanswered wait; the kernel serves on")
    func inputAndInterrupt() throws {
        let client = Client()
        client.send("execute_request", ["code": "ask", "allow_stdin": true], on: client.transport.shell)
        let asked = try client.next(on: client.transport.stdin)
        #expect(asked.messageType == "input_request" && asked.content["prompt"] == "name? ")
        client.transport.stdin.deliver(client.wire.encode(Message(
            identities: [Array("client".utf8)], header: Message.header(type: "input_reply", session: "s", userName: "c"),
            parentHeader: asked.header, content: ["value": "Ann"])))
        let answered = try client.next(on: client.transport.shell)
        #expect(answered.content["status"] == "ok")

        client.send("execute_request", ["code": "ask", "allow_stdin": true], on: client.transport.shell)
        _ = try client.next(on: client.transport.stdin)
        client.send("interrupt_request", [:], on: client.transport.control)
        #expect(try client.next(on: client.transport.control).messageType == "interrupt_reply")
        let unanswered = try client.next(on: client.transport.shell)
        #expect(unanswered.content["status"] == "error" && unanswered.content["ename"] == "Interrupted")
        client.send("execute_request", ["code": "1 + 1"], on: client.transport.shell)
        #expect(try client.next(on: client.transport.shell).content["status"] == "ok")
        try client.shutDown()
    }
}
