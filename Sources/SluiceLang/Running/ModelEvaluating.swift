import Foundation
import SluiceData
import SluiceML

/// Runs `evaluate`: each model on the same table, under the name it is bound to.
struct ModelEvaluating {
    let evaluator: Evaluator

    func evaluate(_ models: [Expression], on tableExpression: Expression, threshold: Expression?,
                  span: SourceSpan) throws(Diagnostic) -> ModelComparison {
        let started = Date()
        let rows = try evaluator.table(tableExpression, "`evaluate` needs a table to evaluate on")
        var cut = 0.5
        if let threshold {
            guard case .number(let x) = try evaluator.evaluate(threshold), x >= 0, x <= 1 else {
                throw Diagnostic(.type, "`threshold` must be a probability between 0 and 1", span: threshold.span,
                                 label: "expected a number in [0, 1]")
            }
            cut = x
        }
        var entries: [ModelComparison.Entry] = []
        var evaluated: [TrainedModel] = []
        for (index, expression) in models.enumerated() {
            let model = try evaluator.model(expression, "`evaluate` needs a model")
            let name = if case .name(let word) = expression.kind { word } else { "model \(index + 1)" }
            guard !entries.contains(where: { $0.name == name }) else {
                throw Diagnostic(.name, "`\(name)` is named twice", span: expression.span, label: "already compared")
            }
            do {
                let evaluation = try model.evaluate(on: rows, threshold: cut)
                entries.append(ModelComparison.Entry(name: name, evaluation: evaluation))
                evaluated.append(model)
                if case .name = expression.kind {
                    let metric = MetricDirection.defaultMetric(for: model.task)
                    evaluator.evaluations.record(HeldOutScore(metric: metric, value: evaluation.metric(metric) ?? .nan,
                                                              method: "evaluated on \(formatCount(rows.rowCount)) rows"), for: name)
                }
            } catch {
                throw Diagnostic(.runtime, "cannot evaluate `\(name)`: \(error)", span: expression.span, label: "while evaluating")
            }
        }
        do {
            let comparison = try ModelComparison(entries)
            evaluator.recording.evaluated(comparison, models: evaluated, started: started, table: rows, data: tableExpression)
            return comparison
        } catch {
            throw Diagnostic(.type, error.description, span: span, label: "models of different tasks")
        }
    }
}
