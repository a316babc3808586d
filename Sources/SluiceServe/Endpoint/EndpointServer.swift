import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// How an endpoint listens and what it does besides answering.
public struct EndpointConfiguration: Sendable {
    /// The endpoint's name, in metrics, capture paths and `/ping`.
    public var name: String
    public var host: String
    /// The port to bind; 0 takes a free one (``EndpointServer/run(onListening:)`` reports which).
    public var port: Int
    /// When set, `/invocations` and `/metrics` need `Authorization: Bearer TOKEN`.
    public var token: String?
    public var capture: DataCapture?
    /// Timeouts for slow clients and the cap on connections held at once.
    public var limits: ConnectionLimits
    /// How it answers: Sluice's answers, or SageMaker's built-in containers' (a request asks for Sluice's with
    /// the header `X-Sluice-Answers: sluice`, as `invoke` does).
    public var answers: AnswerStyle = .sluice

    /// The token endpoints require when none is given: `$SLUICE_ENDPOINT_TOKEN`, unless empty.
    /// `deploy` passes it on to the endpoints it starts, and `invoke` and `monitor` send it.
    public static var environmentToken: String? {
        ProcessInfo.processInfo.environment["SLUICE_ENDPOINT_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public init(name: String, host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, capture: DataCapture? = nil,
                limits: ConnectionLimits = ConnectionLimits()) {
        self.name = name
        self.host = host
        self.port = port
        self.token = token
        self.capture = capture
        self.limits = limits
    }
}

/// A real-time endpoint with SageMaker's container contract: `GET /ping` answers 200 once the model is
/// loaded, `POST /invocations` scores rows, and `GET /metrics` reports in Prometheus's format.
///
/// The model can be replaced while requests are in flight (``reload()``): each request uses the model
/// it started with. Shutting down on SIGTERM or SIGINT stops accepting connections and finishes the
/// requests in flight. Slow or silent clients are cut off and connections are capped
/// (``ConnectionLimits``).
public final class EndpointServer: Sendable {
    public let configuration: EndpointConfiguration
    private let source: ModelSource
    private let current: Mutex<ServedModel>
    let metrics: EndpointMetrics
    private let batcher = InvocationBatcher()

    /// Loads the model; throws when it cannot be read.
    public init(source: ModelSource, configuration: EndpointConfiguration) throws {
        self.source = source
        self.configuration = configuration
        current = Mutex(try source.load())
        metrics = EndpointMetrics(endpoint: configuration.name)
    }

    /// The model being served.
    public var served: ServedModel { current.withLock { $0 } }

    /// Reads the model again from its source (the latest version for a stored model that is not
    /// pinned) and answers with it from the next request on; the old model keeps serving if that fails.
    @discardableResult
    public func reload() throws -> ServedModel {
        let loaded = try source.load()
        current.withLock { $0 = loaded }
        return loaded
    }

