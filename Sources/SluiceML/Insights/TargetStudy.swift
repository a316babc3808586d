import SluiceData

/// The part of the insights report that looks at the target: the rows that have one (at most
/// ``InsightThresholds/sampleLimit``, at an even stride), split so that every fourth row is held out.
struct TargetStudy {
    let target: String
    let sample: Table
    let task: ModelTask
    let labels: [Double]
    let train: [Int]
    let holdout: [Int]

    var rows: Int { sample.rowCount }

    init(table: Table, target: String) throws {
        let targetColumn = table.column(named: target)!
        var present = table
        if targetColumn.missingCount > 0 {
            present = table.filtered((0..<table.rowCount).map { !targetColumn.isMissing($0) })
        }
        let limit = InsightThresholds.sampleLimit
        if present.rowCount > limit {
            present = present.gathering(Array(stride(from: 0, to: present.rowCount, by: (present.rowCount + limit - 1) / limit)))
        }
        guard present.rowCount >= 8 else {
            throw ModelError.invalidTarget("`\(target)` has a value in \(present.rowCount) rows; the target's insights need at least 8")
        }
        let encoding = try TargetEncoding(column: present.column(named: target)!, objective: nil)
        self.target = target
        sample = present
        task = encoding.task
        labels = encoding.labels
        train = (0..<present.rowCount).filter { $0 % 4 != 3 }
        holdout = (0..<present.rowCount).filter { $0 % 4 == 3 }
    }

    /// The rows of each class, for a class target.
    var classCounts: [Int]? {
        let classes: Int
        switch task {
        case .binaryClassification: classes = 2
        case .multiclassClassification(let names): classes = names.count
        case .regression, .clustering: return nil
        }
        var counts = [Int](repeating: 0, count: classes)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }

    /// The held-out score of the column `name` alone.
    func power(of name: String) -> Double? {
        SingleFeaturePower.score(of: sample.column(named: name)!, labels: labels, task: task, train: train, holdout: holdout)
    }

    /// Boosted trees (30 rounds, depth 4) on every column it can use, as numbers: categories and short
    /// text as their sorted level's position, datetimes as microseconds. Text or categories with more than
    /// ``InsightThresholds/highCardinality`` values are left out.
    func quickModel(usable columns: [ColumnInsight], sluiceVersion: String) throws -> QuickModelInsight? {
        var features: [Column] = []
        var leftOut: [String] = []
        for insight in columns {
            let column = sample.column(named: insight.name)!
            if let numeric = Self.numericFeature(column) { features.append(numeric) } else { leftOut.append(insight.name) }
        }
        guard !features.isEmpty else { return nil }
        let table = try Table(columns: features + [sample.column(named: target)!])
        var parameters = BoostingParameters()
        parameters.rounds = 30
        parameters.maxDepth = 4
        let model = try Training.boostedTrees(on: table.gathering(train), target: target, parameters: parameters, sluiceVersion: sluiceVersion)
        let evaluation = try model.evaluate(on: table.gathering(holdout))
        let metric = switch task {
        case .binaryClassification: "auc"
        case .multiclassClassification: "accuracy"
        default: "r2"
        }
        return QuickModelInsight(metric: metric, score: evaluation.metric(metric) ?? .nan,
                                 importance: try model.importance().map { ($0.feature, $0.share) }, leftOut: leftOut)
    }

    /// The column as numbers a tree can split, or nil when it has too many distinct texts.
    private static func numericFeature(_ column: Column) -> Column? {
        switch column.values {
        case .integer, .float, .boolean:
            return column
        case .datetime(let values, let missing):
            return Column(name: column.name, values: .float(values.map(Double.init), missing: missing))
        case .categorical, .text:
            let texts = (0..<column.count).map { column.formattedValue(at: $0) }
            let levels = Set(texts.compactMap { $0 }).sorted()
            guard levels.count <= InsightThresholds.highCardinality else { return nil }
            let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($0.element, Int64($0.offset)) })
            return Column(name: column.name, values: .integer(texts.map { $0.map { position[$0]! } ?? 0 },
                                                              missing: MissingMask(missingRows: texts.indices.filter { texts[$0] == nil })))
        }
    }
}
