/// What a kernel's host says about itself: the kernel is a transport and knows nothing of the language
/// it serves or of the program it runs in.
public struct KernelIdentity: Sendable {
    /// The `username` of the messages' headers.
    public var userName: String
    /// Where the execution history is kept between kernel starts; nil keeps it in memory only.
    public var historyPath: String?
    /// What the kernel's log lines on standard error start with, such as `[my-kernel]`.
    public var logPrefix: String
    /// Whether SIGINT interrupts the running execution instead of ending the process (Jupyter's signal
    /// interrupt mode). A kernel embedded in another program, or in a test, leaves signals alone.
    public var interruptsOnSIGINT: Bool

    public init(userName: String, historyPath: String?, logPrefix: String, interruptsOnSIGINT: Bool = true) {
        self.userName = userName
        self.historyPath = historyPath
        self.logPrefix = logPrefix
        self.interruptsOnSIGINT = interruptsOnSIGINT
    }
}
