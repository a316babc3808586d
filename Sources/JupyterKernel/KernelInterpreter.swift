/// What the kernel tells clients about the language it runs (`kernel_info_reply`).
public struct KernelInfo: Sendable {
    public var implementation: String
    public var implementationVersion: String
    public var languageName: String
    public var languageVersion: String
    public var mimeType: String
    public var fileExtension: String
    public var banner: String
    /// The Pygments lexer that highlights the language (nbconvert, `jupyter console`), when there is one.
    public var pygmentsLexer: String?
    /// The CodeMirror mode front ends highlight cells with: the closest one they have built in.
    public var codemirrorMode: String?

    public init(implementation: String, implementationVersion: String, languageName: String, languageVersion: String,
                mimeType: String, fileExtension: String, banner: String, pygmentsLexer: String? = nil, codemirrorMode: String? = nil) {
        self.pygmentsLexer = pygmentsLexer
        self.codemirrorMode = codemirrorMode
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.languageName = languageName
        self.languageVersion = languageVersion
        self.mimeType = mimeType
        self.fileExtension = fileExtension
        self.banner = banner
    }
}

/// A rendered value: MIME type → content (text for `text/*` and `image/svg+xml`, JSON text for
/// `application/json` and `…+json` types, which go into messages as JSON).
public struct DisplayData: Sendable, Equatable {
    public var data: [String: String]

    public init(data: [String: String]) {
        self.data = data
    }
}

/// How one execution ended.
public enum ExecuteOutcome: Sendable, Equatable {
    /// It ran; `result` is the value to show as the cell's result, if any.
    case success(result: DisplayData?)
    /// It failed; `traceback` is the rendered error, one entry a line.
    case failure(name: String, value: String, traceback: [String])
}

/// Whether code is ready to run (`is_complete_reply`).
public enum CodeCompleteness: Sendable, Equatable {
    case complete
    case incomplete(indent: String)
    case invalid
    case unknown
}

/// What can be typed at a cursor (`complete_reply`): the matches and the range they replace, in Unicode code points.
public struct CodeCompletions: Sendable, Equatable {
    public var matches: [String]
    public var start: Int
    public var end: Int

    public init(matches: [String], start: Int, end: Int) {
        self.matches = matches
        self.start = start
        self.end = end
    }
}

/// Where an execution sends its output while it runs.
public protocol ExecutionOutput: AnyObject {
    /// Text on `stdout` or `stderr`.
    func stream(name: String, text: String)
    /// A rendered value shown now (`display_data`).
    func display(_ data: DisplayData)
    /// Text for the front end's pager (help), sent in the execute reply's `payload`.
    func page(_ data: DisplayData)
    /// Clears the cell's output (`clear_output`); with `wait`, when the next output arrives.
    func clearOutput(wait: Bool)
    /// Asks the front end for a line (`input_request` on stdin); nil when the request did not allow stdin.
    func requestInput(prompt: String, password: Bool) -> String?
}

/// A language the kernel runs. The kernel knows nothing of the language; it
/// calls these on its shell thread, except ``interrupt()``, which comes from
/// the control thread or a signal watcher while an execution runs.
public protocol KernelInterpreter: AnyObject, Sendable {
    var kernelInfo: KernelInfo { get }
    /// Runs `code`; `executionCount` numbers the cell in messages.
    func execute(code: String, executionCount: Int, output: ExecutionOutput) -> ExecuteOutcome
    func isComplete(code: String) -> CodeCompleteness
    /// The completions at `cursor` (a count of Unicode code points) in `code`.
    func complete(code: String, cursor: Int) -> CodeCompletions
    /// What to show about the word at `cursor` (a count of Unicode code points) in `code`, or nil.
    func inspect(code: String, cursor: Int) -> DisplayData?
    /// Asks a running execution to stop soon, keeping the session intact.
    func interrupt()
    /// The comms open now, by id, with their target names (`comm_info_reply`).
    var comms: [String: String] { get }
}

extension KernelInterpreter {
    /// A language that opens no comms.
    public var comms: [String: String] { [:] }
}
