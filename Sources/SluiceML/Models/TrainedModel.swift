import Foundation
import SluiceData

/// What a model predicts, decided by its target.
public enum ModelTask: Sendable, Codable, Equatable {
    /// Two classes; the score is the probability of `positive`.
    case binaryClassification(negative: String, positive: String)
    case multiclassClassification(classes: [String])
    case regression
    /// Groups rows into `k` clusters, with no target.
    case clustering(k: Int)

    public var name: String {
        switch self {
        case .binaryClassification: "binary classification"
        case .multiclassClassification(let classes): "\(classes.count)-class classification"
        case .regression: "regression"
        case .clustering(let k): "clustering into \(k)"
        }
    }
}

/// The learned part of a model.
public enum Estimator: Sendable, Codable, Equatable {
    case boostedTrees(BoostedTreesModel)
    case kmeans(KMeansModel)
    case linear(LinearModel)
}

/// Where a model came from.
public struct Lineage: Sendable, Codable, Equatable {
    /// SHA-256-free, stable fingerprint of the training table's shape and values (FNV-1a, hex).
    public var dataFingerprint: String
    public var trainingRows: Int
    public var trainedAt: Date
    public var sluiceVersion: String
}

/// A trained model: the fitted recipe, the estimator and what it needs to
/// prepare new rows and name its predictions.
public struct TrainedModel: Sendable, Codable, Equatable {
    public var algorithm: Algorithm
    /// The column predicted; nil for clustering.
    public var target: String?
    public var task: ModelTask
    /// Fitted on the training table; prepares any table with `inputSchema`'s columns.
    public var recipe: FittedRecipe
    /// The columns the model reads (the target excepted).
    public var inputSchema: [ColumnSchema]
    public var featureNames: [String]
    public var estimator: Estimator
    public var lineage: Lineage
    /// Profiles of the training table's columns (from at most 50,000 rows, with the counts of up to
    /// ``baselineCategories`` values per column): the baseline that monitoring compares new data with.
    public var trainingStatistics: [ColumnProfile]
    /// Its quality on rows it did not learn from, when measured: by `evaluate` before it was saved, or by the
    /// search that chose its parameters (bundles saved before this was kept have none).
    public var heldOut: HeldOutScore?
    /// The recorded run that trained it (`train`, or the `tune` that chose it), when runs were recorded.
    public var runID: String?
    /// KLL sketches of the numeric columns of the rows `trainingStatistics` profiled, for the baseline's
    /// `statistics.json`: kept with a model just trained, in memory only (they are larger than the rest of the model),
    /// and written beside the version that stores it. Not part of the bundle nor of the model's identity.
    public var trainingSketches = BaselineSketches()

    private enum CodingKeys: String, CodingKey {
        case algorithm, target, task, recipe, inputSchema, featureNames, estimator, lineage, trainingStatistics, heldOut, runID
    }

    /// How many of a column's most frequent values the training statistics count.
    public static let baselineCategories = 1_000

    /// The table with prediction columns added:
    /// `score` and `predicted_label` (classification; `probability_<class>` per class for multiclass),
    /// `score` (regression), or `closest_cluster` and `distance_to_cluster` (clustering), as
    /// SageMaker's built-in algorithms name them. For binary models, `predicted_label` is the
    /// positive class where score ≥ `threshold`.
    public func predict(_ table: Table, threshold: Double = 0.5) throws -> Table {
        try ModelPredictor(self).predict(table, threshold: threshold)
    }
}

/// Sketches of a model's training columns, by name, that a model carries in memory without their counting in its
/// equality: two models that differ only in them are the same model.
public struct BaselineSketches: Sendable, Equatable {
    public var byColumn: [String: KLLSketch]

    public init(_ byColumn: [String: KLLSketch] = [:]) {
        self.byColumn = byColumn
    }

    public static func == (a: BaselineSketches, b: BaselineSketches) -> Bool { true }
}

/// A model made ready to predict many times (an endpoint, a batch transform): what every
/// prediction would otherwise redo, such as packing the trees, is done once.
public struct ModelPredictor: Sendable {
    public let model: TrainedModel
    private let packedTrees: [PackedTree]

    public init(_ model: TrainedModel) {
        self.model = model
        if case .boostedTrees(let trees) = model.estimator { packedTrees = trees.packedTrees() } else { packedTrees = [] }
    }

    /// ``TrainedModel/predict(_:threshold:)``.
    public func predict(_ table: Table, threshold: Double = 0.5) throws -> Table {
        let recipe = model.recipe, featureNames = model.featureNames, task = model.task
        let prepared = try recipe.apply(to: table)
        let features = try FeatureMatrix(table: prepared, names: featureNames)
        let none = MissingMask()
        let predictions: [Double]
        switch model.estimator {
        case .kmeans(let clusters):
            let (assigned, distances) = try clusters.assign(features)
            return try table
                .setting(Column(name: "closest_cluster", values: .integer(assigned.map(Int64.init), missing: none)))
                .setting(Column(name: "distance_to_cluster", values: .float(distances, missing: none)))
        case .boostedTrees(let trees):
            // One core for a few rows: waking others costs more than it saves.
            predictions = trees.predict(features, packed: packedTrees, threads: table.rowCount < 1_024 ? 1 : defaultThreadCount)
        case .linear(let linear):
            predictions = linear.predict(features)
        }
        var added: [Column] = []
        switch task {
        case .binaryClassification(let negative, let positive):
            added.append(Column(name: "score", values: .float(predictions, missing: none)))
            added.append(Column(name: "predicted_label", values: .categorical(
                codes: predictions.map { $0 >= threshold ? 1 : 0 }, levels: [negative, positive])))
        case .multiclassClassification(let classes):
            let k = classes.count
            var labels: [Int32] = []
            for row in 0..<table.rowCount {
                let slice = predictions[(row * k)..<((row + 1) * k)]
                labels.append(Int32(slice.indices.max { slice[$0] < slice[$1] }! - row * k))
            }
            added.append(Column(name: "predicted_label", values: .categorical(codes: labels, levels: classes)))
            for (index, name) in classes.enumerated() {
                added.append(Column(name: "probability_\(name)",
                                    values: .float((0..<table.rowCount).map { predictions[$0 * k + index] }, missing: none)))
            }
        case .regression, .clustering:
            added.append(Column(name: "score", values: .float(predictions, missing: none)))
        }
        // Prediction columns replace any of the same name (predicting twice keeps one set).
        return try added.reduce(table) { try $0.setting($1) }
    }
}
