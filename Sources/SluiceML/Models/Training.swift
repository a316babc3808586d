import Foundation
import SluiceData

/// Trains models on tables: prepares the features with the recipe, encodes
/// the target, and fits the estimator. With a collective of several workers
/// (a job's ranks), each holding the whole table, the recipe is fitted on all
/// of it and the estimator shares the rows out between them.
public enum Training {
    /// Trains boosted trees predicting `target`. Categorical columns that the
    /// recipe leaves unencoded are one-hot encoded; text columns are an error.
    public static func boostedTrees(
        on table: Table, target: String, recipe: Recipe = Recipe(), parameters: BoostingParameters,
        validation: Table? = nil, sluiceVersion: String, collective: any Collective = LocalCollective(), layout: RowLayout = .replicated,
        progress: (TrainingProgress) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) throws -> TrainedModel {
        guard let targetColumn = table.column(named: target) else { throw ModelError.missingFeature(target) }
        let pooling = layout == .sharded ? collective : LocalCollective()
        let encoding = try TargetEncoding(column: targetColumn, objective: parameters.objective, collective: pooling)
        let (fitted, matrix) = try prepareFeatures(try table.dropping([target]), recipe: recipe, collective: pooling)
        var validationSet: (features: FeatureMatrix, labels: [Double])?
        if let validation {
            guard let column = validation.column(named: target) else { throw ModelError.missingFeature(target) }
            let labels = try TargetEncoding(column: column, task: encoding.task).labels
            let prepared = try fitted.apply(to: try validation.dropping([target]))
            validationSet = (try FeatureMatrix(table: prepared, names: matrix.names), labels)
        }
        let classCount: Int = if case .multiclassClassification(let classes) = encoding.task { classes.count } else { 2 }
        let model = try GradientBoostedTrees(parameters: parameters, collective: collective, layout: layout).fit(
            features: matrix, labels: encoding.labels, objective: objectiveFor(encoding.task), classCount: classCount,
            validation: validationSet, progress: progress, shouldStop: shouldStop)
        return trainedModel(.xgboost, target: target, task: encoding.task, recipe: fitted, features: matrix,
                            estimator: .boostedTrees(model), table: table, sluiceVersion: sluiceVersion, shards: pooling)
    }

    /// The task a model predicting `target` learns from `table`: binary, multiclass or regression, as the
    /// target's values imply or `objective` forces.
    public static func task(predicting target: String, in table: Table, objective: BoostingObjective? = nil) throws -> ModelTask {
        guard let column = table.column(named: target) else { throw ModelError.missingFeature(target) }
        return try TargetEncoding(column: column, objective: objective).task
    }

    /// Trains the linear learner predicting `target`: logistic loss for two
    /// classes, softmax loss for more, squared loss for numbers (`loss` overrides).
    public static func linearLearner(
        on table: Table, target: String, recipe: Recipe = Recipe(), parameters: LinearParameters, loss: LinearLoss? = nil,
        sluiceVersion: String, collective: any Collective = LocalCollective(), layout: RowLayout = .replicated,
        progress: (Int, Int) -> Void = { _, _ in }, shouldStop: () -> Bool = { false }
    ) throws -> TrainedModel {
        guard let targetColumn = table.column(named: target) else { throw ModelError.missingFeature(target) }
        let pooling = layout == .sharded ? collective : LocalCollective()
        let encoding = try TargetEncoding(column: targetColumn, objective: loss?.objective, collective: pooling)
        let (fitted, matrix) = try prepareFeatures(try table.dropping([target]), recipe: recipe, collective: pooling)
        let chosenLoss: LinearLoss
        var classCount = 2
        switch encoding.task {
        case .binaryClassification: chosenLoss = .logistic
        case .multiclassClassification(let classes):
            chosenLoss = .multinomial
            classCount = classes.count
        case .regression, .clustering: chosenLoss = .squared
        }
        let model = try LinearLearner(parameters: parameters, collective: collective, layout: layout).fit(matrix, labels: encoding.labels, loss: chosenLoss,
                                                                  classCount: classCount, progress: progress, shouldStop: shouldStop)
        return trainedModel(.linearLearner, target: target, task: encoding.task, recipe: fitted, features: matrix,
                            estimator: .linear(model), table: table, sluiceVersion: sluiceVersion, shards: pooling)
    }

    /// Clusters the rows with k-means after the recipe (categoricals left
    /// unencoded are one-hot encoded). Rows must be complete: impute first.
    public static func kmeans(
        on table: Table, recipe: Recipe = Recipe(), parameters: KMeansParameters, sluiceVersion: String,
        collective: any Collective = LocalCollective(), layout: RowLayout = .replicated, progress: (Int, Int) -> Void = { _, _ in },
        shouldStop: () -> Bool = { false }
    ) throws -> TrainedModel {
        let pooling = layout == .sharded ? collective : LocalCollective()
        let (fitted, matrix) = try prepareFeatures(table, recipe: recipe, collective: pooling)
        let model = try KMeans(parameters: parameters, collective: collective, layout: layout).fit(matrix, progress: progress, shouldStop: shouldStop)
        return trainedModel(.kmeans, target: nil, task: .clustering(k: parameters.k), recipe: fitted, features: matrix,
                            estimator: .kmeans(model), table: table, sluiceVersion: sluiceVersion, shards: pooling)
    }

