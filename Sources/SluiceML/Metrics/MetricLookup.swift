extension ModelEvaluation {
    /// The named metric (`auc`, `accuracy`, `precision`, `recall`, `f1`, `logloss`, `average_precision`,
    /// `mlogloss`, `rmse`, `mae`, `r2`, `inertia`, `silhouette`) and whether larger is better; nil when
    /// the task has no such metric.
    public func metric(_ name: String) -> (value: Double, maximize: Bool)? {
        switch (self, name) {
        case (.binary(let e), "auc"): (e.auc, true)
        case (.binary(let e), "accuracy"): (e.accuracy, true)
        case (.binary(let e), "precision"): (e.precision, true)
        case (.binary(let e), "recall"): (e.recall, true)
        case (.binary(let e), "f1"): (e.f1, true)
        case (.binary(let e), "logloss"): (e.logLoss, false)
        case (.binary(let e), "average_precision"): (e.averagePrecision, true)
        case (.multiclass(let e), "accuracy"): (e.accuracy, true)
        case (.multiclass(let e), "f1"): (e.report.macro(e.report.f1), true)
        case (.multiclass(let e), "mlogloss"), (.multiclass(let e), "logloss"): (e.logLoss, false)
        case (.regression(let e), "rmse"): (e.rmse, false)
        case (.regression(let e), "mae"): (e.mae, false)
        case (.regression(let e), "r2"): (e.r2, true)
        case (.clustering(let e), "inertia"): (e.inertia, false)
        case (.clustering(let e), "silhouette"): (e.silhouette, true)
        default: nil
        }
    }

    /// The metrics `metric(_:)` knows.
    public static let metricNames = ["auc", "accuracy", "precision", "recall", "f1", "logloss", "average_precision",
                                     "mlogloss", "rmse", "mae", "r2", "inertia", "silhouette"]
}
