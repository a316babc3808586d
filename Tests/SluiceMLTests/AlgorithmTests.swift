import Foundation
import SluiceData
import Testing
@testable import SluiceML

/// 300 rows: x in 0…29 (each ten times), a label that is x > 14 with every seventh row flipped, and noise.
private func table() throws -> Table {
    var text = "x,noise,label\n"
    for row in 0..<300 {
        let x = row % 30
        let flipped = row % 7 == 0
        text += "\(x),\((row * 37) % 11),\((x > 14) != flipped ? "yes" : "no")\n"
    }
    return try CSVReader.read(bytes: Array(text.utf8), source: "t.csv").table
}

@Suite("Algorithms")
struct AlgorithmTests {
    @Test("parameters are read and checked by the algorithm, and a complaint says which setting and where")
    func configuration() throws {
        guard case .boostedTrees(let parameters, nil) = try Algorithm.xgboost.configuration(
            [ParameterSetting("rounds", .number(7)), ParameterSetting("grow_policy", .text("lossguide"))]) else {
            Issue.record("not a boosting configuration")
            return
        }
        #expect(parameters.rounds == 7 && parameters.growPolicy == .lossguide && parameters.eta == 0.3)
        #expect(throws: ParameterError(isUnknownName: false, place: .setting("eta"), message: "`eta` must be in (0, 1]", label: "out of range")) {
            try Algorithm.xgboost.configuration([ParameterSetting("eta", .number(2))])
        }
        #expect(throws: ParameterError(isUnknownName: true, place: .name("etta"), message: "unknown parameter `etta` for xgboost",
                                       label: "not a parameter")) {
            try Algorithm.xgboost.configuration([ParameterSetting("etta", .number(0.1))])
        }
        #expect(throws: ParameterError(isUnknownName: true, place: .value("optimizer"), message: "unknown optimizer \"newton\"",
                                       label: "not an optimizer", help: "optimizers: \"lbfgs\", \"adam\", \"sgd\"")) {
            try Algorithm.linearLearner.configuration([ParameterSetting("optimizer", .text("newton"))])
        }
        #expect(throws: ParameterError(isUnknownName: false, place: .value("k"), message: "`k` must be a whole number",
                                       label: "expected a whole number")) {
            try Algorithm.kmeans.configuration([ParameterSetting("k", .number(2.5))])
        }
        #expect(throws: ParameterError(isUnknownName: false, place: .setting("k"), message: "`k` (9) is more than the 5 rows to cluster",
                                       label: "out of range")) {
            try Algorithm.kmeans.configuration([ParameterSetting("k", .number(9))], rows: 5)
        }
        #expect(Algorithm.allCases.map(\.name) == ["xgboost", "kmeans", "linear_learner"])
        #expect(Algorithm.allCases.filter(\.learnsTarget) == [.xgboost, .linearLearner])
    }

    @Test("SluiceML tunes with cross-validation folds on its own: each row validates once, stratified, and the best refits")
    func tuningWithFolds() throws {
        let data = try table()
        let parts = try ValidationPart.parts(of: data, target: "label", folds: 3, seed: 5)
        #expect(parts.count == 3)
        #expect(parts.map { $0.validate.rowCount }.reduce(0, +) == 300)
        #expect(parts.allSatisfy { $0.train.rowCount + $0.validate.rowCount == 300 })
        let positives = { (table: Table) in (0..<table.rowCount).filter { table.column(named: "label")!.formattedValue(at: $0) == "yes" }.count }
        let share = Double(positives(data)) / 300
        for part in parts { #expect(abs(Double(positives(part.validate)) / Double(part.validate.rowCount) - share) < 0.01) }
        let setup = TrialSetup(algorithm: .xgboost, parts: parts, target: "label", recipe: Recipe(), metric: "auc",
                               fixed: [ParameterSetting("rounds", .number(20))], sluiceVersion: "test")
        let tuner = Tuner(ranges: [("max_depth", .uniform(1, 4, integer: true))], strategy: .grid, trials: 4, seed: 1, maximize: true)
        let trials = try tuner.run(start: setup.starter(shouldStop: { false }), shouldStop: { false }, progress: { _, _ in })
        #expect(trials.count == 4)
        #expect(trials.allSatisfy { $0.partValues.count == 3 })
        let best = try #require(tuner.best(of: trials))
        #expect(best.value == trials.map(\.value).max())
        // A trial's value is the mean of its folds', each the AUC of a model trained on the other two folds.
        let depth = try #require(best.parameters["max_depth"])
        guard case .boostedTrees(let parameters, _) = try Algorithm.xgboost.configuration(setup.settings(["max_depth": depth])) else {
            Issue.record("not a boosting configuration")
            return
        }
        let first = try Training.boostedTrees(on: parts[0].train, target: "label", parameters: parameters, sluiceVersion: "test")
        #expect(abs(try first.evaluate(on: parts[0].validate).metric("auc")! - best.partValues[0]) < 1e-12)
    }
}
