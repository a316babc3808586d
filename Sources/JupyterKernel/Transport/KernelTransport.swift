/// Why a channel could not receive or send.
public enum ChannelError: Error, CustomStringConvertible {
    /// The transport is shutting down: whoever uses the channel should close it and stop.
    case closed
    /// Anything else, described.
    case failed(String)

    public var description: String {
        switch self {
        case .closed: "the channel is closed"
        case .failed(let reason): reason
        }
    }
}

/// One of a kernel's channels, as multipart messages of frames. Each is used by one thread at a time,
/// except iopub, which the kernel guards with a lock.
public protocol KernelChannel: AnyObject, Sendable {
    /// Blocks until a whole message arrives.
    func receive() throws(ChannelError) -> [[UInt8]]
    /// A whole message if one is waiting; nil at once otherwise.
    func receiveIfReady() throws(ChannelError) -> [[UInt8]]?
    /// Sends frames as one message.
    func send(_ frames: [[UInt8]]) throws(ChannelError)
    func close()
}

/// The five channels of the Jupyter protocol. On iopub, what the kernel receives are subscriptions
/// (a frame of 1 and the topic), as an XPUB socket reports them.
public struct KernelChannels: Sendable {
    public var shell: any KernelChannel
    public var control: any KernelChannel
    public var stdin: any KernelChannel
    public var iopub: any KernelChannel
    public var heartbeat: any KernelChannel

    public init(shell: any KernelChannel, control: any KernelChannel, stdin: any KernelChannel, iopub: any KernelChannel,
                heartbeat: any KernelChannel) {
        self.shell = shell
        self.control = control
        self.stdin = stdin
        self.iopub = iopub
        self.heartbeat = heartbeat
    }
}

/// How a kernel reaches its clients: ZeroMQ sockets (``ZeroMQTransport``) or queues in memory
/// (``InMemoryTransport``, for tests and embedding).
public protocol KernelTransport: Sendable {
    /// Opens the channels.
    func open() throws(KernelStartupError) -> KernelChannels
    /// Makes every blocked or later receive fail with ``ChannelError/closed``, so that each channel's thread stops.
    func shutdown()
    /// Releases what the transport holds, once every channel is closed.
    func terminate()
}
