import SluiceData
import SluiceML

/// A model answering invocations: request body in, predictions out, by SageMaker's inference contract.
public struct InvocationHandler: Sendable {
    /// The largest request body accepted (SageMaker's real-time payload limit).
    public static let maximumBodySize = 6 * 1024 * 1024

    public let model: TrainedModel
    private let predictor: ModelPredictor

    public init(model: TrainedModel) {
        self.model = model
        predictor = ModelPredictor(model)
    }

    /// The response to a request: its body in the `Accept` format.
    ///
    /// - Throws: ``InvocationError`` with 415 for an unknown content type, 406 for an unacceptable
    ///   `Accept`, 413 for a body over ``maximumBodySize``, and 400 naming the row and column of a
    ///   malformed value.
    public func respond(to body: [UInt8], contentType: String?, accept: String?) throws(InvocationError) -> InvocationResponse {
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
        let table = try RequestBodyParser.table(from: body, format: input, schema: model.inputSchema)
        let predictions: Table
        do {
            predictions = try predictor.predict(table)
        } catch {
            throw InvocationError(status: 400, "the rows cannot be scored: \(error)")
        }
        return InvocationResponse(format: output, body: PredictionEncoder.encode(predictions, task: model.task, format: output),
                                  rowCount: table.rowCount)
    }
}

/// A successful invocation's answer.
public struct InvocationResponse: Sendable {
    public var format: PayloadFormat
    public var body: [UInt8]
    public var rowCount: Int
}
