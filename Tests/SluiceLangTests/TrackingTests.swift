import Foundation
import SluiceData
import SluiceDisplay
import SluiceML
import SluiceTracking
import Testing
@testable import SluiceLang

/// Runs, the registry and lineage, as a session records and shows them.
@Suite("Tracking")
struct TrackingTests {
    private static let rows: String = {
        var csv = "a,b,y\n"
        for row in 0..<160 {
            let a = Double(row % 13) / 2, b = Double((row * 7) % 11)
            csv += "\(a),\(b),\(a + b / 3 + Double(row % 4) / 3 > 5 ? "yes" : "no")\n"
        }
        return csv
    }()

    private func table(_ session: Session, _ source: String) throws -> Table {
        let value = try session.run(source, sourceName: "cell 9", sink: RecordingSink())
        return try #require(value?.table)
    }

    private func texts(_ table: Table, _ name: String) throws -> [String] {
        let column = try #require(table.column(named: name))
        return (0..<table.rowCount).map { column.formattedValue(at: $0) ?? "∅" }
    }

    @Test("train, tune and its trials, crossvalidate and evaluate are recorded: statement, place, data, every parameter, metrics")
    func recorded() throws {
        let session = try GoldenTables.session(with: ["t.csv": Self.rows])
        session.origin = .notebook("/home/me/churn.ipynb")
        try session.run("""
            let t = load "t.csv"
            let a, b = t | split 75% seed 2
            let m = train xgboost on a predicting y using (recipe | scale standard [a]) { rounds = 7, max_depth = 2 }
            let best = tune xgboost on a predicting y { trials 3, search random, rounds = 5, eta in 0.1..0.3 }
            let cv = crossvalidate linear_learner on a predicting y { folds 4 }
            evaluate [m, best] on b
            """, sourceName: "cell 3", sink: RecordingSink())
        let log = try RunLog(root: session.workingDirectory + "/.sluice")
        let runs = try log.runs()
        #expect(runs.map(\.kind) == [.train, .trial, .trial, .trial, .tune, .crossvalidate, .evaluate, .evaluate])
        let train = runs[0], tune = runs[4], cv = runs[5]
        #expect(train.statement == "let m = train xgboost on a predicting y using (recipe | scale standard [a]) { rounds = 7, max_depth = 2 }")
        #expect(train.origin == RunOrigin(kind: "notebook", experiment: "churn.ipynb", place: "cell 3, line 3"))
        #expect(train.data == RunData(source: session.workingDirectory + "/t.csv", table: "a", fingerprint: try #require(session.bindings["m"]?.trainedModel).lineage.dataFingerprint,
                                      rows: 120, columns: 3))
        #expect(train.recipe == "scale standard [a]")
        #expect(train.given == ["rounds", "max_depth"] && train.parameters["rounds"] == "7" && train.parameters["eta"] == "0.3"
                && train.parameters["objective"] == "binary:logistic")
        let model = try #require(session.bindings["m"]?.trainedModel)
        guard case .boostedTrees(let trees) = model.estimator else { throw ModelError.invalidParameter("not trees") }
        #expect(train.metrics == ["training_logloss": trees.evaluationLog.last!.training])
        #expect(model.runID == train.id && session.bindings["best"]?.trainedModel?.runID == tune.id)
        // The trials are the tuning's children, with the value each scored and every parameter it ran with.
        guard case .tuning(let result)? = session.bindings["best"] else { throw ModelError.invalidParameter("no tuning") }
        #expect(runs[1...3].allSatisfy { $0.parent == tune.id && $0.given == ["rounds", "eta"]
                                      && Set($0.parameters.keys).isSubset(of: tune.parameters.keys) && $0.parameters["max_depth"] == "6" })
        #expect(Set(runs[1...3].map { $0.metrics["auc"]! }) == Set(result.trials.map(\.value)))
        #expect(tune.metrics["auc"] == result.best.value)
        guard case .crossValidation(let folds)? = session.bindings["cv"] else { throw ModelError.invalidParameter("no cross-validation") }
        let auc = try #require(folds.summary.first { $0.metric == "auc" })
        #expect(cv.metrics["auc"] == auc.mean && cv.metrics["auc_std"] == auc.std && cv.parameters["folds"] == "4")
        #expect(cv.algorithm == "linear_learner" && cv.parameters["optimizer"] == "lbfgs")
        // An evaluation's parent is the run of the model it measured.
        #expect(runs[6].models == ["m"] && runs[6].parent == train.id && runs[7].models == ["best"] && runs[7].parent == tune.id)
        #expect(runs[6].data?.rows == 40 && runs[6].data?.table == "b" && runs[6].metrics["auc"] != nil)
    }

    @Test("runs is a table, latest first, that every step takes; a saved model's version shows against its run")
    func runsTable() throws {
        let session = try GoldenTables.session(with: ["t.csv": Self.rows])
        try session.run("""
            let t = load "t.csv"
            let m = train xgboost on t predicting y { rounds = 3 }
            let best = tune xgboost on t predicting y { trials 3, search random, rounds = 4, max_depth in 2..4 }
            save m as "first"
            """, sourceName: "cell 1", sink: RecordingSink())
        let all = try table(session, "runs")
        #expect(try texts(all, "kind") == ["tune", "trial", "trial", "trial", "train"])
        #expect(Array(all.columnNames.prefix(RunTable.fixedColumns.count)) == RunTable.fixedColumns)
        #expect(try texts(all, "model") == ["∅", "∅", "∅", "∅", "first v1"])
        #expect(try texts(all, "rounds") == ["4", "4", "4", "4", "3"])
        let best = try table(session, "runs | filter kind == \"trial\" | sort auc desc | select [auc, max_depth] | take 1")
        guard case .tuning(let result)? = session.bindings["best"] else { throw ModelError.invalidParameter("no tuning") }
        #expect(best.column(named: "auc")?.presentNumbers() == [result.best.value])
        guard case .number(let depth)? = result.best.parameters["max_depth"] else { throw ModelError.invalidParameter("no depth") }
        #expect(best.column(named: "max_depth")?.presentNumbers() == [depth])
    }

    @Test("approve and reject keep a version's status with its history; models shows it; lineage traces the version")
    func registryAndLineage() throws {
        let session = try GoldenTables.session(with: ["t.csv": Self.rows])
        let sink = RecordingSink()
        try session.run("""
            let t = load "t.csv"
            let a, b = t | split 75% seed 2
            let m = train xgboost on a predicting y { rounds = 3 }
            evaluate m on b
            save m as "churn"
            save m as "churn"
            approve "churn" version 1
            reject "churn" version 1
            approve "churn" version 2
            approve "churn" version 2
            models
            lineage "churn" version 1
            """, sourceName: "cell 1", sink: sink)
        let said = sink.written.map(\.0).filter { $0.hasPrefix("approved") || $0.hasPrefix("rejected") }
        #expect(said == ["approved \"churn\" v1 (was pending)\n", "rejected \"churn\" v1 (was approved)\n",
                         "approved \"churn\" v2 (was pending)\n", "approved \"churn\" v2 (it already was)\n"])
        let store = ModelStore.located(workingDirectory: session.workingDirectory)
        #expect(try store.list().map(\.status) == [.rejected, .approved])
        #expect(try store.registryRecord(of: "churn", version: 1)?.history.map(\.status) == [.approved])
        #expect(try store.latestApproved("churn") == 2)
        let listing = try #require(sink.displayed.dropLast().last?.plainText)
        #expect(listing.contains("rejected") && listing.contains("approved"))
        let lineage = try #require(sink.displayed.last?.plainText)
        let run = try #require(try RunLog(root: store.root).runs().first { $0.kind == .train })
        #expect(lineage.hasPrefix("lineage of \"churn\" v1\ndata        a from \(session.workingDirectory)/t.csv · 120 rows × 3 columns"))
        #expect(lineage.contains("run         \(run.id) · train · repl, cell 1, line 3"))
        #expect(lineage.contains("            let m = train xgboost on a predicting y { rounds = 3 }"))
        #expect(lineage.contains("parameters  rounds 3\n            defaults: alpha 0.0 · base_score "))
        #expect(lineage.contains("evaluated   ") && lineage.contains("on b (40 rows): accuracy "))
        #expect(lineage.contains("status      rejected by ") && lineage.contains("endpoints   none serving this version"))
        #expect(throws: SluiceError.self) { try session.run("approve \"churn\" version 7", sourceName: "cell", sink: RecordingSink()) }
    }

    @Test("a store that cannot be written is a warning: the statement still runs")
    func unwritableLog() throws {
        let session = try GoldenTables.session(with: ["t.csv": Self.rows])
        // A file where the store's runs folder would be.
        try FileManager.default.createDirectory(atPath: session.workingDirectory + "/.sluice", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: session.workingDirectory + "/.sluice/runs"))
        let sink = RecordingSink()
        try session.run("let m = train xgboost on (load \"t.csv\") predicting y { rounds = 2 }", sourceName: "cell", sink: sink)
        #expect(session.bindings["m"]?.trainedModel != nil)
        #expect(sink.written.contains { $0.1 == .stderr && $0.0.hasPrefix("warning: the run was not recorded: ") })
    }

    @Test("a run's parameters are the algorithm's own names, every one that has a value, defaults included")
    func parameterNames() throws {
        for algorithm in Algorithm.allCases {
            let settings = algorithm == .kmeans ? [ParameterSetting("k", .number(3))] : []
            let texts = try algorithm.configuration(settings).parameterTexts
            let unset: Set<String> = switch algorithm {
            case .xgboost: ["objective", "base_score", "eval_metric", "early_stopping_rounds", "threads", "validation"]
            case .linearLearner: ["loss", "threads"]
            case .kmeans: ["threads"]
            }
            #expect(Set(texts.keys) == Set(algorithm.parameterNames).subtracting(unset), "\(algorithm)")
        }
    }
}
