import Testing
@testable import SluiceML
@testable import SluiceServe

@Suite("Model quality: telling a window's fall from sampling noise")
struct QualityBoundTests {
    /// A binary evaluation of 200 rows, 50 of them positive, with this AUC.
    private func binary(auc: Double) -> ModelEvaluation {
        .binary(BinaryEvaluation(negative: "No", positive: "Yes", threshold: 0.5, rows: 200, accuracy: 0.8, precision: 0.5, recall: 0.8,
                                 f1: 0.6, auc: auc, logLoss: 0.4, averagePrecision: 0.6, confusion: [[120, 30], [10, 40]],
                                 roc: ROCCurve(falsePositiveRates: [], truePositiveRates: [], thresholds: []),
                                 precisionRecall: PrecisionRecallCurve(precisions: [], recalls: [], thresholds: [])))
    }

    @Test("Hanley and McNeil's standard error of an AUC, and the binomial's, computed by hand")
    func standardErrors() {
        // A = 0.8, 50 positives, 150 negatives: Q1 = 0.8/1.2, Q2 = 1.28/1.8, SE² = (0.16 + 49(Q1 − 0.64) + 149(Q2 − 0.64))/7500.
        #expect(abs(QualityBound.aucError(auc: 0.8, positives: 50, negatives: 150) - 0.040103569620375) < 1e-12)
        #expect(abs(QualityBound.binomialError(0.9, 100) - 0.03) < 1e-15)
        #expect(QualityBound.aucError(auc: 0.8, positives: 0, negatives: 10) == .infinity)
    }

    @Test("a fall is judged once z·SE is within it: the rows needed, at the window's share of positives")
    func rowsNeeded() {
        let bound = QualityBound(metric: "auc", baseline: 0.83)
        let window = binary(auc: 0.7)
        // Counted by brute force over n with 25% positives: the least n with 2.326·SE(0.83; n/4, 3n/4) ≤ fall.
        #expect(bound.rowsNeeded(like: window, fall: 0.05) == 615)
        #expect(bound.rowsNeeded(like: window, fall: 0.2) == 40)
        // 200 rows tell a fall of 0.2 (needs 40) from noise, not one of 0.05 (needs 615).
        #expect(bound.tellsFromNoise(window, fall: 0.2))
        #expect(!bound.tellsFromNoise(window, fall: 0.05))
        // RMSE/√(2n): a baseline of 2 needs 1,083 rows for a rise of 0.1.
        let regression = ModelEvaluation.regression(RegressionEvaluation(rows: 10, rmse: 2.5, mae: 2, r2: 0.5, sampleActual: [], samplePredicted: []))
        #expect(QualityBound(metric: "rmse", baseline: 2).rowsNeeded(like: regression, fall: 0.1) == 1083)
        // A metric without a bound judges every window.
        #expect(QualityBound(metric: "f1", baseline: 0.6).tellsFromNoise(window, fall: 0.001))
        #expect(QualityBound(metric: "f1", baseline: 0.6).rowsNeeded(like: window, fall: 0.001) == nil)
    }
}
