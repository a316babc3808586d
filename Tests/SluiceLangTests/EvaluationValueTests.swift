import Foundation
import SluiceData
import SluiceML
import Testing
@testable import SluiceLang

/// `evaluate` as a value: bound with `let`, a table of metrics after `|`, several models side by side.
@Suite("evaluate as a value")
struct EvaluationValueTests {
    /// 200 rows: `y` is "yes" when x + noise is large; `z` a number to regress.
    private static func session() throws -> Session {
        var csv = "x,w,y,z\n"
        for row in 0..<200 {
            let x = Double(row % 37) / 37, w = Double((row * 7) % 11)
            let noise = Double((row * 13) % 17) / 17 - 0.5
            csv += "\(x),\(w),\(x + noise > 0.5 ? "yes" : "no"),\(3 * x + w / 10 + noise)\n"
        }
        let session = try GoldenTables.session(with: ["t.csv": csv])
        try session.run("""
            let t = load "t.csv"
            let a, b = t | split 70% seed 3
            let trees = train xgboost on (a | select -[z]) predicting y { rounds = 20, max_depth = 2 }
            let line = train linear_learner on (a | select -[z]) predicting y
            let reg = train xgboost on (a | select -[y]) predicting z { rounds = 20 }
            """, sourceName: "setup", sink: RecordingSink())
        return session
    }

    private func table(_ session: Session, _ code: String) throws -> Table {
        guard case .table(let table)? = try session.run(code, sourceName: "cell", sink: RecordingSink()) else {
            throw ModelError.invalidParameter("`\(code)` gave no table")
        }
        return table
    }

    private func numbers(_ table: Table, _ name: String) -> [Double] { table.column(named: name)?.presentNumbers() ?? [] }

    @Test("a bound evaluation is, after `|`, a row of its metrics equal to the evaluation's own; `save` writes that row")
    func boundValue() throws {
        let session = try Self.session()
        guard case .evaluation(let comparison)? = try session.run("let e = evaluate trees on b\ne", sourceName: "cell", sink: RecordingSink()),
              case .binary(let binary) = comparison.entries[0].evaluation else {
            Issue.record("no binary evaluation")
            return
        }
        let row = try table(session, "e | select [model, rows, auc, f1, logloss]")
        #expect(row.columnNames == ["model", "rows", "auc", "f1", "logloss"] && row.rowCount == 1)
        #expect(row.column(named: "model")?.formattedValue(at: 0) == "trees")
        #expect(numbers(row, "rows") == [Double(binary.rows)] && numbers(row, "auc") == [binary.auc])
        #expect(numbers(row, "f1") == [binary.f1] && numbers(row, "logloss") == [binary.logLoss])
        try session.run("save e to \"metrics.csv\"", sourceName: "cell", sink: RecordingSink())
        let saved = try String(contentsOfFile: session.workingDirectory + "/metrics.csv", encoding: .utf8)
        #expect(saved.hasPrefix("model,rows,accuracy,precision,recall,f1,auc,logloss,average_precision\ntrees,"))
    }

    @Test("several models: a row each with the same numbers as alone, ROC and PR curves overlaid with chance; the table sorts")
    func sideBySide() throws {
        let session = try Self.session()
        let sink = RecordingSink()
        try session.run("evaluate [trees, line] on b\nprint 1", sourceName: "cell", sink: sink)
        #expect(sink.displayed.count == 3)
        #expect(sink.displayed[0].plainText.hasPrefix("2 models · binary classification · "))
        let roc = try #require(sink.displayed[1].data["image/svg+xml"])
        #expect(roc.contains("trees (AUC ") && roc.contains("line (AUC ") && roc.contains(">chance<"))
        let spec = try #require(sink.displayed[2].data["application/vnd.vegalite.v5+json"])
        #expect(spec.contains("\"recall\"") && spec.contains("trees (AP "))

        let both = try table(session, "evaluate [trees, line] on b | sort auc desc")
        let alone = try ["trees", "line"].map { try table(session, "evaluate \($0) on b | select [model, auc, accuracy]") }
        let order = both.column(named: "model").map { column in (0..<2).map { column.formattedValue(at: $0)! } } ?? []
        #expect(Set(order) == ["trees", "line"])
        for (index, name) in order.enumerated() {
            let single = alone[name == "trees" ? 0 : 1]
            #expect(numbers(single, "auc") == [numbers(both, "auc")[index]])
            #expect(numbers(single, "accuracy") == [numbers(both, "accuracy")[index]])
        }
        #expect(numbers(both, "auc")[0] >= numbers(both, "auc")[1])
    }

