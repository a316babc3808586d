/// A model's quality on rows it did not learn from, as `models` and the model card show it.
public struct HeldOutScore: Sendable, Codable, Equatable {
    /// The metric's name (`auc`, `rmse`, …).
    public var metric: String
    public var value: Double
    /// The standard deviation over folds, for cross-validation.
    public var spread: Double?
    /// How it was measured: `evaluated on 1,409 rows`, `5-fold cross-validation`, `a 20% hold-out`.
    public var method: String

    public init(metric: String, value: Double, spread: Double? = nil, method: String) {
        self.metric = metric
        self.value = value
        self.spread = spread
        self.method = method
    }
}
