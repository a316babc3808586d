import Foundation
import Testing
@testable import SluiceML

/// scikit-learn's values for shared inputs, written by scripts/make-metric-goldens.py.
private func golden(_ key: String) -> Any {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/metrics.json")
    let all = try! JSONSerialization.jsonObject(with: Data(contentsOf: path)) as! [String: Any]
    return all[key]!
}

private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }
private func close(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { close($0, $1) } }
private func doubles(_ value: Any?) -> [Double] { (value as! [NSNumber]).map(\.doubleValue) }
private func ints(_ value: Any?) -> [Int] { (value as! [NSNumber]).map(\.intValue) }

@Suite("Metrics against scikit-learn")
struct MetricsGoldenTests {
    @Test("binary: accuracy, precision, recall, F1, AUC, log loss, AP, confusion, ROC and PR curves",
          arguments: 0..<3)
    func binary(index: Int) {
        let case_ = (golden("binary") as! [[String: Any]])[index]
        let labels = doubles(case_["labels"]), scores = doubles(case_["scores"])
        let threshold = (case_["threshold"] as! NSNumber).doubleValue
        let predicted = scores.map { $0 >= threshold ? 1 : 0 }
        let actual = labels.map { Int($0) }
        let report = Metrics.classReport(predicted: predicted, actual: actual, classes: 2)
        #expect(close(Metrics.accuracy(predicted: predicted, actual: actual), (case_["accuracy"] as! NSNumber).doubleValue))
        #expect(close(report.precision[1], (case_["precision"] as! NSNumber).doubleValue))
        #expect(close(report.recall[1], (case_["recall"] as! NSNumber).doubleValue))
        #expect(close(report.f1[1], (case_["f1"] as! NSNumber).doubleValue))
        #expect(close(Metrics.rocAUC(scores: scores, labels: labels), (case_["auc"] as! NSNumber).doubleValue))
        #expect(abs(Metrics.logLoss(probabilities: scores, labels: labels) - (case_["logloss"] as! NSNumber).doubleValue) < 1e-12)
        #expect(close(Metrics.averagePrecision(scores: scores, labels: labels), (case_["average_precision"] as! NSNumber).doubleValue))
        #expect(Metrics.confusionMatrix(predicted: predicted, actual: actual, classes: 2) == (case_["confusion"] as! [[NSNumber]]).map { $0.map(\.intValue) })
        let roc = Metrics.rocCurve(scores: scores, labels: labels)
        #expect(close(roc.falsePositiveRates, doubles(case_["roc_fpr"])))
        #expect(close(roc.truePositiveRates, doubles(case_["roc_tpr"])))
        #expect(close(roc.thresholds, doubles(case_["roc_thresholds"])))
        let pr = Metrics.precisionRecallCurve(scores: scores, labels: labels)
        #expect(close(pr.precisions, doubles(case_["pr_precision"])))
        #expect(close(pr.recalls, doubles(case_["pr_recall"])))
        #expect(close(pr.thresholds, doubles(case_["pr_thresholds"])))
    }

    @Test("multiclass: accuracy, macro and weighted precision/recall/F1, per-class F1, confusion")
    func multiclass() {
        let case_ = golden("multiclass") as! [String: Any]
        let actual = ints(case_["labels"]), predicted = ints(case_["predicted"])
        let report = Metrics.classReport(predicted: predicted, actual: actual, classes: 3)
        func value(_ key: String) -> Double { (case_[key] as! NSNumber).doubleValue }
        #expect(close(Metrics.accuracy(predicted: predicted, actual: actual), value("accuracy")))
        #expect(close(report.macro(report.precision), value("precision_macro")))
        #expect(close(report.macro(report.recall), value("recall_macro")))
        #expect(close(report.macro(report.f1), value("f1_macro")))
        #expect(close(report.weighted(report.precision), value("precision_weighted")))
        #expect(close(report.weighted(report.recall), value("recall_weighted")))
        #expect(close(report.weighted(report.f1), value("f1_weighted")))
        #expect(close(report.f1, doubles(case_["per_class_f1"])))
        #expect(Metrics.confusionMatrix(predicted: predicted, actual: actual, classes: 3) == (case_["confusion"] as! [[NSNumber]]).map { $0.map(\.intValue) })
    }

    @Test("regression: RMSE, MAE and R²")
    func regression() {
        let case_ = golden("regression") as! [String: Any]
        let actual = doubles(case_["actual"]), predicted = doubles(case_["predicted"])
        #expect(close(Metrics.rmse(predictions: predicted, targets: actual), (case_["rmse"] as! NSNumber).doubleValue))
        #expect(close(Metrics.mae(predictions: predicted, targets: actual), (case_["mae"] as! NSNumber).doubleValue))
        #expect(close(Metrics.r2(predictions: predicted, targets: actual), (case_["r2"] as! NSNumber).doubleValue))
    }

    @Test("clustering: silhouette")
    func clustering() {
        let case_ = golden("clustering") as! [String: Any]
        let points = (case_["points"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
        #expect(close(Metrics.silhouette(points: points, clusters: ints(case_["clusters"])), (case_["silhouette"] as! NSNumber).doubleValue))
    }
}
