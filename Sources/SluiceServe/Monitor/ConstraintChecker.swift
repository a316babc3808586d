import Foundation

/// One broken constraint, as `constraint_violations.json` lists it.
public struct MonitoringViolation: Codable, Sendable, Equatable {
    public var featureName: String
    /// `data_type_check`, `completeness_check`, `baseline_drift_check`, `missing_column_check`,
    /// `extra_column_check` or `categorical_values_check`.
    public var constraintCheckType: String
    public var description: String
}

/// How far one feature's distribution has moved from the baseline's.
public struct FeatureDrift: Sendable, Equatable {
    public var feature: String
    /// The L∞ distance: between the CDFs (numeric features) or the value frequencies (categorical ones).
    public var distance: Double
    public var threshold: Double
    public var isCategorical: Bool

    public var hasDrifted: Bool { distance > threshold }
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
            if let distance = Self.numericDistance(reference, observed) {
                let limit = threshold ?? distribution.comparisonThreshold
                drift.append(FeatureDrift(feature: constraint.name, distance: distance, threshold: limit, isCategorical: false))
            } else if let distance = Self.categoricalDistance(reference, observed) {
                let limit = threshold ?? distribution.categoricalComparisonThreshold
                drift.append(FeatureDrift(feature: constraint.name, distance: distance, threshold: limit, isCategorical: true))
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
