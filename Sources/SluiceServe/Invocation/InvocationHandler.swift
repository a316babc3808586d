import SluiceData
import SluiceML

/// A model answering invocations: request body in, predictions out, by SageMaker's inference contract.
public struct InvocationHandler: Sendable {
    /// The largest request body accepted (SageMaker's real-time payload limit).
    public static let maximumBodySize = 6 * 1024 * 1024

    public let model: TrainedModel
    private let predictor: ModelPredictor
    /// The levels of each categorical input, for counting values training never saw.
    private let knownLevels: [String: Set<String>]

    public init(model: TrainedModel) {
        self.model = model
        predictor = ModelPredictor(model)
        knownLevels = InputQuality.knownLevels(of: model)
    }

    /// The response to a request: its body in the `Accept` format.
    ///
    /// - Throws: ``InvocationError`` with 415 for an unknown content type, 406 for an unacceptable
    ///   `Accept`, 413 for a body over ``maximumBodySize``, and 400 naming the row and column of a
    ///   malformed value.
    public func respond(to body: [UInt8], contentType: String?, accept: String?, style: AnswerStyle = .sluice) throws(InvocationError)
        -> InvocationResponse {
        try score([try parse(body, contentType: contentType, accept: accept, style: style)])[0].get()
    }

    /// A request read into the model's input table, with the format to answer in; the errors of
    /// ``respond(to:contentType:accept:)`` that are the request's own.
    public func parse(_ body: [UInt8], contentType: String?, accept: String?, style: AnswerStyle = .sluice) throws(InvocationError)
        -> ParsedInvocation {
        guard let input = PayloadFormat.ofContentType(contentType) else {
            throw InvocationError(status: 415, "the content type \"\(contentType ?? "")\" is not one this endpoint reads "
                + "(\(PayloadFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let output = PayloadFormat.forAccept(accept) else {
            throw InvocationError(status: 406, "the endpoint cannot answer in \"\(accept ?? "")\" "
                + "(it answers in \(PayloadFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard body.count <= Self.maximumBodySize else {
            throw InvocationError(status: 413, "the body is \(body.count) bytes; the limit is \(Self.maximumBodySize) (6 MiB)")
        }
        let (table, absent) = try RequestBodyParser.table(from: body, format: input, schema: model.inputSchema)
        return ParsedInvocation(table: table, format: output, style: style,
                                quality: InputQuality(missingColumns: absent, unseenValues: InputQuality.unseenValues(in: table, known: knownLevels)))
    }

    /// The answers to several parsed requests, scored together as one table (what an endpoint under
    /// load does with the requests that arrive while it scores); each answer is what the request alone
    /// would get. Should the batch fail, each request is scored alone, so one cannot fail another.
    public func score(_ invocations: [ParsedInvocation]) -> [Result<InvocationResponse, InvocationError>] {
        if invocations.count > 1, let joined = try? Table.concatenating(invocations.map(\.table)),
           let predictions = try? predictor.predict(joined) {
            var start = 0
            return invocations.map { invocation in
                defer { start += invocation.table.rowCount }
                return .success(answer(predictions, rows: start..<(start + invocation.table.rowCount), invocation))
            }
        }
        return invocations.map { invocation in
            do {
                let predictions = try predictor.predict(invocation.table)
                return .success(answer(predictions, rows: 0..<predictions.rowCount, invocation))
            } catch {
                return .failure(InvocationError(status: 400, "the rows cannot be scored: \(error)"))
            }
        }
    }

    private func answer(_ predictions: Table, rows: Range<Int>, _ invocation: ParsedInvocation) -> InvocationResponse {
        InvocationResponse(format: invocation.format, body: PredictionEncoder.encode(
            predictions, rows: rows, task: model.task, format: invocation.format, style: invocation.style, algorithm: model.algorithm),
                           rowCount: rows.count)
    }
}

/// A request read into the model's input table.
public struct ParsedInvocation: Sendable {
    public var table: Table
    /// The format to answer in.
    public var format: PayloadFormat
    /// Sluice's answers, or SageMaker's built-in containers'.
    public var style: AnswerStyle
    /// What the rows lack or hold that the model never saw.
    public var quality: InputQuality
}

/// A successful invocation's answer.
public struct InvocationResponse: Sendable {
    public var format: PayloadFormat
    public var body: [UInt8]
    public var rowCount: Int
}
