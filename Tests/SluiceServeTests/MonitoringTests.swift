import Foundation
import SluiceData
import SluiceML
import SluiceStorage
import Testing
@testable import SluiceServe

@Suite("Model monitoring")
struct MonitoringTests {
    private func numeric(_ percentiles: [Double]) -> MonitoringStatistics.Feature {
        MonitoringStatistics.Feature(name: "n", inferredType: "Fractional", numericalStatistics: .init(
            common: .init(numPresent: percentiles.count, numMissing: 0), mean: 0, sum: 0, stdDev: 0, min: 0, max: 0,
            distribution: .init(kll: .init(buckets: []), percentiles: percentiles)), stringStatistics: nil)
    }

    private func categorical(_ counts: [(String, Int)]) -> MonitoringStatistics.Feature {
        MonitoringStatistics.Feature(name: "c", inferredType: "String", numericalStatistics: nil, stringStatistics: .init(
            common: .init(numPresent: counts.reduce(0) { $0 + $1.1 }, numMissing: 0), distinctCount: counts.count,
            distribution: .init(categorical: .init(buckets: counts.map { .init(value: $0.0, count: $0.1) }))))
    }

    @Test("L∞ distances, computed by hand: between CDFs, and between value frequencies")
    func distances() {
        // CDFs of {0,1,2,3} and {2,3,4,5}: at 1 they are 0.5 and 0, the largest gap.
        #expect(ConstraintChecker.numericDistance(numeric([0, 1, 2, 3]), numeric([2, 3, 4, 5])) == 0.5)
        #expect(ConstraintChecker.numericDistance(numeric([0, 1, 2, 3]), numeric([0, 1, 2, 3])) == 0)
        // 60/40 against 30/50/20: a moved by 0.3, b by 0.1, c by 0.2.
        let moved = ConstraintChecker.categoricalDistance(categorical([("a", 60), ("b", 40)]), categorical([("a", 30), ("b", 50), ("c", 20)]))!
        #expect(abs(moved - 0.3) < 1e-15)
    }

