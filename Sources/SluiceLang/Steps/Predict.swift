import SluiceData

/// `predict MODEL [threshold x]`: adds the model's prediction columns.
struct PredictStep: TableStepSyntax {
    static let keyword = Keyword.predict
    static let help = HelpTopic(.predict, .tableSteps, usage: "TABLE | predict MODEL [threshold x]",
        text: "Adds the prediction columns: score and predicted_label (binary), probabilities (multiclass), score (regression), closest_cluster and distance_to_cluster (k-means).")

    var model: Expression
    var threshold: Expression?

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> PredictStep {
        parser.advance()
        let model = try parser.parseUnary()
        return PredictStep(model: model, threshold: try parser.parseOptionalClause(.threshold))
    }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        resolver.check(model)
        resolver.check(threshold)
        guard var extended = input else { return .table(nil) }
        extended.open = true
        return .table(extended)
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        guard let trained = try evaluator.evaluate(model).trainedModel else {
            throw Diagnostic(.type, "`predict` needs a model", span: model.span, label: "not a model",
                             help: "train one first: `let model = train xgboost on train_set predicting churn`")
        }
        let cut = try threshold.map { try evaluator.fraction($0, "`threshold` needs a probability between 0 and 1") } ?? 0.5
        do {
            return .table(try trained.predict(table, threshold: cut))
        } catch {
            throw Diagnostic(.runtime, "cannot predict: \(error)", span: span, label: "while preparing the rows")
        }
    }
}
