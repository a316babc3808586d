import Foundation
import SluiceML
import SluiceServe

extension Deployment {
    /// The default drift of a model-quality metric from its held-out value before a window is a violation.
    static let defaultQualityThreshold = 0.05

    /// `monitor quality "name" with "PATH" [metric m] [threshold x] [every D]`: the endpoint's captured requests
    /// merged with the ground truth at PATH, scored by the model version the endpoint serves, window by window.
    func monitorQuality(_ nameExpression: Expression, groundTruth truthExpression: Expression, metric: Name?, threshold thresholdExpression: Expression?,
                        window: (seconds: Double, span: SourceSpan)?) throws(Diagnostic) -> ModelQualityReport {
        let name = try evaluator.text(nameExpression, "the endpoint's name in quotes")
        let path = try evaluator.text(truthExpression, "the ground truth's path in quotes")
        let location = try evaluator.location(path, span: truthExpression.span)
        var threshold = Self.defaultQualityThreshold
        if let thresholdExpression {
            guard case .number(let x) = try evaluator.evaluate(thresholdExpression), x >= 0 else {
                throw Diagnostic(.type, "`threshold` must be a number, how far the metric may move from its held-out value",
                                 span: thresholdExpression.span, label: "expected a number ≥ 0")
            }
            threshold = x
        }
        guard let record = endpoints.record(named: name) else {
            throw Diagnostic(.runtime, "\"\(name)\" is not deployed: model quality is checked on an endpoint's captured requests",
                             span: nameExpression.span, label: "no such endpoint", help: didYouMean(name, among: Set(endpoints.records().map(\.name))))
        }
        let model: TrainedModel
        do {
            model = try evaluator.store.load(record.model, version: record.version).bundle.model
        } catch {
            throw Diagnostic(.runtime, error.description, span: nameExpression.span, label: "its model")
        }
        do throws(MonitoringError) {
            return try ModelQualityJob.run(storeRoot: evaluator.store.root, endpoint: name, model: model, groundTruth: location,
                                           metric: metric?.text, threshold: threshold, window: window?.seconds ?? 3600)
        } catch {
            throw Diagnostic(.runtime, error.description, span: metric?.span ?? truthExpression.span, label: "cannot check the model's quality")
        }
    }
}
