import Foundation
import SluiceData
import Testing
@testable import SluiceLang

/// A session whose working directory holds `people.csv` (name, age, city, score); returns it and the directory.
private func sessionWithFile() throws -> Session {
    let directory = NSTemporaryDirectory() + "sluice-resolver-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try "name,age,city,score\nAnn,31,Oslo,0.5\nBo,45,Rome,0.7\nCy,27,Oslo,0.1\nDi,38,Rome,0.9\n"
        .write(toFile: directory + "/people.csv", atomically: true, encoding: .utf8)
    return Session(workingDirectory: directory)
}

/// What the resolver reports for `source` after the session's bindings, as "message @line:column [label] help".
private func problems(_ session: Session, _ source: String) -> [String] {
    let (statements, syntaxErrors) = Parser.parse(source)
    #expect(syntaxErrors.isEmpty)
    return Resolver.check(statements, bound: session.staticBindings, workingDirectory: session.workingDirectory).map { diagnostic in
        "\(diagnostic.message) @\(diagnostic.span.start.line):\(diagnostic.span.start.column) "
            + "[\(diagnostic.label ?? "")] \(diagnostic.help ?? "")"
    }
}

@Suite("Resolver")
struct ResolverTests {
    @Test("columns are followed from the file's header through every step, and typos are reported with a suggestion")
    func columnsThroughThePipeline() throws {
        let session = try sessionWithFile()
        #expect(problems(session, "let p = load \"people.csv\" | filter agee > 30") == [
            "unknown column `agee` @1:36 [not a column of \"people.csv\"] did you mean `age`?",
        ])
        #expect(problems(session, """
            let p = load "people.csv"
            let q = p | derive older = age + 1 | select [name, older] | filter older > 40 and score > 0
            """) == ["unknown column `score` @2:83 [not a column of `p`] bind it first, or check the column's name"])
        #expect(problems(session, """
            let p = load "people.csv" | rename city -> town | sort town desc, cty
            let a, b = p | split 50% stratify twn seed 1
            let m = train xgboost on a predicting scor
            """) == [
            "unknown column `cty` @1:67 [not a column of \"people.csv\"] ",  // `city` was renamed to `town` before
            "unknown column `twn` @2:35 [not a column of `p`] did you mean `town`?",
            "unknown column `scor` @3:39 [not a column of `a`] did you mean `score`?",
        ])
        #expect(problems(session, "load \"people.csv\" { types = { ag = \"float\" } } | select -[nam]") == [
            "unknown column `ag` @1:31 [not a column of \"people.csv\"] did you mean `age`?",
            "unknown column `nam` @1:59 [not a column of \"people.csv\"] did you mean `name`?",
        ])
        #expect(problems(session, "load \"people.csv\" | filter `the age` > 3") == [
            "unknown column `the age` @1:28 [not a column of \"people.csv\"] ",
        ])
    }

    @Test("no false alarms: bound values in row expressions, tables of earlier cells, predictions, recipes and unreadable files")
    func noFalseAlarms() throws {
        let session = try sessionWithFile()
        try session.run("let people = load \"people.csv\"\nlet limit = 30", sourceName: "cell", sink: RecordingSink())
        #expect(problems(session, "people | filter age > limit | derive band = if(age > limit, \"old\", \"young\") | select [band]").isEmpty)
        #expect(problems(session, "people | select [nme]") == [
            "unknown column `nme` @1:18 [not a column of `people`] did you mean `name`?",
        ])
        // After `apply` the columns are the recipe's; after `predict` there are more; a missing file is the load's to report.
        #expect(problems(session, """
            let fitted = fit (recipe | encode onehot [city]) on people
            people | apply fitted | filter `city=Oslo` == 1
            """).isEmpty)
        #expect(problems(session, "let m = train xgboost on people predicting score\npeople | predict m | filter probability > 0.5").isEmpty)
        #expect(problems(session, "load \"missing.csv\" | filter anything > 1").isEmpty)
        #expect(problems(session, "load \"people.csv\" { header = false } | filter column_2 == \"age\"").isEmpty)
    }

    @Test("a typo in a cell's last line is reported before its first line runs")
    func beforeAnythingRuns() throws {
        let session = try sessionWithFile()
        let sink = RecordingSink()
        #expect(throws: SluiceError.self) {
            try session.run("print \"started\"\nlet p = load \"people.csv\"\np | sort agge", sourceName: "cell", sink: sink)
        }
        #expect(sink.written.isEmpty)
        #expect(session.bindings["p"] == nil)
    }

    @Test("parameters and tuning items are checked before anything runs, values whenever they are written out")
    func settings() throws {
        let session = try sessionWithFile()
        try session.run("let people = load \"people.csv\"\nlet r = 0", sourceName: "cell", sink: RecordingSink())
        #expect(problems(session, "train xgboost on people predicting score { eta = 2, max_depth = 3 }") == [
            "`eta` must be in (0, 1] @1:44 [out of range] ",
        ])
        #expect(problems(session, "train kmeans on people { k = 3, n_inits = 2 }") == [
            "unknown parameter `n_inits` for kmeans @1:33 [not a parameter] did you mean `n_init`?",
        ])
        #expect(problems(session, "tune xgboost on people predicting score { search bayes, eta in 0.1..0.3 }") == [
            "unknown search `bayes` @1:50 [not a strategy] ",
        ])
        #expect(problems(session, "tune xgboost on people predicting score { trials 4, max_depth in [3, 40] }") == [
            "`max_depth` must be between 0 and 30 @1:53 [out of range] ",
        ])
        #expect(problems(session, "tune linear_learner on people predicting score { search hyperband, l2 in 0.1..1 }").first?
            .hasPrefix("`search hyperband` needs a model trained in boosting rounds") == true)
        // Values that need the session are left to the run: no false alarms.
        #expect(problems(session, "train xgboost on people predicting score { rounds = r, max_depth = 3 }").isEmpty)
        #expect(problems(session, "train xgboost on people predicting score { early_stopping_rounds = 5, validation = people }").isEmpty)
        #expect(problems(session, "tune xgboost on people predicting score { trials r, eta in log 0.01..0.3 }").isEmpty)
        // A required parameter may be the searched one: every trial has it.
        #expect(problems(session, "tune kmeans on people { k in 2..6, tol in 0.001..0.01, n_init = 2 }").isEmpty)
        #expect(problems(session, "tune kmeans on people { k in 0..6 }") == ["`k` must be at least 1 @1:25 [out of range] "])
    }

    @Test("a recipe's columns are checked against the table it is fitted on, when the recipe is written in the same cell")
    func recipeColumns() throws {
        let session = try sessionWithFile()
        try session.run("let people = load \"people.csv\"\nlet old = recipe | scale standard [agee]", sourceName: "cell",
                        sink: RecordingSink())
        #expect(problems(session, """
            let prep = recipe | impute median [scroe] | encode onehot [city] | scale standard
            train xgboost on people predicting age using prep
            """) == ["unknown column `scroe` @1:36 [not a column of `people`] did you mean `score`?"])
        #expect(problems(session, "fit (recipe | encode ordinal cty) on people") == [
            "unknown column `cty` @1:30 [not a column of `people`] did you mean `city`?",
        ])
        // A recipe from an earlier cell is checked when it is fitted: its spans belong to that cell.
        #expect(problems(session, "train xgboost on people predicting age using old").isEmpty)
    }

    @Test("an unknown name in a row expression that is neither a column nor bound suggests both")
    func rowNames() throws {
        let session = try sessionWithFile()
        try session.run("let threshold = 0.5", sourceName: "cell", sink: RecordingSink())
        #expect(problems(session, "load \"people.csv\" | filter score > threshol") == [
            "unknown column `threshol` @1:36 [not a column of \"people.csv\"] did you mean `threshold`?",
        ])
    }
}
