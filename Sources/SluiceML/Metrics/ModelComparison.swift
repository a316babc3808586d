import SluiceData

/// One or more models evaluated on the same table, each under a name: what `evaluate` gives.
public struct ModelComparison: Sendable, Equatable {
    /// A model's name (as the user bound it) and its evaluation.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var evaluation: ModelEvaluation

        public init(name: String, evaluation: ModelEvaluation) {
            self.name = name
            self.evaluation = evaluation
        }
    }

    public var entries: [Entry]

    /// A comparison of models of one kind of task; models of different tasks cannot share a table of metrics.
    public init(_ entries: [Entry]) throws(ModelError) {
        guard let first = entries.first else { throw .invalidParameter("`evaluate` needs at least one model") }
        for entry in entries.dropFirst() where entry.evaluation.taskName != first.evaluation.taskName {
            throw .invalidParameter("`\(entry.name)` is a \(entry.evaluation.taskName) model and `\(first.name)` a \(first.evaluation.taskName) one; compare models of one task")
        }
        self.entries = entries
    }

    /// The metrics as a table: a row per model, a `model` column, `rows`, then the task's metrics
    /// (the names `tune` and `sort` know: `auc`, `logloss`, `rmse`, …).
    public var metricsTable: Table {
        let names = entries[0].evaluation.metricNames
        var columns = [Column(name: "model", values: .text(entries.map(\.name), missing: MissingMask())),
                       Column(name: "rows", values: .integer(entries.map { Int64($0.evaluation.rows) }, missing: MissingMask()))]
        for name in names {
            columns.append(Column(name: name, values: .float(entries.map { $0.evaluation.metric(name) ?? .nan }, missing: MissingMask())))
        }
        return try! Table(columns: columns)
    }
}

extension ModelEvaluation {
    /// The rows evaluated.
    public var rows: Int {
        switch self {
        case .binary(let e): e.rows
        case .multiclass(let e): e.rows
        case .regression(let e): e.rows
        case .clustering(let e): e.rows
        }
    }

    /// The kind of task, as messages name it.
    public var taskName: String {
        switch self {
        case .binary: "binary classification"
        case .multiclass: "multiclass classification"
        case .regression: "regression"
        case .clustering: "clustering"
        }
    }

    /// The metrics of the task, in the order tables show them.
    public var metricNames: [String] {
        switch self {
        case .binary: ["accuracy", "precision", "recall", "f1", "auc", "logloss", "average_precision"]
        case .multiclass: ["accuracy", "f1", "mlogloss"]
        case .regression: ["rmse", "mae", "r2"]
        case .clustering: ["inertia", "silhouette"]
        }
    }
}
