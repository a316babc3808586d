import SluiceData

/// How the tuner starts one candidate of an algorithm: its fixed parameters plus the searched values,
/// trained on each validation part and scored with the metric. Boosted trees share their prepared parts
/// between trials and train round by round; the linear learner and k-means train and score each part at once.
public struct TrialSetup {
    public let algorithm: Algorithm
    public let parts: [ValidationPart]
    public let target: String?
    public let recipe: Recipe
    public let metric: String
    public let fixed: [ParameterSetting]
    public let sluiceVersion: String

    public init(algorithm: Algorithm, parts: [ValidationPart], target: String?, recipe: Recipe, metric: String,
                fixed: [ParameterSetting], sluiceVersion: String) {
        self.algorithm = algorithm
        self.parts = parts
        self.target = target
        self.recipe = recipe
        self.metric = metric
        self.fixed = fixed
        self.sluiceVersion = sluiceVersion
    }

    /// The settings of a candidate: the fixed ones, then the searched values by name.
    public func settings(_ values: [String: TuningValue]) -> [ParameterSetting] {
        fixed + values.sorted { $0.key < $1.key }.map { name, value in
            switch value {
            case .number(let x): ParameterSetting(name, .number(x))
            case .text(let s): ParameterSetting(name, .text(s))
            }
        }
    }

    /// What the tuner calls to start a candidate with the values it chose, on `threads` cores unless
    /// the parameters say otherwise. A candidate whose parameters are out of range throws ``ParameterError``.
    public func starter(shouldStop: @escaping @Sendable () -> Bool) -> ([String: TuningValue], Int) throws -> any TrialRun {
        let parts = parts, target = target, recipe = recipe, metric = metric, version = sluiceVersion
        switch algorithm {
        case .xgboost:
            let trials = BoostingTrials(parts: parts.map { ($0.train, $0.validate) }, target: target ?? "", recipe: recipe, metric: metric)
            return { values, threads in
                guard case .boostedTrees(var parameters, _) = try algorithm.configuration(settings(values)) else { preconditionFailure() }
                if parameters.threads == nil { parameters.threads = threads }
                return try trials.start(parameters, shouldStop: shouldStop)
            }
        case .linearLearner, .kmeans:
            return { values, threads in
                var configuration = try algorithm.configuration(settings(values), rows: parts[0].train.rowCount)
                if configuration.threads == nil { configuration.threads = threads }
                let chosen = configuration
                return ComputedTrialRun {
                    try parts.map { part in
                        let model = try chosen.train(on: part.train, target: target, recipe: recipe, sluiceVersion: version,
                                                     shouldStop: shouldStop)
                        return try model.evaluate(on: part.validate).metric(metric)!
                    }
                }
            }
        }
    }
}

/// Rows to train a candidate on and rows to score it on.
public struct ValidationPart: Sendable {
    public var train: Table
    public var validate: Table

    /// A stratified (for a categorical target) split that trains on `trainShare` of the table and validates on the rest, or
    /// `folds` parts of cross-validation, in which each row validates once.
    public static func parts(of table: Table, target: String?, folds: Int?, trainShare: Double = 0.8,
                             seed: UInt64) throws -> [ValidationPart] {
        let stratify = target.flatMap { table.column(named: $0) }.flatMap { $0.kind.isNumeric ? nil : $0.name }
        guard let folds else {
            let (train, validate) = try table.split(fraction: trainShare, stratify: stratify, seed: seed)
            return [ValidationPart(train: train, validate: validate)]
        }
        var generator = SeededGenerator(seed: seed)
        var foldOfRow = [Int](repeating: 0, count: table.rowCount)
        var groups = [Array(0..<table.rowCount)]
        if let stratify, let column = table.column(named: stratify) {
            var byValue: [String: [Int]] = [:]
            for row in 0..<table.rowCount { byValue[column.formattedValue(at: row) ?? "\u{0}", default: []].append(row) }
            groups = byValue.keys.sorted().map { byValue[$0]! }
        }
        var offset = 0
        for group in groups {
            for (position, index) in generator.permutation(of: group.count).enumerated() {
                foldOfRow[group[index]] = (position + offset) % folds
            }
            offset += group.count
        }
        return (0..<folds).map { fold in
            ValidationPart(train: table.gathering((0..<table.rowCount).filter { foldOfRow[$0] != fold }),
                           validate: table.gathering((0..<table.rowCount).filter { foldOfRow[$0] == fold }))
        }
    }
}
