import CZeroMQ
import Glibc

/// A libzmq error: the errno and its text.
public struct ZMQError: Error, CustomStringConvertible {
    public let code: Int32

    /// The error libzmq reports for the last call on this thread.
    static var last: ZMQError { ZMQError(code: zmq_errno()) }

    /// The channel's error: closed when the context was shut down (`ETERM`).
    var channelError: ChannelError { code == ETERM ? .closed : .failed(description) }

    public var description: String { String(cString: zmq_strerror(code)) }
}

/// A ZeroMQ context, shared by the kernel's sockets.
///
/// `@unchecked Sendable`: libzmq contexts are thread-safe.
final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    init() {
        handle = zmq_ctx_new()
    }

    /// Makes every blocking call on this context's sockets return `ETERM`.
    func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    /// Waits until every socket is closed and its pending messages are sent (or linger runs out).
    func terminate() {
        while zmq_ctx_term(handle) != 0, zmq_errno() == EINTR {}
    }
}

/// One ZeroMQ socket.
///
/// `@unchecked Sendable`: a socket is not thread-safe, so each one is used by
/// exactly one thread at a time; the kernel hands each to its own thread, and
/// guards the one it shares (iopub) with a lock.
final class ZMQSocket: KernelChannel, @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    /// How long unsent messages are kept after close, in milliseconds.
    static let lingerMilliseconds: Int32 = 1000

    init(context: ZMQContext, type: Int32) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type) else { throw ZMQError.last }
        self.handle = handle
        var linger = Self.lingerMilliseconds
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    func bind(_ endpoint: String) throws(ZMQError) {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError.last }
    }

    /// Sends frames as one multipart message.
    func send(_ frames: [[UInt8]]) throws(ChannelError) {
        for (index, frame) in frames.enumerated() {
            let flags = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            while true {
                let sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if sent >= 0 { break }
                let error = ZMQError.last
                if error.code != EINTR { throw error.channelError }
            }
        }
    }

    /// Sets an integer socket option.
    func setOption(_ option: Int32, _ value: Int32) {
        var value = value
        zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size)
    }

    /// A whole multipart message if one is waiting; nil at once otherwise.
    func receiveIfReady() throws(ChannelError) -> [[UInt8]]? {
        var events: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(handle, ZMQ_EVENTS, &events, &size) == 0 else { throw ZMQError.last.channelError }
        guard events & Int32(ZMQ_POLLIN) != 0 else { return nil }
        return try receive()
    }

    /// Blocks until a whole multipart message arrives.
    func receive() throws(ChannelError) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        var more = true
        while more {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            if zmq_msg_recv(&message, handle, 0) < 0 {
                let error = ZMQError.last
                if error.code == EINTR { continue }
                throw error.channelError
            }
            let size = zmq_msg_size(&message)
            if let data = zmq_msg_data(&message), size > 0 {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            more = zmq_msg_more(&message) != 0
        }
        return frames
    }

    func close() {
        zmq_close(handle)
    }
}