    /// A trained model with its lineage and the training table's profile (from at most 50,000 rows). Over
    /// the shards of several workers, the lineage counts every shard's rows and its fingerprint is taken over
    /// every shard's (in rank order); the profile is this worker's shard's.
    private static func trainedModel(_ algorithm: Algorithm, target: String?, task: ModelTask, recipe: FittedRecipe,
                                     features: FeatureMatrix, estimator: Estimator, table: Table,
                                     sluiceVersion: String, shards: any Collective) -> TrainedModel {
        var rows = table.rowCount
        var print = fingerprint(table)
        if shards.size > 1 {
            rows = shards.shardPosition(count: table.rowCount).total
            print = fingerprint(of: shards.allGather(Array(print.utf8)).joined(separator: [UInt8(ascii: ",")]))
        }
        let profiled = table.profileSample(limit: 50_000)
        let inputs = Set(recipe.inputSchema.map(\.name))
        return TrainedModel(
            algorithm: algorithm, target: target, task: task, recipe: recipe, inputSchema: recipe.inputSchema,
            featureNames: features.names, estimator: estimator,
            lineage: Lineage(dataFingerprint: print, trainingRows: rows,
                             trainedAt: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)),
                             sluiceVersion: sluiceVersion),
            trainingStatistics: profiled.profile(topValues: TrainedModel.baselineCategories),
            trainingSketches: BaselineSketches(profiled.numericSketches(of: inputs)))
    }

    /// Fits the recipe (plus one-hot encoding for the categoricals it leaves, date parts for the datetimes) and
    /// builds the features; with a
    /// collective, `features` is this worker's shard and the recipe is fitted on every shard.
    static func prepareFeatures(_ features: Table, recipe: Recipe,
                                collective: any Collective = LocalCollective()) throws -> (FittedRecipe, FeatureMatrix) {
        var fullRecipe = recipe
        let afterRecipe = try recipe.fit(on: features, collective: collective).apply(to: features)
        let unencoded = afterRecipe.columns.filter { $0.kind == .categorical }.map(\.name)
        if !unencoded.isEmpty { fullRecipe = fullRecipe.adding(.encodeOneHot(columns: unencoded)) }
        let datetimes = afterRecipe.columns.filter { $0.kind == .datetime }.map(\.name)
        if !datetimes.isEmpty { fullRecipe = fullRecipe.adding(.dateParts(columns: datetimes)) }
        if let text = afterRecipe.columns.first(where: { $0.kind == .text }) {
            throw ModelError.nonNumericFeature(text.name, .text)
        }
        let fitted = try fullRecipe.fit(on: features, collective: collective)
        return (fitted, try FeatureMatrix(table: try fitted.apply(to: features)))
    }

    static func objectiveFor(_ task: ModelTask) -> BoostingObjective {
        switch task {
        case .binaryClassification: .binaryLogistic
        case .multiclassClassification: .multiSoftprob
        case .regression, .clustering: .squaredError
        }
    }

    /// FNV-1a over bytes (the shards' fingerprints, joined).
    static func fingerprint(of bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// FNV-1a over the column names, kinds and every value (raw bits for numbers, text otherwise): the
    /// fingerprint a model's lineage and a run's data keep.
    public static func fingerprint(_ table: Table) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) {
            hash ^= word
            hash = hash &* 0x100_0000_01b3
        }
        func mix(_ text: String) {
            for byte in text.utf8 { mix(UInt64(byte)) }
            mix(0xff)
        }
        for column in table.columns {
            mix(column.name)
            mix(column.kind.rawValue)
            switch column.values {
            case .integer(let values, _), .datetime(let values, _): for value in values { mix(UInt64(bitPattern: value)) }
            case .float(let values, _): for value in values { mix(value.bitPattern) }
            case .boolean(let values, _): for value in values { mix(value ? 1 : 0) }
            case .categorical(let codes, let levels):
                levels.forEach { mix($0) }
                for code in codes { mix(UInt64(bitPattern: Int64(code))) }
            case .text(let values, _): values.forEach { mix($0) }
            }
            if column.missingCount > 0 {
                for row in 0..<column.count where column.isMissing(row) { mix(UInt64(row)) }
            }
        }
        return String(hash, radix: 16)
    }
}

extension LinearLoss {
    /// The boosting objective with the same task, which decides how the target is encoded.
    public var objective: BoostingObjective {
        switch self {
        case .squared: .squaredError
        case .logistic: .binaryLogistic
        case .multinomial: .multiSoftprob
        }
    }
}