    @Test("regression models overlay their predictions against the truth; mixed tasks and a name twice are errors")
    func regressionAndErrors() throws {
        let session = try Self.session()
        let sink = RecordingSink()
        try session.run("let reg2 = train linear_learner on (a | select -[y]) predicting z\nevaluate [reg, reg2] on b\nprint 1",
                        sourceName: "cell", sink: sink)
        #expect(sink.displayed.count == 2)
        #expect(sink.displayed[0].plainText.hasPrefix("2 models · regression · 60 rows\nmodel"))
        let overlay = try #require(sink.displayed[1].data["image/svg+xml"])
        #expect(overlay.contains(">reg<") && overlay.contains(">reg2<") && overlay.contains("predicted = actual"))
        let mixed = #expect(throws: SluiceError.self) { try session.run("evaluate [trees, reg] on b", sourceName: "cell", sink: RecordingSink()) }
        #expect(mixed?.summary == "`reg` is a regression model and `trees` a binary classification one; compare models of one task")
        let twice = #expect(throws: SluiceError.self) { try session.run("evaluate [trees, trees] on b", sourceName: "cell", sink: RecordingSink()) }
        #expect(twice?.summary == "`trees` is named twice")
    }
}

/// `crossvalidate` as a value: a row per fold after `|`, each fold's evaluation that of a model trained without it.
@Suite("crossvalidate")
struct CrossValidateTests {
    @Test("each fold's metrics are those of the algorithm trained on the other folds and evaluated on it; the summary is mean ± std")
    func foldsAreHeldOut() throws {
        var csv = "x,y\n"
        for row in 0..<60 { csv += "\(Double(row % 13) + Double(row % 5) / 10),\(row % 13 > 6 ? "yes" : "no")\n" }
        let session = try GoldenTables.session(with: ["t.csv": csv])
        let sink = RecordingSink()
        try session.run("""
            let t = load "t.csv"
            let cv = crossvalidate xgboost on t predicting y { folds 3, rounds = 5, max_depth = 2 }
            cv
            """, sourceName: "cell", sink: sink)
        guard case .crossValidation(let validation)? = try session.run("cv", sourceName: "cell", sink: RecordingSink()) else {
            Issue.record("no cross-validation")
            return
        }
        let folds = try CrossValidation.foldRows(of: try #require(try session.run("t", sourceName: "c", sink: RecordingSink())?.table),
                                                 target: "y", classes: true, folds: 3)
        #expect(validation.folds.map(\.evaluation.rows) == folds.map(\.count))
        #expect(validation.folds.map(\.trainingRows) == folds.map { 60 - $0.count })
        // The first fold by hand: train on the other rows, evaluate on it.
        let table = try #require(try session.run("t", sourceName: "c", sink: RecordingSink())?.table)
        var parameters = BoostingParameters()
        parameters.rounds = 5
        parameters.maxDepth = 2
        let keep = (0..<60).map { !folds[0].contains($0) }
        let model = try Training.boostedTrees(on: table.filtered(keep), target: "y", parameters: parameters, sluiceVersion: "test")
        #expect(try model.evaluate(on: table.gathering(folds[0])) == validation.folds[0].evaluation)
        let aucs = validation.folds.map { $0.evaluation.metric("auc")! }
        let mean = aucs.reduce(0, +) / 3
        let summary = try #require(validation.summary.first { $0.metric == "auc" })
        #expect(abs(summary.mean - mean) < 1e-15)
        #expect(abs(summary.std - (aucs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()) < 1e-15)
        let rows = try #require(try session.run("cv | select [fold, rows, auc]", sourceName: "c", sink: RecordingSink())?.table)
        #expect(rows.rowCount == 3 && rows.columnNames == ["fold", "rows", "auc"])
    }

    @Test("searching belongs to tune; a target k-means cannot take is an error")
    func errors() throws {
        let session = try GoldenTables.session(with: ["t.csv": "x,y\n1,a\n2,b\n3,a\n4,b\n"])
        let search = #expect(throws: SluiceError.self) {
            try session.run("crossvalidate xgboost on (load \"t.csv\") predicting y { eta in 0.1..0.3 }", sourceName: "c", sink: RecordingSink())
        }
        #expect(search?.summary == "`crossvalidate { }` takes parameters and `folds k`")
        let kmeans = #expect(throws: SluiceError.self) {
            try session.run("crossvalidate kmeans on (load \"t.csv\") predicting y { k = 2 }", sourceName: "c", sink: RecordingSink())
        }
        #expect(kmeans?.summary == "k-means learns without a target")
    }
}
