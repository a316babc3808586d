/// Sends one execution's streams and displays to iopub, as children of its
/// `execute_request`, and keeps its pages for the reply. A silent execution publishes nothing.
final class ExecutionPublisher: ExecutionOutput {
    private let iopub: IOPubChannel
    private let parent: JSONValue
    private let silent: Bool
    /// What `page` collected, for the reply's `payload`.
    private(set) var pages: [DisplayData] = []

    /// Asks the front end for input, when the request allows stdin.
    private let askInput: ((String, Bool) -> String?)?

    init(iopub: IOPubChannel, parent: JSONValue, silent: Bool, askInput: ((String, Bool) -> String?)? = nil) {
        self.iopub = iopub
        self.parent = parent
        self.silent = silent
        self.askInput = askInput
    }

    func requestInput(prompt: String, password: Bool) -> String? {
        askInput?(prompt, password)
    }

    func stream(name: String, text: String) {
        guard !silent else { return }
        iopub.publish("stream", content: ["name": .string(name), "text": .string(text)], parent: parent)
    }

    func display(_ data: DisplayData) {
        guard !silent else { return }
        iopub.publish("display_data", content: ["data": data.json, "metadata": [:], "transient": [:]], parent: parent)
    }

    func page(_ data: DisplayData) {
        pages.append(data)
    }

    func clearOutput(wait: Bool) {
        guard !silent else { return }
        iopub.publish("clear_output", content: ["wait": .bool(wait)], parent: parent)
    }

    /// The execute reply's `payload`: one pager entry per page.
    var payload: JSONValue {
        .array(pages.map { ["source": "page", "data": $0.json, "start": 0] })
    }
}

extension DisplayData {
    /// The MIME bundle as message content: each rendering as a string, but JSON types (`application/json`, `…+json`) as the JSON they hold.
    var json: JSONValue {
        .object(data.reduce(into: [:]) { result, item in
            let isJSON = item.key == "application/json" || item.key.hasSuffix("+json")
            result[item.key] = isJSON ? (try? JSONValue.parse(Array(item.value.utf8))) ?? .string(item.value) : .string(item.value)
        })
    }
}
