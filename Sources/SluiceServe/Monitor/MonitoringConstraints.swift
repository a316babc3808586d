/// `constraints.json` in SageMaker Model Monitor's shape: what each feature's type, completeness and
/// values should be, and how distributions are compared. Suggested from a baseline's statistics;
/// a person may edit it, and the checks follow the edited file.
public struct MonitoringConstraints: Codable, Sendable, Equatable {
    public struct StringConstraints: Codable, Sendable, Equatable {
        /// The values the feature may take; nil when it is free text.
        public var domains: [String]?
    }

    public struct NumConstraints: Codable, Sendable, Equatable {
        /// Whether the feature's values were never negative in the baseline.
        public var isNonNegative: Bool
    }

    public struct Feature: Codable, Sendable, Equatable {
        public var name: String
        public var inferredType: String
        /// The smallest share of values that must be present.
        public var completeness: Double
        /// Numeric features' constraints (absent from files written before they were kept).
        public var numConstraints: NumConstraints?
        public var stringConstraints: StringConstraints?
    }

    public struct DistributionConstraints: Codable, Sendable, Equatable {
        public var performComparison: String
        /// Numeric features drift when the L∞ distance between the CDFs exceeds this.
        public var comparisonThreshold: Double
        public var comparisonMethod: String
        /// Categorical features drift when the L∞ distance between the value frequencies exceeds this.
        public var categoricalComparisonThreshold: Double
        public var categoricalDriftMethod: String
    }

    public struct MonitoringConfig: Codable, Sendable, Equatable {
        public var evaluateConstraints: String
        public var emitMetrics: String
        /// The share of a feature's values that must have its type.
        public var datatypeCheckThreshold: Double
        /// The share of a categorical feature's values that must be in its domain.
        public var domainContentThreshold: Double
        public var distributionConstraints: DistributionConstraints
    }

    public var version = 0
    public var features: [Feature]
    public var monitoringConfig: MonitoringConfig

    /// A categorical feature gets a domain when it has at most this many distinct values.
    static let largestDomain = 1_000

    /// The constraints a baseline suggests: its types and completeness, the value sets of categorical
    /// features, and a drift threshold.
    public init(suggestedBy statistics: MonitoringStatistics, threshold: Double = 0.1) {
        features = statistics.features.map { feature in
            let buckets = feature.stringStatistics?.distribution.categorical.buckets ?? []
            let hasDomain = feature.stringStatistics.map { $0.distinctCount <= Self.largestDomain && $0.distinctCount == buckets.count
                && $0.distinctCount * 2 <= max(2, $0.common.numPresent) } ?? false
            return Feature(
                name: feature.name, inferredType: feature.inferredType, completeness: feature.completeness,
                numConstraints: feature.numericalStatistics.map { NumConstraints(isNonNegative: $0.common.numPresent == 0 || $0.min >= 0) },
                stringConstraints: feature.stringStatistics.map { _ in StringConstraints(domains: hasDomain ? buckets.map(\.value).sorted() : nil) })
        }
        monitoringConfig = MonitoringConfig(
            evaluateConstraints: "Enabled", emitMetrics: "Enabled", datatypeCheckThreshold: 1.0, domainContentThreshold: 1.0,
            distributionConstraints: DistributionConstraints(
                performComparison: "Enabled", comparisonThreshold: threshold, comparisonMethod: "Simple",
                categoricalComparisonThreshold: threshold, categoricalDriftMethod: "LInfinity"))
    }
}
