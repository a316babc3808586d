import Foundation

/// One broken constraint, as `constraint_violations.json` lists it.
public struct MonitoringViolation: Codable, Sendable, Equatable {
    public var featureName: String
    /// `data_type_check`, `completeness_check`, `baseline_drift_check`, `missing_column_check`,
    /// `extra_column_check` or `categorical_values_check`.
    public var constraintCheckType: String
    public var description: String
}

/// How far one feature's distribution has moved from the baseline's, and whether the sample could tell.
public struct FeatureDrift: Sendable, Equatable {
    public var feature: String
    /// The L∞ distance: between the CDFs (numeric features) or the value frequencies (categorical ones).
    public var distance: Double
    public var threshold: Double
    public var isCategorical: Bool
    /// The feature's present values in the data checked.
    public var rows: Int
    /// The fewest present values that tell a move of `threshold` from sampling noise (``DriftBound``); `Int.max`
    /// when no sample can (the baseline itself is too small).
    public var rowsNeeded: Int

    /// Whether the sample is large enough to judge drift at the threshold.
    public var isJudged: Bool { rows >= rowsNeeded }

    /// Drift that is not sampling noise: a distance past the threshold, on enough rows to tell.
    public var hasDrifted: Bool { isJudged && distance > threshold }
}

/// When an L∞ distance between a sample and the baseline is drift rather than noise: the two-sample
/// Kolmogorov–Smirnov bound. Were the data drawn from the baseline's distribution, the distance between
/// the empirical CDFs of n and m values exceeds c(α)·√((n+m)/(nm)), c(α) = √(−ln(α/2)/2), with probability
/// at most α. α is 1% for the whole check, shared among its features (Bonferroni), so a sample of the
/// training data itself raises no drift 99 times in 100. A sample judges a threshold t only when its
/// bound is at most t, that is with n ≥ c²m / (t²m − c²) rows; then a distance past t is drift. (For a
/// category's share the same distance is at least four binomial standard deviations.)
public enum DriftBound {
    /// The chance of any false alarm in one check.
    public static let falseAlarmRate = 0.01

    /// c(α) for a check of `features` features.
    static func coefficient(features: Int) -> Double {
        let alpha = falseAlarmRate / Double(max(features, 1))
        return (-log(alpha / 2) / 2).squareRoot()
    }

    /// The fewest rows that judge a move of `threshold` against `baselineRows` rows; `Int.max` when none can.
    public static func rowsNeeded(threshold: Double, baselineRows: Int, features: Int) -> Int {
        let c2 = coefficient(features: features) * coefficient(features: features), m = Double(baselineRows)
        let denominator = threshold * threshold * m - c2
        guard denominator > 0 else { return .max }
        return Int((c2 * m / denominator).rounded(.up))
    }
}

/// Checks current data's statistics against a baseline's statistics and constraints, as SageMaker
/// Model Monitor's data quality checks do.
public struct ConstraintChecker: Sendable {
    public var baseline: MonitoringStatistics
    public var constraints: MonitoringConstraints
    /// Overrides both drift thresholds of the constraints.
    public var threshold: Double?
    /// Columns that are neither features nor extra: the target and the prediction columns.
    public var ignoredColumns: Set<String>

    public init(baseline: MonitoringStatistics, constraints: MonitoringConstraints, threshold: Double? = nil, ignoredColumns: Set<String> = []) {
        self.baseline = baseline
        self.constraints = constraints
        self.threshold = threshold
        self.ignoredColumns = ignoredColumns
    }