    /// Serves until SIGTERM or SIGINT; `onListening` gets the bound port once connections are accepted.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        var logger = Logger(label: "sluice-serve")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let limits = configuration.limits
        let app = Application(
            router: router(),
            server: .http1(configuration: .init(additionalChannelHandlers: [RequestDeadlineHandler(limits: limits)])),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: "sluice/\(configuration.name)",
                                                    availableConnectionsDelegate: .maximum(limits.maximumConnections, logger: logger)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService()
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("ping") { [self] _, _ in
            let model = served
            return jsonResponse(.ok, #"{"status":"ok","endpoint":\#(jsonString(configuration.name)),"model":\#(jsonString(model.name)),"version":\#(model.version)}"#)
        }
        // As a SageMaker container, `HEAD /ping` answers as GET does, without a body.
        router.head("ping") { _, _ in Response(status: .ok) }
        router.post("invocations") { [self] request, _ in
            try await invoke(request)
        }
        // A known path asked with another method: 405 and the methods it takes, not 404.
        let allowed: [(path: String, methods: [HTTPRequest.Method])] = [("ping", [.get, .head]), ("invocations", [.post]), ("metrics", [.get])]
        for (path, methods) in allowed {
            for method in [HTTPRequest.Method.get, .head, .post, .put, .delete, .patch] where !methods.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ in
                    var response = self.jsonResponse(.methodNotAllowed, #"{"error":"\#(path) takes \#(methods.map(\.rawValue).joined(separator: " and "))"}"#)
                    response.headers[.allow] = methods.map(\.rawValue).joined(separator: ", ")
                    return response
                }
            }
        }
        router.get("metrics") { [self] request, _ in
            if let refusal = refusal(request) { return refusal }
            let model = served
            let text = metrics.exposition(model: model.name, version: model.version, algorithm: model.handler.model.algorithm.name,
                                          capture: configuration.capture?.statistics)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    private func invoke(_ request: Request) async throws -> Response {
        if let refusal = refusal(request) {
            metrics.record(status: 401, rows: 0, seconds: 0)
            return refusal
        }
        let limit = InvocationHandler.maximumBodySize
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return failure(InvocationError(status: 413, "the body is \(length) bytes; the limit is \(limit) (6 MiB)"), seconds: 0)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return failure(InvocationError(status: 413, "the body is over the limit of \(limit) bytes (6 MiB)"), seconds: 0)
        }
        let started = ContinuousClock.now
        let body = Array(buffer.readableBytesView)
        // Nothing to score: no content, as SageMaker's XGBoost container answers.
        guard !body.isEmpty else {
            metrics.record(status: 204, rows: 0, seconds: 0)
            return Response(status: .noContent)
        }
        let contentType = request.headers[.contentType]
        let inferenceId = request.headers[Self.inferenceIdField]
        if let inferenceId, inferenceId.isEmpty || inferenceId.count > 64 || inferenceId.first!.isWhitespace {
            return failure(InvocationError(status: 400, "\(Self.inferenceIdHeader) must be 1 to 64 characters, not starting with a space"), seconds: 0)
        }
        let model = served
        do {
            let asked = request.headers[Self.answersField]?.lowercased()
            let style: AnswerStyle = asked == AnswerStyle.sluice.rawValue ? .sluice : configuration.answers
            let parsed = try model.handler.parse(body, contentType: contentType, accept: request.headers[.accept], style: style)
            let answer = try await batcher.score(parsed, with: model).get()
            let seconds = Self.seconds(since: started)
            metrics.record(status: 200, rows: answer.rowCount, seconds: seconds)
            metrics.record(parsed.quality)
            configuration.capture?.offer(input: body, inputType: contentType ?? PayloadFormat.csv.rawValue,
                                         output: answer.body, outputType: answer.format.rawValue, inferenceId: inferenceId)
            var headers: HTTPFields = [.contentType: answer.format.rawValue]
            headers[Self.modelField] = "\(model.name)/v\(model.version)"
            // Scored as asked, as SageMaker would; what the model silently filled in is said.
            if let warning = parsed.quality.warning { headers[Self.warningField] = warning }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        } catch {
            return failure(error, seconds: Self.seconds(since: started))
        }
    }

    /// The headers' names, made once rather than per request.
    private static let answersField = HTTPField.Name(answersHeader)!
    private static let modelField = HTTPField.Name("X-Sluice-Model")!
    private static let warningField = HTTPField.Name(warningHeader)!
    private static let inferenceIdField = HTTPField.Name(inferenceIdHeader)!

    /// The header a caller names its request with (SageMaker's `InferenceId`): kept in the capture record, where
    /// ground truth finds the request by it.
    public static let inferenceIdHeader = "X-Amzn-SageMaker-Inference-Id"

    /// The header a request asks for Sluice's answers with, whatever the endpoint's style.
    public static let answersHeader = "X-Sluice-Answers"

    /// The header that says what a scored request lacked or held that the model never saw.
    public static let warningHeader = "X-Sluice-Warning"

    private func failure(_ error: InvocationError, seconds: Double) -> Response {
        metrics.record(status: error.status, rows: 0, seconds: seconds)
        return Response(status: HTTPResponse.Status(code: error.status), headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: error.jsonBody)))
    }

    /// A 401 answer when a token is required and the request does not carry it.
    private func refusal(_ request: Request) -> Response? {
        guard let token = configuration.token else { return nil }
        let offered = request.headers[.authorization] ?? ""
        // The scheme is case-insensitive (RFC 9110 §11.1), the token is not.
        if offered.prefix(7).lowercased() == "bearer ", Self.constantTimeEqual(Array(offered.utf8.dropFirst(7)), Array(token.utf8)) {
            return nil
        }
        var response = jsonResponse(.unauthorized, #"{"error":"this endpoint needs the header Authorization: Bearer TOKEN"}"#)
        response.headers[.wwwAuthenticate] = "Bearer"
        return response
    }

    private func jsonResponse(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Compares without stopping at the first difference, so timing does not reveal the token.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