    @Test("each check fires on its own fault, and the target and prediction columns are not extra")
    func everyCheck() throws {
        let rows = 2000
        let baselineTable = try Table(columns: [
            Column(name: "age", values: .integer((0..<rows).map { Int64($0 % 50) }, missing: MissingMask())),
            Column(name: "plan", values: .categorical(codes: (0..<rows).map { Int32($0 % 2) }, levels: ["basic", "plus"])),
            Column(name: "spend", values: .float((0..<rows).map { Double($0 % 40) + 0.5 }, missing: MissingMask())),
            Column(name: "region", values: .categorical(codes: (0..<rows).map { Int32($0 % 3) }, levels: ["n", "s", "w"])),
        ])
        let baseline = MonitoringStatistics(table: baselineTable)
        let constraints = MonitoringConstraints(suggestedBy: baseline)
        #expect(constraints.features.first { $0.name == "plan" }?.stringConstraints?.domains == ["basic", "plus"])
        #expect(constraints.features.first { $0.name == "spend" }?.completeness == 1)
        let current = try Table(columns: [
            // fractions where the baseline had whole numbers
            Column(name: "age", values: .float((0..<rows).map { Double($0 % 50) + 0.25 }, missing: MissingMask())),
            // a new value
            Column(name: "plan", values: .categorical(codes: (0..<rows).map { Int32($0 % 3) }, levels: ["basic", "plus", "gold"])),
            // a quarter missing, and the rest shifted
            Column(name: "spend", values: .float((0..<rows).map { Double($0 % 40) + 30 }, missing: MissingMask(missingRows: stride(from: 0, to: rows, by: 4)))),
            Column(name: "extra", values: .integer(Array(repeating: 1, count: rows), missing: MissingMask())),
            Column(name: "churn", values: .integer(Array(repeating: 1, count: rows), missing: MissingMask())),
            Column(name: "score", values: .float(Array(repeating: 0.5, count: rows), missing: MissingMask())),
        ])
        let checker = ConstraintChecker(baseline: baseline, constraints: constraints, ignoredColumns: ["churn", "score"])
        let (violations, drift) = checker.check(MonitoringStatistics(table: current))
        let found = Set(violations.map { "\($0.featureName) \($0.constraintCheckType)" })
        #expect(found == [
            "age data_type_check", "plan categorical_values_check", "plan baseline_drift_check", "spend completeness_check",
            "spend baseline_drift_check", "region missing_column_check", "extra extra_column_check",
        ])
        #expect(violations.first { $0.constraintCheckType == "categorical_values_check" }?.description == "1 value not seen in training: \"gold\" (666)")
        #expect(drift.first { $0.feature == "spend" }!.hasDrifted)
        // age moved by 0.25 of a unit within 50: its CDF barely changes.
        #expect(!drift.first { $0.feature == "age" }!.hasDrifted)
    }

    @Test("the rows a sample needs to judge drift: the two-sample Kolmogorov–Smirnov bound at 1% shared among the features")
    func driftBound() {
        // c² = −ln(0.01 / 19 / 2) / 2; n ≥ c²m / (t²m − c²), computed by hand (Python's math).
        #expect(DriftBound.rowsNeeded(threshold: 0.1, baselineRows: 5634, features: 19) == 445)
        #expect(DriftBound.rowsNeeded(threshold: 0.1, baselineRows: 2000, features: 4) == 402)
        // A baseline of 1,000 rows cannot tell a move of 0.05 from noise, whatever the sample.
        #expect(DriftBound.rowsNeeded(threshold: 0.05, baselineRows: 1000, features: 2) == .max)
    }

    /// A table of 4,000 rows: a normal number, a skewed one and a category, from a seeded generator.
    private static func population(rows: Int = 4000, seed: UInt64 = 11, shift: Double = 0) throws -> Table {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        var normal: [Double] = [], skewed: [Double] = [], plan: [Int32] = []
        for _ in 0..<rows {
            normal.append((-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) * 10 + 50 + shift)
            skewed.append(-log(max(uniform(), 1e-300)) * 30)
            let u = uniform()
            plan.append(u < 0.6 ? 0 : u < 0.9 ? 1 : 2)
        }
        return try Table(columns: [
            Column(name: "normal", values: .float(normal, missing: MissingMask())),
            Column(name: "skewed", values: .float(skewed, missing: MissingMask())),
            Column(name: "plan", values: .categorical(codes: plan, levels: ["basic", "plus", "gold"])),
        ])
    }

    @Test("samples of the training data itself raise no drift; too small ones say so; injected drift is still found")
    func noFalseAlarms() throws {
        let training = try Self.population()
        let baseline = MonitoringStatistics(table: training)
        let checker = ConstraintChecker(baseline: baseline, constraints: MonitoringConstraints(suggestedBy: baseline))
        var state: UInt64 = 5
        for size in [5, 50, 348, 500, 1000, 2000] {
            for _ in 0..<20 {
                // A random sample without replacement (a partial Fisher–Yates shuffle).
                var order = Array(0..<training.rowCount)
                for i in 0..<size {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    order.swapAt(i, i + Int((state >> 33) % UInt64(training.rowCount - i)))
                }
                let (violations, drift) = checker.check(MonitoringStatistics(table: training.gathering(Array(order.prefix(size)))))
                #expect(violations.filter { $0.constraintCheckType == "baseline_drift_check" }.isEmpty, "\(size) rows: \(violations)")
                #expect(drift.allSatisfy { $0.isJudged == (size >= 348) }, "\(size)")
            }
        }
        let tiny = ModelMonitorReportProbe.report(drift: checker.check(MonitoringStatistics(table: training.head(5))).drift)
        #expect(tiny.driftNote == "5 rows are too few to judge drift (need ≥ 348)")
        // The same population moved by half a standard deviation: drift, found on 500 rows.
        let moved = try Self.population(rows: 500, seed: 99, shift: 5)
        let (violations, drift) = checker.check(MonitoringStatistics(table: moved))
        #expect(violations.map { "\($0.featureName) \($0.constraintCheckType)" } == ["normal baseline_drift_check"])
        #expect(drift.first { $0.feature == "normal" }!.distance > 0.15)
        #expect(ModelMonitorReportProbe.report(drift: drift).driftNote == nil)
    }

    @Test("statistics.json and constraints.json have SageMaker's keys")
    func fileShapes() throws {
        let table = try TestModels.table()
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let statistics = try JSONSerialization.jsonObject(with: encoder.encode(MonitoringStatistics(table: table))) as! [String: Any]
        #expect((statistics["dataset"] as! [String: Int])["item_count"] == 8)
        let features = statistics["features"] as! [[String: Any]]
        let x = features.first { $0["name"] as? String == "x" }!
        #expect(x["inferred_type"] as? String == "Fractional")
        let numbers = x["numerical_statistics"] as! [String: Any]
        #expect(numbers["common"] as! [String: Int] == ["num_present": 7, "num_missing": 1])
        #expect((numbers["sum"] as? NSNumber)?.doubleValue == 32)
        let kll = (numbers["distribution"] as! [String: Any])["kll"] as! [String: Any]
        let buckets = kll["buckets"] as! [[String: Double]]
        #expect(buckets.count == 10)
        #expect(buckets.reduce(0) { $0 + $1["count"]! } == 7)
        // The KLL sketch as SageMaker writes it: parameters c and k, and each level's items (seven values: one level).
        let sketch = kll["sketch"] as! [String: Any]
        #expect(sketch["parameters"] as? [String: Double] == ["c": 0.64, "k": 2048])
        let present = (0..<table.rowCount).compactMap { table.column(named: "x")!.isMissing($0) ? nil : table.column(named: "x")!.formattedValue(at: $0).flatMap(Double.init) }
        #expect(sketch["data"] as? [[Double]] == [present])
        let color = features.first { $0["name"] as? String == "color" }!
        #expect(color["inferred_type"] as? String == "String")
        #expect((color["string_statistics"] as! [String: Any])["distinct_count"] as? Int == 2)
        let constraints = try JSONSerialization.jsonObject(with: encoder.encode(MonitoringConstraints(suggestedBy: MonitoringStatistics(table: table)))) as! [String: Any]
        let config = constraints["monitoring_config"] as! [String: Any]
        let distribution = config["distribution_constraints"] as! [String: Any]
        #expect(distribution["comparison_threshold"] as? Double == 0.1)
        #expect(distribution["categorical_drift_method"] as? String == "LInfinity")
        // Numeric features carry `num_constraints.is_non_negative`, as SageMaker's suggested constraints do.
        let suggested = constraints["features"] as! [[String: Any]]
        let suggestedX = suggested.first { $0["name"] as? String == "x" }!
        #expect(suggestedX["num_constraints"] as? [String: Bool] == ["is_non_negative": true])
        #expect(suggested.first { $0["name"] as? String == "color" }!["num_constraints"] == nil)
        let negative = try Table(columns: [Column(name: "t", values: .float([-1, 2, 3], missing: MissingMask()))])
        let signed = MonitoringConstraints(suggestedBy: MonitoringStatistics(table: negative))
        #expect(signed.features[0].numConstraints?.isNonNegative == false)
    }

    @Test("telco: no false alarms on a fresh sample of the training distribution; injected drift is found")
    func telco() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data/telco_churn.csv").path
        let table = try CSVReader.read(path: path).table
        let (train, fresh) = try table.split(fraction: 0.7, stratify: "churn", seed: 3)
        var parameters = BoostingParameters()
        parameters.rounds = 5
        let model = try Training.boostedTrees(on: train, target: "churn", parameters: parameters, sluiceVersion: "test")
        let reports = StorageLocation.local(TestModels.temporaryFolder())
        let constraints = MonitoringConstraints(suggestedBy: ModelMonitor.baseline(of: model))
        let clean = try ModelMonitor.run(model: model, data: fresh, constraints: constraints, threshold: nil, source: "fresh", reports: reports)
        #expect(clean.violations == [])
        #expect(clean.drift.count == model.inputSchema.count)
        #expect(clean.drift.allSatisfy { $0.distance < 0.05 })
        guard case .integer(let tenure, let missing) = fresh.column(named: "tenure")!.values else {
            Issue.record("tenure is not an integer column")
            return
        }
        let drifted = try fresh.setting(Column(name: "tenure", values: .integer(tenure.map { $0 * 2 + 10 }, missing: missing)))
        let report = try ModelMonitor.run(model: model, data: drifted, constraints: constraints, threshold: nil, source: "drifted", reports: reports)
        #expect(report.violations.map(\.featureName) == ["tenure"])
        #expect(report.violations.map(\.constraintCheckType) == ["baseline_drift_check"])
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report.folder + "/constraint_violations.json"))) as! [String: [[String: String]]]
        #expect(written["violations"]?.first?["feature_name"] == "tenure")
        #expect(written["violations"]?.first?["constraint_check_type"] == "baseline_drift_check")
        #expect(FileManager.default.fileExists(atPath: report.folder + "/statistics.json"))
        // The baseline keeps a sketch of each numeric input's training values; a model read back from its bundle has
        // none (they are written beside the version) and is still the same model.
        let baseline = ModelMonitor.baseline(of: model)
        for feature in baseline.features {
            guard let numbers = feature.numericalStatistics else { continue }
            let levels = numbers.distribution.kll.sketch?.data ?? []
            #expect(levels.enumerated().reduce(0) { $0 + $1.element.count << $1.offset } == numbers.common.numPresent, "\(feature.name)")
        }
        #expect(baseline.features.contains { $0.numericalStatistics?.distribution.kll.sketch != nil })
        let reread = try JSONDecoder().decode(TrainedModel.self, from: JSONEncoder().encode(model))
        #expect(reread == model && reread.trainingSketches.byColumn.isEmpty && !model.trainingSketches.byColumn.isEmpty)
    }
}

/// A report around drift alone, for its note.
private enum ModelMonitorReportProbe {
    static func report(drift: [FeatureDrift]) -> MonitoringReport {
        MonitoringReport(source: "a sample", rows: drift.first?.rows ?? 0, violations: [], drift: drift, folder: "")
    }
}