    /// The violations of `current`, and the drift of every feature both sides have a distribution for.
    public func check(_ current: MonitoringStatistics) -> (violations: [MonitoringViolation], drift: [FeatureDrift]) {
        var violations: [MonitoringViolation] = []
        var drift: [FeatureDrift] = []
        let rows = current.dataset.itemCount
        func violation(_ feature: String, _ check: String, _ text: String) {
            violations.append(MonitoringViolation(featureName: feature, constraintCheckType: check, description: text))
        }
        let distribution = constraints.monitoringConfig.distributionConstraints
        let compared = constraints.features.count
        func drifted(_ name: String, _ distance: Double, _ limit: Double, categorical: Bool, rows: Int, baselineRows: Int) -> FeatureDrift {
            FeatureDrift(feature: name, distance: distance, threshold: limit, isCategorical: categorical, rows: rows,
                         rowsNeeded: DriftBound.rowsNeeded(threshold: limit, baselineRows: baselineRows, features: compared))
        }
        for constraint in constraints.features {
            guard let observed = current.feature(named: constraint.name) else {
                violation(constraint.name, "missing_column_check", "the baseline's column `\(constraint.name)` is not in the data")
                continue
            }
            if let problem = typeProblem(expected: constraint.inferredType, observed: observed) {
                violation(constraint.name, "data_type_check", problem)
            }
            // Completeness: allow three binomial standard deviations of sampling noise around the baseline's share.
            let expected = constraint.completeness
            let noise = 3 * (expected * (1 - expected) / Double(max(rows, 1))).squareRoot()
            if observed.completeness < expected - noise - 1e-12 {
                violation(constraint.name, "completeness_check", String(format: "%.2f%% of the values are present; the baseline had %.2f%%",
                                                                        observed.completeness * 100, expected * 100))
            }
            if let domain = constraint.stringConstraints?.domains, let buckets = observed.stringStatistics?.distribution.categorical.buckets,
               observed.common.numPresent > 0 {
                let allowed = Set(domain)
                let outside = buckets.filter { !allowed.contains($0.value) }
                let share = 1 - Double(outside.reduce(0) { $0 + $1.count }) / Double(observed.common.numPresent)
                if !outside.isEmpty, share < constraints.monitoringConfig.domainContentThreshold {
                    let shown = outside.prefix(5).map { "\"\($0.value)\" (\($0.count))" }.joined(separator: ", ")
                    violation(constraint.name, "categorical_values_check",
                              "\(outside.count) value\(outside.count == 1 ? "" : "s") not seen in training: \(shown)" + (outside.count > 5 ? ", …" : ""))
                }
            }
            guard distribution.performComparison == "Enabled", let reference = baseline.feature(named: constraint.name) else { continue }
            let (rows, baselineRows) = (observed.common.numPresent, reference.common.numPresent)
            if let distance = Self.numericDistance(reference, observed) {
                drift.append(drifted(constraint.name, distance, threshold ?? distribution.comparisonThreshold, categorical: false,
                                     rows: rows, baselineRows: baselineRows))
            } else if let distance = Self.categoricalDistance(reference, observed) {
                drift.append(drifted(constraint.name, distance, threshold ?? distribution.categoricalComparisonThreshold, categorical: true,
                                     rows: rows, baselineRows: baselineRows))
            }
        }
        for item in drift where item.hasDrifted {
            violation(item.feature, "baseline_drift_check", String(format: "the %@ moved by %.3f (L∞), more than the threshold %g",
                                                                   item.isCategorical ? "value frequencies" : "distribution",
                                                                   item.distance, item.threshold))
        }
        let known = Set(constraints.features.map(\.name))
        for feature in current.features where !known.contains(feature.name) && !ignoredColumns.contains(feature.name) {
            violation(feature.name, "extra_column_check", "`\(feature.name)` is not a column of the baseline")
        }
        return (violations, drift)
    }

    private func typeProblem(expected: String, observed: MonitoringStatistics.Feature) -> String? {
        guard observed.common.numPresent > 0, expected != observed.inferredType else { return nil }
        switch (expected, observed.inferredType) {
        case ("Fractional", "Integral"), ("String", _): return nil
        case ("Integral", "Fractional"): return "expected whole numbers (Integral), found numbers with fractions (Fractional)"
        default: return "expected \(expected == "String" ? "text" : "numbers") (\(expected)), found \(observed.inferredType == "String" ? "text" : "numbers") (\(observed.inferredType))"
        }
    }

    /// The L∞ distance between the empirical CDFs of two numeric features' percentiles.
    static func numericDistance(_ a: MonitoringStatistics.Feature, _ b: MonitoringStatistics.Feature) -> Double? {
        guard let p = a.numericalStatistics?.distribution.percentiles, let q = b.numericalStatistics?.distribution.percentiles,
              !p.isEmpty, !q.isEmpty else { return nil }
        let points = Set(p + q).sorted()
        var i = 0, j = 0, largest = 0.0
        for x in points {
            while i < p.count, p[i] <= x { i += 1 }
            while j < q.count, q[j] <= x { j += 1 }
            largest = max(largest, abs(Double(i) / Double(p.count) - Double(j) / Double(q.count)))
        }
        return largest
    }

    /// The L∞ distance between two categorical features' value frequencies.
    static func categoricalDistance(_ a: MonitoringStatistics.Feature, _ b: MonitoringStatistics.Feature) -> Double? {
        guard let x = a.stringStatistics, let y = b.stringStatistics, x.common.numPresent > 0, y.common.numPresent > 0 else { return nil }
        func shares(_ statistics: MonitoringStatistics.StringStatistics) -> [String: Double] {
            Dictionary(statistics.distribution.categorical.buckets.map { ($0.value, Double($0.count) / Double(statistics.common.numPresent)) },
                       uniquingKeysWith: +)
        }
        let first = shares(x), second = shares(y)
        return Set(first.keys).union(second.keys).map { abs((first[$0] ?? 0) - (second[$0] ?? 0)) }.max() ?? 0
    }
}
