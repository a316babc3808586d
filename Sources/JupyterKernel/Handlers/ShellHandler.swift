/// Serves the shell channel: kernel info, executions, completeness checks, completions, inspection and history.
struct ShellHandler {
    let kernel: Kernel
    let channel: any KernelChannel
    let iopub: IOPubChannel
    private var executionCount = 0
    private let history: ExecutionHistory

    /// The stdin channel, for `input_request`s during executions that allow them.
    private let stdin: any KernelChannel

    init(kernel: Kernel, channel: any KernelChannel, stdin: any KernelChannel, iopub: IOPubChannel) {
        self.kernel = kernel
        self.channel = channel
        self.stdin = stdin
        self.iopub = iopub
        history = ExecutionHistory(path: kernel.identity.historyPath)
    }

    mutating func serve() {
        kernel.serve(channel, name: "shell", iopub: iopub) { message in
            handle(message)
            return true
        }
    }

    private mutating func handle(_ request: Message) {
        do throws(RequestFields.BadRequest) {
            try answer(request)
        } catch {
            let type = request.messageType.replacingOccurrences(of: "_request", with: "_reply")
            kernel.reply(to: request, type: type, content: [
                "status": "error", "ename": "BadRequest", "evalue": .string(error.message), "traceback": [.string(error.message)],
            ], on: channel)
        }
    }

    private mutating func answer(_ request: Message) throws(RequestFields.BadRequest) {
        let fields = RequestFields(content: request.content)
        switch request.messageType {
        case "kernel_info_request":
            kernel.reply(to: request, type: "kernel_info_reply", content: kernel.kernelInfoContent, on: channel)
        case "execute_request":
            try execute(request, fields)
        case "is_complete_request":
            let content: JSONValue = switch kernel.kernelInterpreter.isComplete(code: try fields.string("code", default: "")) {
            case .complete: ["status": "complete"]
            case .incomplete(let indent): ["status": "incomplete", "indent": .string(indent)]
            case .invalid: ["status": "invalid"]
            case .unknown: ["status": "unknown"]
            }
            kernel.reply(to: request, type: "is_complete_reply", content: content, on: channel)
        case "complete_request":
            let (code, cursor) = try fields.codeAndCursor()
            let completions = kernel.kernelInterpreter.complete(code: code, cursor: cursor)
            kernel.reply(to: request, type: "complete_reply", content: [
                "status": "ok", "matches": .array(completions.matches.map { .string($0) }),
                "cursor_start": .integer(completions.start), "cursor_end": .integer(completions.end), "metadata": [:],
            ], on: channel)
        case "comm_info_request":
            let comms = kernel.kernelInterpreter.comms.mapValues { JSONValue.object(["target_name": .string($0)]) }
            kernel.reply(to: request, type: "comm_info_reply", content: ["status": "ok", "comms": .object(comms)], on: channel)
        case "history_request":
            kernel.reply(to: request, type: "history_reply", content: ["status": "ok", "history": try historyEntries(fields)],
                         on: channel)
        case "inspect_request":
            let (code, cursor) = try fields.codeAndCursor()
            let found = kernel.kernelInterpreter.inspect(code: code, cursor: cursor)
            let data: JSONValue = found.map { .object($0.data.mapValues { .string($0) }) } ?? [:]
            kernel.reply(to: request, type: "inspect_reply", content: [
                "status": "ok", "found": .bool(found != nil), "data": data, "metadata": [:],
            ], on: channel)
        default:
            kernel.log.warning("unsupported message type \(request.messageType) on shell; no reply sent")
        }
    }

