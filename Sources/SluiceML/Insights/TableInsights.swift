import SluiceData

/// A data quality and insights report on a table: what each column is, what looks wrong or telling,
/// and what to do about it; with a target, how each column alone predicts it and what a quick model
/// makes of them all.
public struct TableInsights: Sendable, Equatable {
    /// The table's rows.
    public var rows: Int
    /// Rows equal to an earlier row in every column (pandas' `duplicated().sum()`).
    public var duplicateRows: Int
    /// The target column, when one was named.
    public var target: String?
    /// The task the target implies.
    public var task: ModelTask?
    /// The rows the target's analyses used (a sample of a large table, without rows missing the target),
    /// three quarters to learn from and a quarter held out.
    public var analysedRows: Int
    /// How many of those rows each class of a class target has, in the task's order of classes.
    public var classCounts: [Int]?
    /// One entry per column, in the table's order.
    public var columns: [ColumnInsight]
    /// What was found, most pressing first.
    public var findings: [InsightFinding]
    /// The quick model's view, when there is a target and a feature it can use.
    public var quickModel: QuickModelInsight?
}

/// What the report knows of one column.
public struct ColumnInsight: Sendable, Equatable {
    public var name: String
    public var kind: ColumnKind
    public var missing: Int
    /// Distinct present values.
    public var distinct: Int
    /// Values outside the 1.5 × IQR fences (numbers of more than two values only).
    public var outliers: Int?
    /// How well the column alone predicts the target on held-out rows (see ``SingleFeaturePower``).
    public var predictivePower: Double?
}

/// One thing found, with a line on what to do.
public struct InsightFinding: Sendable, Equatable {
    /// What kind of problem or insight it is.
    public enum Kind: String, Sendable, CaseIterable {
        case leakage, missingTarget = "missing target", constant, duplicates, highCardinality = "high cardinality"
        case imbalance, missing, correlated, outliers
    }

    /// A warning needs a look before training; an insight is worth knowing.
    public enum Severity: String, Sendable {
        case warning, insight
    }

    public var kind: Kind
    public var severity: Severity
    /// The columns it is about (none for the whole table).
    public var columns: [String]
    public var message: String
    /// What to do about it, in one line.
    public var advice: String
}

/// A quick boosted-trees model on every usable column, scored on the held-out rows.
public struct QuickModelInsight: Sendable, Equatable {
    /// `auc`, `accuracy` or `r2`.
    public var metric: String
    public var score: Double
    /// Each column's share of the model's total gain, largest first.
    public var importance: [(column: String, share: Double)]
    /// Columns the model could not use (free text, too many categories).
    public var leftOut: [String]

    public static func == (a: QuickModelInsight, b: QuickModelInsight) -> Bool {
        a.metric == b.metric && a.score == b.score && a.leftOut == b.leftOut
            && a.importance.map(\.column) == b.importance.map(\.column) && a.importance.map(\.share) == b.importance.map(\.share)
    }
}

/// The bars above which a finding is raised.
public enum InsightThresholds {
    /// A column alone reaching this hold-out AUC (R² for numbers) may leak the target.
    public static let leakageAUC = 0.95, leakageR2 = 0.9
    /// Pairs of numeric columns correlated at least this much (|Pearson's r|).
    public static let correlation = 0.9
    /// Text with more distinct values than this, making up at least `identifierShare` of its values.
    public static let highCardinality = 50, identifierShare = 0.5
    /// The smallest class below this share of the largest is imbalanced.
    public static let imbalanceRatio = 0.25
    /// A column missing in at least this share of rows is mostly missing.
    public static let mostlyMissing = 0.5
    /// Rows the target's analyses use at most, taken at an even stride.
    public static let sampleLimit = 100_000
}

extension Table {
    /// The insights report on this table, predicting `target` when named.
    public func insights(predicting target: String? = nil, sluiceVersion: String) throws -> TableInsights {
        if let target, column(named: target) == nil { throw ModelError.missingFeature(target) }
        let profiles = profile(topValues: 0, bins: 1)
        var columnInsights = zip(columns, profiles).map { column, profile in
            ColumnInsight(name: column.name, kind: column.kind, missing: profile.missing, distinct: profile.distinct,
                          // A flag of two values has no outliers, though its rarer value lies beyond an IQR of zero.
                          outliers: column.kind.isNumeric && profile.distinct > 2
                              ? profile.numeric.map { column.outlierCount(q1: $0.firstQuartile, q3: $0.thirdQuartile) } : nil,
                          predictivePower: nil)
        }
        var report = TableInsights(rows: rowCount, duplicateRows: rowCount - distinctRows().rowCount, target: target, task: nil,
                                   analysedRows: 0, classCounts: nil, columns: [], findings: [], quickModel: nil)
        if let target {
            let study = try TargetStudy(table: self, target: target)
            report.task = study.task
            report.analysedRows = study.rows
            report.classCounts = study.classCounts
            for index in columnInsights.indices where columnInsights[index].name != target {
                columnInsights[index].predictivePower = study.power(of: columnInsights[index].name)
            }
            report.quickModel = try study.quickModel(usable: columnInsights.filter { $0.name != target }, sluiceVersion: sluiceVersion)
        }
        report.columns = columnInsights
        report.findings = try InsightChecks(table: self, report: report).findings()
        return report
    }
}

extension Column {
    /// The present values below `q1 − 1.5 IQR` or above `q3 + 1.5 IQR`.
    func outlierCount(q1: Double, q3: Double) -> Int {
        let spread = 1.5 * (q3 - q1)
        return (presentNumbers() ?? []).reduce(0) { $0 + ($1 < q1 - spread || $1 > q3 + spread ? 1 : 0) }
    }
}
