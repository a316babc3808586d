/// The metrics a tuner can optimise, by task, and which way is better.
public enum MetricDirection {
    /// The metric names of each kind of task, each with whether larger is better.
    private static func table(_ task: ModelTask) -> KeyValuePairs<String, Bool> {
        switch task {
        case .binaryClassification:
            ["auc": true, "accuracy": true, "precision": true, "recall": true, "f1": true, "logloss": false,
             "average_precision": true]
        case .multiclassClassification: ["accuracy": true, "f1": true, "mlogloss": false, "logloss": false]
        case .regression: ["rmse": false, "mae": false, "r2": true]
        case .clustering: ["inertia": false, "silhouette": true]
        }
    }

    /// Whether larger values of the metric `name` are better for `task`; nil when the task has no such metric.
    public static func maximizes(_ name: String, task: ModelTask) -> Bool? {
        table(task).first { $0.key == name }?.value
    }

    /// The metrics of `task`, for suggestions.
    public static func names(for task: ModelTask) -> [String] { table(task).map(\.key) }

    /// The metric a tuner optimises when none is named: AUC, accuracy, RMSE or silhouette.
    public static func defaultMetric(for task: ModelTask) -> String {
        switch task {
        case .binaryClassification: "auc"
        case .multiclassClassification: "accuracy"
        case .regression: "rmse"
        case .clustering: "silhouette"
        }
    }
}

extension ModelEvaluation {
    /// The value of the metric `name` (see ``MetricDirection``); nil when the task has no such metric.
    public func metric(_ name: String) -> Double? {
        switch (self, name) {
        case (.binary(let e), "auc"): e.auc
        case (.binary(let e), "accuracy"): e.accuracy
        case (.binary(let e), "precision"): e.precision
        case (.binary(let e), "recall"): e.recall
        case (.binary(let e), "f1"): e.f1
        case (.binary(let e), "logloss"): e.logLoss
        case (.binary(let e), "average_precision"): e.averagePrecision
        case (.multiclass(let e), "accuracy"): e.accuracy
        case (.multiclass(let e), "f1"): e.report.macro(e.report.f1)
        case (.multiclass(let e), "mlogloss"), (.multiclass(let e), "logloss"): e.logLoss
        case (.regression(let e), "rmse"): e.rmse
        case (.regression(let e), "mae"): e.mae
        case (.regression(let e), "r2"): e.r2
        case (.clustering(let e), "inertia"): e.inertia
        case (.clustering(let e), "silhouette"): e.silhouette
        default: nil
        }
    }
}