    /// The entries a `history_request` asks for: `tail` (the last `n`), `range` (a session's lines
    /// `start..<stop`) or `search` (a glob `pattern`, the last `n`, `unique`); each `[session, line, input]`,
    /// or `[session, line, [input, null]]` with `output` (outputs are not kept).
    private func historyEntries(_ fields: RequestFields) throws(RequestFields.BadRequest) -> JSONValue {
        let entries: [ExecutionHistory.Entry]
        switch try fields.string("hist_access_type", default: "tail") {
        case "tail": entries = history.tail(try fields.integer("n", default: 10)!)
        case "range":
            entries = history.range(session: try fields.integer("session", default: 0, in: Int.min...Int.max)!,
                                    start: try fields.integer("start", default: 1, in: Int.min...Int.max)!,
                                    stop: try fields.integer("stop", default: nil, in: Int.min...Int.max))
        case "search":
            entries = history.search(pattern: try fields.string("pattern", default: "*"), n: try fields.integer("n", default: nil),
                                     unique: try fields.bool("unique", default: false))
        case let other: throw RequestFields.BadRequest(message: "unknown `hist_access_type` \"\(other)\" (tail, range or search)")
        }
        let withOutput = try fields.bool("output", default: false)
        return .array(entries.map { entry in
            let input: JSONValue = withOutput ? [.string(entry.input), .null] : .string(entry.input)
            return [.integer(entry.session), .integer(entry.line), input]
        })
    }

    /// Runs one `execute_request`: execute_input, the outputs, the result or
    /// error, then the reply, all as children of the request.
    private mutating func execute(_ request: Message, _ fields: RequestFields) throws(RequestFields.BadRequest) {
        let code = try fields.string("code", default: "")
        let silent = try fields.bool("silent", default: false)
        let storeHistory = try fields.bool("store_history", default: true) && !silent
        let allowStdin = try fields.bool("allow_stdin", default: false)
        let stopOnError = try fields.bool("stop_on_error", default: true)
        if storeHistory {
            executionCount += 1
            history.record(line: executionCount, input: code)
        }
        let count = executionCount
        let parent = request.header
        if !silent {
            iopub.publish("execute_input", content: ["code": .string(code), "execution_count": .integer(count)], parent: parent)
        }
        let (kernel, stdin) = (kernel, stdin)
        let output = ExecutionPublisher(iopub: iopub, parent: parent, silent: silent, askInput: allowStdin ? { prompt, password in
            kernel.requestInput(prompt: prompt, password: password, for: request, on: stdin)
        } : nil)
        switch kernel.kernelInterpreter.execute(code: code, executionCount: count, output: output) {
        case .success(let result):
            if let result, !silent {
                iopub.publish("execute_result",
                              content: ["execution_count": .integer(count), "data": result.json, "metadata": [:]],
                              parent: parent)
            }
            kernel.reply(to: request, type: "execute_reply", content: [
                "status": "ok", "execution_count": .integer(count), "user_expressions": [:], "payload": output.payload,
            ], on: channel)
        case .failure(let name, let value, let traceback):
            let error: JSONValue = [
                "ename": .string(name), "evalue": .string(value), "traceback": .array(traceback.map { .string($0) }),
            ]
            if !silent { iopub.publish("error", content: error, parent: parent) }
            var content = ["status": "error", "execution_count": JSONValue.integer(count)]
            if case .object(let fields) = error { content.merge(fields) { $1 } }
            // The requests queued behind the failure are taken before its reply goes out, so one a
            // client sends after reading the reply is never among them.
            let queued = stopOnError ? kernel.receiveQueued(channel, name: "shell") : []
            kernel.reply(to: request, type: "execute_reply", content: .object(content), on: channel)
            abortQueuedExecutions(queued)
        }
    }

    /// After a failed execution with `stop_on_error`: the executions that were queued behind it get
    /// `aborted` replies without running; other queued requests are served as usual.
    private mutating func abortQueuedExecutions(_ queue: [Message]) {
        for queued in queue {
            iopub.publishStatus("busy", parent: queued.header)
            if queued.messageType == "execute_request" {
                kernel.reply(to: queued, type: "execute_reply",
                             content: ["status": "aborted", "execution_count": .integer(executionCount)], on: channel)
            } else {
                handle(queued)
            }
            iopub.publishStatus("idle", parent: queued.header)
        }
    }
}
