import SluiceData
import SluiceML

/// `statistics.json` in SageMaker Model Monitor's shape: per-feature counts, numeric summaries with
/// a bucketed distribution and the KLL sketch it came from, and categorical value counts. Sluice adds each numeric
/// feature's percentiles (`distribution.percentiles`, 0% to 100%), which the drift check compares.
public struct MonitoringStatistics: Codable, Sendable, Equatable {
    public struct Dataset: Codable, Sendable, Equatable {
        public var itemCount: Int
    }

    public struct Common: Codable, Sendable, Equatable {
        public var numPresent: Int
        public var numMissing: Int
    }

    public struct Bucket: Codable, Sendable, Equatable {
        public var lowerBound: Double
        public var upperBound: Double
        public var count: Int
    }

    /// A KLL sketch as SageMaker writes it: its parameters and each level's items, lowest first.
    public struct Sketch: Codable, Sendable, Equatable {
        public struct Parameters: Codable, Sendable, Equatable {
            public var c: Double
            public var k: Double
        }
        public var parameters: Parameters
        public var data: [[Double]]

        init(_ sketch: KLLSketch) {
            parameters = Parameters(c: sketch.c, k: Double(sketch.k))
            data = sketch.levels
        }
    }

    public struct KLL: Codable, Sendable, Equatable {
        public var buckets: [Bucket]
        /// Absent from baselines of models stored before sketches were kept.
        public var sketch: Sketch?
    }

    public struct NumericDistribution: Codable, Sendable, Equatable {
        public var kll: KLL
        public var percentiles: [Double]?
    }

    public struct NumericalStatistics: Codable, Sendable, Equatable {
        public var common: Common
        public var mean: Double
        public var sum: Double
        public var stdDev: Double
        public var min: Double
        public var max: Double
        public var distribution: NumericDistribution
    }

    public struct ValueBucket: Codable, Sendable, Equatable {
        public var value: String
        public var count: Int
    }

    public struct CategoricalDistribution: Codable, Sendable, Equatable {
        public struct Categorical: Codable, Sendable, Equatable {
            public var buckets: [ValueBucket]
        }
        public var categorical: Categorical
    }

    public struct StringStatistics: Codable, Sendable, Equatable {
        public var common: Common
        public var distinctCount: Int
        public var distribution: CategoricalDistribution
    }

    public struct Feature: Codable, Sendable, Equatable {
        public var name: String
        /// `Integral`, `Fractional` or `String`.
        public var inferredType: String
        public var numericalStatistics: NumericalStatistics?
        public var stringStatistics: StringStatistics?

        var common: Common { numericalStatistics?.common ?? stringStatistics?.common ?? Common(numPresent: 0, numMissing: 0) }
        /// The share of values present, 1 for an empty column.
        var completeness: Double {
            let total = common.numPresent + common.numMissing
            return total == 0 ? 1 : Double(common.numPresent) / Double(total)
        }
    }

    public var version = 0
    public var dataset: Dataset
    public var features: [Feature]

    /// The statistics of profiled columns, with the sketches of their numeric ones.
    public init(profiles: [ColumnProfile], sketches: [String: KLLSketch], itemCount: Int) {
        dataset = Dataset(itemCount: itemCount)
        features = profiles.map { Self.feature($0, sketch: sketches[$0.name]) }
    }

    /// The statistics of every column of a table.
    public init(table: Table) {
        self.init(profiles: table.profile(topValues: TrainedModel.baselineCategories),
                  sketches: table.numericSketches(of: Set(table.columnNames)), itemCount: table.rowCount)
    }

    private static func feature(_ profile: ColumnProfile, sketch: KLLSketch?) -> Feature {
        let common = Common(numPresent: profile.count, numMissing: profile.missing)
        guard profile.kind.isNumeric else {
            return Feature(name: profile.name, inferredType: "String", numericalStatistics: nil, stringStatistics: StringStatistics(
                common: common, distinctCount: profile.distinct,
                distribution: CategoricalDistribution(categorical: .init(buckets: profile.topValues.map { ValueBucket(value: $0.value, count: $0.count) }))))
        }
        let type = profile.kind == .integer ? "Integral" : "Fractional"
        guard let numeric = profile.numeric else {
            return Feature(name: profile.name, inferredType: type, numericalStatistics: NumericalStatistics(
                common: common, mean: 0, sum: 0, stdDev: 0, min: 0, max: 0,
                distribution: NumericDistribution(kll: KLL(buckets: [], sketch: sketch.map(Sketch.init)), percentiles: nil)), stringStatistics: nil)
        }
        let histogram = numeric.histogram
        let width = histogram.binWidth
        var buckets = histogram.counts.enumerated().map { index, count in
            Bucket(lowerBound: histogram.lowerBound + Double(index) * width, upperBound: histogram.lowerBound + Double(index + 1) * width, count: count)
        }
        // SageMaker materializes 10 buckets: pairs of the profile's 20 merge exactly.
        if buckets.count == 20 {
            buckets = stride(from: 0, to: 20, by: 2).map {
                Bucket(lowerBound: buckets[$0].lowerBound, upperBound: buckets[$0 + 1].upperBound, count: buckets[$0].count + buckets[$0 + 1].count)
            }
        }
        return Feature(name: profile.name, inferredType: type, numericalStatistics: NumericalStatistics(
            common: common, mean: numeric.mean, sum: numeric.sum ?? numeric.mean * Double(profile.count),
            stdDev: numeric.standardDeviation ?? 0, min: numeric.minimum, max: numeric.maximum,
            distribution: NumericDistribution(kll: KLL(buckets: buckets, sketch: sketch.map(Sketch.init)), percentiles: numeric.percentiles)),
            stringStatistics: nil)
    }

    /// The feature named `name`.
    func feature(named name: String) -> Feature? { features.first { $0.name == name } }
}
