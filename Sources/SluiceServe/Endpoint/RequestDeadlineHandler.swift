import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// How long an endpoint waits on a client, and how many clients it holds at once.
public struct ConnectionLimits: Sendable, Equatable {
    /// How long a connection may take to send a request's head, from when it opens or from the answer
    /// to its previous request (so it is also how long an idle kept-alive connection stays open).
    public var headerTimeout: Duration
    /// How long a request's body may take to arrive once its head has.
    public var bodyTimeout: Duration
    /// The most connections served at once; further ones wait in the listen queue until one closes.
    public var maximumConnections: Int

    public init(headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(20),
                maximumConnections: Int = ConnectionLimits.defaultMaximumConnections) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.maximumConnections = maximumConnections
    }

    /// 1,024, or half the process's descriptor limit when that is lower (the rest stay free for the
    /// model store, capture files and the listening socket).
    public static var defaultMaximumConnections: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return max(1, min(1024, Int(clamping: limit.rlim_cur) / 2))
    }
}

/// Closes a connection whose request head does not arrive within the header timeout, and answers
/// 408 and closes when a body does not arrive within the body timeout, so that slow or silent
/// clients cannot hold connections. It sits after HTTP decoding: a head counts once it is whole.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        /// Between requests: the next head must arrive before the header deadline.
        case awaitingHead
        /// A head has arrived; its body must end before the body deadline.
        case readingBody
        /// The request is whole and being answered: no deadline for the client.
        case answering
        /// The body deadline passed; a 408 has been written and the connection is closing.
        case timedOut
    }

    private let limits: ConnectionLimits
    private var state = State.awaitingHead
    private var deadline: Scheduled<Void>?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armHeaderDeadline(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armHeaderDeadline(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .timedOut else { return }
        switch unwrapInboundIn(data) {
        case .head:
            state = .readingBody
            arm(context, after: limits.bodyTimeout) { handler, context in handler.bodyDeadlinePassed(context) }
        case .body:
            break
        case .end:
            state = .answering
            cancelDeadline()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard state != .timedOut else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        if case .end = unwrapOutboundIn(data), state == .answering {
            armHeaderDeadline(context)
        }
        context.write(data, promise: promise)
    }

    private func armHeaderDeadline(_ context: ChannelHandlerContext) {
        state = .awaitingHead
        arm(context, after: limits.headerTimeout) { handler, context in
            if handler.state == .awaitingHead { context.close(promise: nil) }
        }
    }

    private func bodyDeadlinePassed(_ context: ChannelHandlerContext) {
        guard state == .readingBody else { return }
        state = .timedOut
        let (whole, fraction) = limits.bodyTimeout.components
        let seconds = String(format: "%g", Double(whole) + Double(fraction) * 1e-18)
        let body = ByteBuffer(string: #"{"error":"the request body did not arrive within \#(seconds) s"}"#)
        let head = HTTPResponse(status: .requestTimeout, headerFields: [
            .contentType: "application/json", .contentLength: String(body.readableBytes), .connection: "close",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }

    private func arm(_ context: ChannelHandlerContext, after delay: Duration,
                     _ action: @escaping (RequestDeadlineHandler, ChannelHandlerContext) -> Void) {
        cancelDeadline()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) { [self] in
            deadline = nil
            action(self, context)
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }
}
