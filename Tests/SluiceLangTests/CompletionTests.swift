import Foundation
import Testing
@testable import SluiceLang

/// A session whose directory holds `people.csv` (name, age, city, score), bound as `people`, with `limit` = 30.
private func session() throws -> Session {
    let directory = NSTemporaryDirectory() + "sluice-complete-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try "name,age,city,score\nAnn,31,Oslo,0.5\nBo,45,Rome,0.7\n".write(toFile: directory + "/people.csv", atomically: true, encoding: .utf8)
    let session = Session(workingDirectory: directory)
    try session.run("let people = load \"people.csv\"\nlet limit = 30", sourceName: "setup", sink: RecordingSink())
    return session
}

/// The matches at the end of `text`.
private func matches(_ session: Session, _ text: String) -> [String] {
    session.complete(text, cursor: text.unicodeScalars.count).matches
}

@Suite("Completion")
struct CompletionTests {
    @Test("statements, algorithms, parameters, tuning items, metrics and strategies by position")
    func keywordsAndParameters() throws {
        let session = try session()
        #expect(matches(session, "tra").contains("train"))
        #expect(matches(session, "peo") == ["people"])
        #expect(matches(session, "train xg") == ["xgboost"])
        #expect(matches(session, "train ") == ["kmeans", "linear_learner", "xgboost"])
        #expect(matches(session, "train xgboost on people predicting age { max_") == ["max_bin", "max_delta_step", "max_depth", "max_leaves"])
        #expect(matches(session, "tune xgboost on people predicting age {\n  eta in log 0.01..0.3\n  ma")
            == ["max_bin", "max_delta_step", "max_depth", "max_leaves", "maximize"])
        #expect(matches(session, "train kmeans on people { k = 3, n") == ["n_init"])
        #expect(matches(session, "tune xgboost on people predicting age { maximize a") == ["accuracy", "auc", "average_precision"])
        #expect(matches(session, "tune xgboost on people predicting age { search ") == ["bayesian", "grid", "hyperband", "random"])
        #expect(matches(session, "help tu") == ["tune"])
        #expect(matches(session, "crossvalidate li") == ["linear_learner"])
        #expect(matches(session, "crossvalidate xgboost on people predicting age { f") == ["folds"])
        #expect(matches(session, "let e = eval").contains("evaluate") && matches(session, "ins").contains("insights"))
    }

    @Test("columns of the table in scope, followed through the steps before, and bound values in row expressions")
    func columns() throws {
        let session = try session()
        #expect(matches(session, "people | ") == ["aggregate", "append", "apply", "balance", "count", "crosstab", "derive", "distinct",
                                                  "filter", "group", "join", "plot", "predict", "rename", "sample", "save", "select", "sort",
                                                  "split", "take"])
        #expect(matches(session, "recipe | ") == ["dateparts", "encode", "impute", "scale"])
        #expect(matches(session, "let prep = recipe | impute median\nprep | ") == ["dateparts", "encode", "impute", "scale"])
        #expect(matches(session, "people | select [na") == ["name"])
        #expect(matches(session, "people | sort ") == ["age", "city", "name", "score"])
        #expect(matches(session, "people | filter a") == ["abs", "age", "and"])
        #expect(matches(session, "people | filter age > li") == ["limit"])
        #expect(matches(session, "people | rename city -> town | derive x = t") == ["text", "town", "trim", "true"])
        #expect(matches(session, "let p = load \"people.csv\" | select -[age]\np | derive x = a") == ["abs", "and"])
        #expect(matches(session, "train xgboost on people | filter age > 3 predicting c") == ["city"])
        #expect(matches(session, "let a, b = people | split 50% stratify ") == ["age", "city", "name", "score"])
    }

    @Test("a backquoted name completes to a column with its closing backquote; positions count Unicode code points")
    func positions() throws {
        let session = try session()
        let text = "print \"🙂 é\"\npeople | filter `ag"
        let completion = session.complete(text, cursor: text.unicodeScalars.count)
        #expect(completion.matches == ["age`"])
        #expect(completion.end == text.unicodeScalars.count)
        #expect(completion.start == completion.end - 2)
        let middle = "people | select [na, city]"
        let atName = session.complete(middle, cursor: 19)
        #expect(atName.matches == ["name"] && atName.start == 17 && atName.end == 19)
    }
}

@Suite("Inspection")
struct InspectionTests {
    @Test("inspecting a bound name shows its value; a keyword or algorithm its help; anything else nothing")
    func inspect() throws {
        let session = try session()
        #expect(session.inspect("people | filter age > limit", cursor: 25)?.plainText == "limit: 30")
        #expect(session.inspect("people", cursor: 0)?.plainText.hasPrefix("people: name") == true)
        #expect(session.inspect("train kmeans on people", cursor: 8)?.plainText.hasPrefix("train kmeans on TABLE { k = 5 }") == true)
        #expect(session.inspect("people | sort age", cursor: 12)?.plainText.hasPrefix("TABLE | sort a [desc]") == true)
        #expect(session.inspect("people | sort age", cursor: 16) == nil)  // a column: nothing to show yet
    }
}
