import Foundation
import SluiceData
import SluiceDisplay
import SluiceML
import Testing
@testable import SluiceLang

/// Collects what a session shows.
final class RecordingSink: OutputSink {
    var written: [(String, OutputStreamName)] = []
    var displayed: [MimeBundle] = []
    var onWrite: (() -> Void)?

    func write(_ text: String, to stream: OutputStreamName) {
        written.append((text, stream))
        onWrite?()
    }

    func display(_ bundle: MimeBundle) {
        displayed.append(bundle)
    }

    var progressReports: [(ProgressReport, String, Bool)] = []
    var onProgress: ((ProgressReport) -> Void)?

    func progress(_ report: ProgressReport, id: String, finished: Bool) {
        progressReports.append((report, id, finished))
        onProgress?(report)
    }

    /// What `input(…)` answers, and the prompts it was asked.
    var answer: String?
    var prompts: [String] = []

    func readInput(prompt: String) -> String? {
        prompts.append(prompt)
        return answer
    }
}

private func temporaryCSV(_ text: String) throws -> String {
    let path = NSTemporaryDirectory() + "sluice-test-\(UUID().uuidString).csv"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

private func failure(_ session: Session, _ source: String) -> SluiceError? {
    do {
        try session.run(source, sourceName: "cell 1", sink: RecordingSink())
        return nil
    } catch {
        return error
    }
}

@Suite("Sessions")
struct SessionTests {
    @Test("a script with Windows line breaks runs, and its errors show the right line without the carriage return")
    func windowsLineBreaks() throws {
        let session = Session()
        let sink = RecordingSink()
        try session.run("let a = 1\r\nlet b = a +\r\n  1\r\nprint b\r\n", sourceName: "t", sink: sink)
        #expect(sink.written.map(\.0) == ["2\n"])
        let error = try #require(failure(session, "let c = 1\r\nprint cc\r\n"))
        #expect(error.rendered == """
            error: unknown name `cc`
             --> cell 1, line 2:7
              |
            2 | print cc
              |       ^^ not bound
              = help: did you mean `c`?
            """)
    }

    @Test("arithmetic, percents, strings and null")
    func scalars() throws {
        let session = Session()
        let sink = RecordingSink()
        #expect(try session.run("1 + 2 * 3", sourceName: "t", sink: sink) == .number(7))
        #expect(try session.run("80%", sourceName: "t", sink: sink) == .number(0.8))
        #expect(try session.run("\"sl\" + \"uice\"", sourceName: "t", sink: sink) == .string("sluice"))
        #expect(try session.run("1 / 0", sourceName: "t", sink: sink) == .null)
        #expect(try session.run("null + 1", sourceName: "t", sink: sink) == .null)
        #expect(try session.run("false and null", sourceName: "t", sink: sink) == .boolean(false))
        #expect(try session.run("-(2 - 5) >= 3", sourceName: "t", sink: sink) == .boolean(true))
    }

    @Test("bindings persist across runs; non-final expressions are displayed; print writes")
    func bindingsAndOutput() throws {
        let session = Session()
        let sink = RecordingSink()
        #expect(try session.run("let a, b = [2, 3]", sourceName: "t", sink: sink) == nil)
        #expect(try session.run("a\nprint a * b\nprint \"x\" to stderr\nb", sourceName: "t", sink: sink) == .number(3))
        #expect(sink.displayed.map(\.plainText) == ["2"])
        #expect(sink.written.map(\.0) == ["6\n", "x\n"])
        #expect(sink.written.map(\.1) == [.stdout, .stderr])
    }

    @Test("load reads CSV relative to the working directory, with options; take and select shape it")
    func loading() throws {
        let path = try temporaryCSV("id;name;score\n1;a;NA\n2;b;2.5\n3;c;1\n")
        let directory = (path as NSString).deletingLastPathComponent
        let file = (path as NSString).lastPathComponent
        let session = Session(workingDirectory: directory)
        let value = try session.run("""
            let t = load "\(file)" { delimiter = ";", null = ["NA"] }
            t | select -[name] | take 2
            """, sourceName: "t", sink: RecordingSink())
        guard case .table(let table)? = value else {
            Issue.record("not a table: \(String(describing: value))")
            return
        }
        #expect(table.columnNames == ["id", "score"])
        #expect(table.rowCount == 2)
        #expect(table.columns[1].isMissing(0))
        guard case .table(let picked)? = try session.run("t | select [score, id]", sourceName: "t", sink: RecordingSink()) else {
            Issue.record("not a table")
            return
        }
        #expect(picked.columnNames == ["score", "id"])
    }

    @Test("names are checked before anything runs")
    func resolverRunsFirst() {
        let session = Session()
        let sink = RecordingSink()
        var error: SluiceError?
        do {
            try session.run("print \"started\"\nlet churn = 1\nchrn", sourceName: "cell 1", sink: sink)
        } catch let thrown {
            error = thrown
        }
        #expect(sink.written.isEmpty)
        #expect(error?.name == "NameError")
        #expect(error?.diagnostics.first?.help == "did you mean `churn`?")
        #expect(session.bindings.isEmpty)
    }

    @Test("runtime errors carry the statement's span and keep earlier bindings")
    func runtimeErrors() throws {
        let session = Session(workingDirectory: "/nonexistent-dir")
        let error = failure(session, "let kept = 1\nlet t = load \"missing.csv\"")
        #expect(error?.name == "RuntimeError")
        #expect(error?.summary == "cannot load \"missing.csv\": the file does not exist")
        #expect(error?.diagnostics.first?.span.start == SourcePosition(line: 2, column: 9, offset: 21))
        #expect(session.bindings["kept"] == .number(1))

        let path = try temporaryCSV("a,b\n1,2\n")
        let unknownColumn = failure(Session(), "load \"\(path)\" | select [a, bb]")
        #expect(unknownColumn?.summary == "unknown column `bb`")
        #expect(unknownColumn?.diagnostics.first?.help == "did you mean `b`?")
        #expect(failure(Session(), "1 | take 2")?.summary == "`take` needs a table, but the value before `|` is the number 1")
        #expect(failure(Session(), "load \"\(path)\" | take 1.5")?.name == "TypeError")
        #expect(failure(Session(), "load \"\(path)\" { delimeter = \";\" }")?.diagnostics.first?.help == "did you mean `delimiter`?")
    }

    @Test("every error of a cell is reported together")
    func severalErrors() {
        let error = failure(Session(), "let = 1\nprint )")
        #expect(error?.diagnostics.count == 2)
        #expect(error?.summary == "expected a name to bind (and 1 more error)")
    }

    @Test("an interrupt stops a running load and leaves the session intact")
    func interrupt() throws {
        let path = try temporaryCSV("n\n" + String(repeating: "1\n", count: 20_000))
        let session = Session()
        let sink = RecordingSink()
        sink.onWrite = { session.interruptFlag.request() }
        do {
            try session.run("let kept = 5\nprint \"loading\"\nlet big = load \"\(path)\"", sourceName: "cell 1", sink: sink)
            Issue.record("the load was not interrupted")
        } catch {
            #expect(error.name == "Interrupted")
        }
        #expect(session.bindings["kept"] == .number(5))
        #expect(session.bindings["big"] == nil)
        sink.onWrite = nil
        #expect(try session.run("kept + 1", sourceName: "cell 2", sink: sink) == .number(6))
    }

    /// Runs `source` in a session whose working directory holds people.csv.
    private func people(_ source: String) throws -> Value? {
        let path = try temporaryCSV("id,group,score,name\n1,a,3.5,Ann\n2,a,1,Bo\n3,b,,Cy\n4,b,2,Di\n5,b,2,Ed\n6,c,9,Flo\n")
        let session = Session(workingDirectory: (path as NSString).deletingLastPathComponent)
        return try session.run("let t = load \"\((path as NSString).lastPathComponent)\"\n" + source,
                               sourceName: "cell", sink: RecordingSink())
    }

    private func column(_ value: Value?, _ name: String) -> [String?] {
        guard case .table(let table)? = value, let column = table.column(named: name) else { return ["not a table or no \(name)"] }
        return (0..<column.count).map { column.formattedValue(at: $0) }
    }

    @Test("filter: comparisons, and/or/not, is null, in; missing conditions drop the row")
    func filter() throws {
        #expect(column(try people("t | filter score > 1.5"), "id") == ["1", "4", "5", "6"])
        #expect(column(try people("t | filter score > 1.5 and not (group == \"b\")"), "id") == ["1", "6"])
        #expect(column(try people("t | filter score is null or id >= 6"), "id") == ["3", "6"])
        #expect(column(try people("t | filter group in [\"a\", \"c\"]"), "id") == ["1", "2", "6"])
        #expect(column(try people("t | filter group not in [\"a\", \"c\"] and score != 2"), "id") == [])
        #expect(column(try people("let limit = 3\nt | filter score < limit"), "id") == ["2", "4", "5"])
    }

    @Test("derive: arithmetic, functions, null propagation, whole-number results stay integers")
    func derive() throws {
        let derived = try people("""
            t | derive double = id * 2, half = id / 2, ratio = score / (id - 1), big = if(score > 3, "big", "small"),
                       filled = coalesce(score, 0), root = sqrt(score - 2), tag = name + "!"
            """)
        guard case .table(let table)? = derived else {
            Issue.record("not a table")
            return
        }
        #expect(table.column(named: "double")?.kind == .integer)
        #expect(column(derived, "double") == ["2", "4", "6", "8", "10", "12"])
        #expect(table.column(named: "half")?.kind == .float)
        #expect(column(derived, "ratio") == [nil, "1", nil, "0.6666666666666666", "0.5", "1.8"])
        #expect(column(derived, "big") == ["big", "small", "small", "small", "small", "big"])
        #expect(column(derived, "filled") == ["3.5", "1", "0", "2", "2", "9"])
        #expect(column(derived, "root") == ["1.224744871391589", nil, nil, "0", "0", "2.6457513110645907"])
        #expect(column(derived, "tag") == ["Ann!", "Bo!", "Cy!", "Di!", "Ed!", "Flo!"])
        // row_number() counts the rows of the table the step sees, from 1.
        let numbered = try people("t | filter id > 2 | derive n = row_number(), key = \"c-\" + text(row_number())")
        #expect(column(numbered, "n") == ["1", "2", "3", "4"])
        #expect(column(numbered, "key") == ["c-1", "c-2", "c-3", "c-4"])
    }

    @Test("rename, sort, sample, split and save from the language")
    func reshaping() throws {
        #expect(column(try people("t | rename id -> key | sort score desc"), "key") == ["6", "1", "4", "5", "2", "3"])
        #expect(column(try people("t | sample 50% seed 2"), "id").count == 3)
        guard case .list(let parts)? = try people("t | split 50% stratify group seed 1"), parts.count == 2,
              case .table(let first) = parts[0] else {
            Issue.record("split did not give two tables")
            return
        }
        #expect(first.rowCount == 3)
        let out = NSTemporaryDirectory() + "sluice-saved-\(UUID().uuidString).csv"
        _ = try people("t | filter id <= 2 | save \"\(out)\"\nsave t to \"\(out).all\"")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "id,group,score,name\n1,a,3.5,Ann\n2,a,1.0,Bo\n")
        #expect(try CSVReaderCount(out + ".all") == 6)
    }

    @Test("distinct: unique rows, or each combination of the listed columns once, in order of first appearance")
    func distinct() throws {
        #expect(column(try people("t | distinct [group]"), "group") == ["a", "b", "c"])
        #expect(column(try people("t | distinct [group, score] | select [score]"), "score") == ["3.5", "1", nil, "2", "9"])
        #expect(column(try people("t | select [group] | distinct"), "group") == ["a", "b", "c"])
        #expect(column(try people("t | distinct"), "id") == ["1", "2", "3", "4", "5", "6"])
        let typo = failure(Session(), "let t = load \"\(try temporaryCSV("a,b\n1,2\n"))\"\nt | distinct [a, bb]")
        #expect(typo?.summary == "unknown column `bb`")
        #expect(typo?.diagnostics.first?.help == "did you mean `b`?")
    }

    @Test("a lone misspelt statement, and text compared without quotes, are reported as such before anything runs")
    func misreadWords() throws {
        let statement = failure(Session(), "evalute")
        #expect(statement?.summary == "unknown statement `evalute`")
        #expect(statement?.diagnostics.first?.help == "did you mean `evaluate`?")
        #expect(failure(Session(), "frobnicate")?.summary == "unknown name `frobnicate`")
        let path = try temporaryCSV("contract,tenure\nMonth-to-month,3\n")
        let unquoted = failure(Session(), "let t = load \"\(path)\"\nt | filter contract == Month-to-month")
        #expect(unquoted?.summary == "unknown column `Month`")
        #expect(unquoted?.diagnostics.first?.help == "to compare with the text Month-to-month, write it in quotes: `\"Month-to-month\"`")
        #expect(failure(Session(), "let t = load \"\(path)\"\nt | filter contract == tenur")?.diagnostics.first?.help == "did you mean `tenure`?")
    }

    @Test("nesting up to the limit runs on every path; one level more is a clear error before anything runs")
    func nestingLimit() throws {
        let limit = Parser.maximumDepth
        let path = try temporaryCSV("a,b\n1,2\n3,4\n")
        let session = Session()
        // Each source nests exactly `n` levels (the value itself is the first; each bracket, operator or step
        // adds one): `limit` runs, `limit + 1` is refused.
        let sources: [(Int) -> String] = [
            { n in "let x = " + String(repeating: "[", count: n - 1) + "1" + String(repeating: "]", count: n - 1) },
            { n in "let x = 1" + String(repeating: " + 1", count: n - 1) },
            { n in "let x = " + String(repeating: "-", count: n - 1) + "1" },
            { n in "let x = true" + String(repeating: " and true", count: n - 1) },
            { n in "let x = " + String(repeating: "not ", count: n - 1) + "true" },
            { n in "let t = load \"\(path)\"" + String(repeating: " | take 5", count: n - 1) },
            { n in "let t = load \"\(path)\" | derive c = a" + String(repeating: " + a", count: n - 2) },
            { n in "let t = load \"\(path)\" | filter a > 0" + String(repeating: " or a > 0", count: n - 2) },
        ]
        for source in sources {
            _ = try session.run(source(limit), sourceName: "deep", sink: RecordingSink())
            let error = failure(session, source(limit + 1))
            #expect(error?.summary == "nested deeper than \(limit) levels", "\(source(3))")
        }
        #expect(session.bindings["x"] != nil)
    }

    @Test("recipes fit on one table and prepare another")
    func recipes() throws {
        let prepared = try people("""
            let train_set = t | filter id <= 4
            let prep = recipe | impute median [score] | encode onehot [group] | scale minmax [score]
            let fitted = fit prep on train_set predicting name
            t | apply fitted
            """)
        // Training scores 3.5, 1, 2 (Cy missing): median 2; then min 1, max 3.5.
        #expect(column(prepared, "score") == ["1", "0", "0.4", "0.4", "0.4", "3.2"])
        #expect(column(prepared, "group=a") == ["1", "1", "0", "0", "0", "0"])
        #expect(column(prepared, "group=b") == ["0", "0", "1", "1", "1", "0"])
        guard case .table(let table)? = prepared else {
            Issue.record("not a table: \(String(describing: prepared))")
            return
        }
        #expect(table.column(named: "group=c") == nil)
    }

    @Test("row expressions report unknown columns and wrong types at their place")
    func rowErrors() {
        let unknown = failure(Session(), "let t = 1\n[1] | filter x > 1")
        #expect(unknown?.summary == "`filter` needs a table, but the value before `|` is a list of 1")
        let session = Session()
        _ = try? session.run("let t = load \"\(try! temporaryCSV("tenure,contract\n1,a\n"))\"", sourceName: "c", sink: RecordingSink())
        let typo = failure(session, "t | filter tenur > 1")
        #expect(typo?.summary == "unknown column `tenur`")
        #expect(typo?.diagnostics.first?.help == "did you mean `tenure`?")
        #expect(typo?.diagnostics.first?.span.start.column == 12)
        #expect(failure(session, "t | filter contract == 1")?.summary == "`==` cannot compare text with a number")
        #expect(failure(session, "t | filter tenure + 1")?.summary == "`filter` needs a condition (true or false for each row), not numbers")
    }

    @Test("describe shows a profile")
    func describeStatement() throws {
        let sink = RecordingSink()
        let path = try temporaryCSV("a,b\n1,x\n2,x\n3,y\n")
        try Session().run("describe load \"\(path)\"", sourceName: "c", sink: sink)
        #expect(sink.displayed.count == 1)
        #expect(sink.displayed[0].plainText.contains("a       integer      3        0         3  2.00000  1.00000    1  1.5    2  2.5    3"))
        #expect(sink.displayed[0].html?.contains("<svg") == true)
    }
    @Test("train evaluates its table once: a load in it reads its file once (an input() in it asks once)")
    func trainEvaluatesItsTableOnce() throws {
        let path = try temporaryCSV("x,y\n1,2\n3,4\n5,7\n8,9\n")
        let session = Session()
        let sink = RecordingSink()
        sink.answer = path
        try session.run("let m = train kmeans on (load input(\"which file?\")) { k = 2 }", sourceName: "cell 1", sink: sink)
        #expect(sink.prompts == ["which file?"])
    }
}

extension SessionTests {
    @Test("tune searches, reports its trials and behaves as the best model")
    func tuning() throws {
        let path = try temporaryCSV(pointsCSV(seed: 4, rows: 300) { x, y, _ in x + y > 1 })
        let session = Session()
        let sink = RecordingSink()
        guard case .tuning(let result)? = try session.run("""
            let t = load "\(path)"
            tune xgboost on t predicting label { maximize auc, trials 4, seed 1, max_depth in 2..4, eta in log 0.05..0.5, rounds = 20 }
            """, sourceName: "cell", sink: sink) else {
            Issue.record("not a tuning result")
            return
        }
        #expect(result.trials.count == 4)
        #expect(result.metric == "auc" && result.maximize)
        #expect(result.best.value == result.trials.map(\.value).max())
        #expect(result.model.algorithm == .xgboost)
        #expect(result.trials.allSatisfy { trial in
            guard case .number(let depth) = trial.parameters["max_depth"]! else { return false }
            return (2...4).contains(depth)
        })
        guard case .tuning(let crossValidated)? = try session.run("""
            tune xgboost on t predicting label { maximize auc, trials 2, seed 1, folds 3, eta in 0.1..0.3, rounds = 10 }
            """, sourceName: "cell", sink: sink) else {
            Issue.record("not a tuning result")
            return
        }
        #expect(crossValidated.validation == "3-fold cross-validation")
        #expect(crossValidated.trials.allSatisfy { $0.partValues.count == 3 && $0.partValues.allSatisfy { (0.5...1).contains($0) } })
        let report = TuningRenderer().bundles(for: crossValidated)[0].plainText
        #expect(report.contains("auc mean ± std"))
        let best = crossValidated.best
        #expect(report.contains("per fold " + best.partValues.map(formatMeasure).joined(separator: ", ")))
        #expect(report.contains(formatUncertain(best.value, spread: best.standardDeviation)))
        let errors = [
            ("tune xgboost on t predicting label { trials 2, etta in 0.1..0.2 }", "unknown parameter `etta` for xgboost"),
            ("tune linear_learner on t predicting label { search hyperband, l2 in 0.1..0.2 }",
             "`search hyperband` needs a model trained in boosting rounds"),
            ("tune xgboost on t predicting label { search hyperband, rounds in 10..50 }", "`search hyperband` shares out boosting rounds itself"),
            ("tune xgboost on t predicting label { prune mean, eta in 0.1..0.2 }", "unknown stopping rule `mean`"),
            ("tune xgboost on t predicting label { maximize rmse, eta in 0.1..0.2 }", "`rmse` is not a metric of binary classification"),
            ("tune xgboost on t predicting label { parallel 0, eta in 0.1..0.2 }", "`parallel` must be at least 1"),
            ("tune xgboost on t predicting label { trials 2 }", "`tune` has nothing to search"),
            ("tune xgboost on t predicting label { eta in log 0..0.2 }", "a `log` range needs bounds above 0"),
        ]
        // A wrong metric is reported before any training: no trial's progress was shown.
        let quiet = RecordingSink()
        #expect(throws: (any Error).self) { try session.run(errors[3].0, sourceName: "cell", sink: quiet) }
        #expect(quiet.progressReports.isEmpty)
        for (source, message) in errors {
            do {
                try session.run(source, sourceName: "cell", sink: sink)
                Issue.record("no error for \(source)")
            } catch {
                #expect(error.summary == message)
            }
        }
    }
}

extension SessionTests {
    @Test("tune with Hyperband, the median rule and parallel trials: staged trials, the best trained in full")
    func stagedTuning() throws {
        let rows = pointsCSV(seed: 7, rows: 400) { x, y, noise in x * y + noise / 5 > 0.35 }
        let session = Session()
        let sink = RecordingSink()
        try session.run("let t = load \"\(try temporaryCSV(rows))\"", sourceName: "cell", sink: sink)
        func tune(_ items: String) throws -> TuningResult? {
            let source = "tune xgboost on t predicting label { \(items), seed 2, eta in log 0.02..0.5, max_depth in 2..6, rounds = 27 }"
            guard case .tuning(let result)? = try session.run(source, sourceName: "cell", sink: sink) else { return nil }
            return result
        }
        let hyperband = try #require(try tune("search hyperband, trials 12"))
        #expect(hyperband.strategy == .hyperband && hyperband.trials.count == 12)
        let schedule = HyperbandSchedule(candidates: 12, fullResource: 27)
        let stopped = Dictionary(grouping: hyperband.trials) { $0.stoppedAt ?? 27 }.mapValues(\.count)
        var expected: [Int: Int] = [:]
        for bracket in schedule.brackets {
            for (step, rung) in bracket.enumerated() {
                let next = step + 1 < bracket.count ? bracket[step + 1].candidates : 0
                expected[rung.resource, default: 0] += rung.candidates - next
            }
        }
        #expect(stopped == expected.filter { $0.value > 0 })
        #expect(hyperband.best.stoppedAt == nil)
        #expect(try #require(try tune("search hyperband, trials 12, parallel 2")).trials.map(\.partValues) == hyperband.trials.map(\.partValues))
        let pruned = try #require(try tune("search random, trials 16, prune median"))
        let unpruned = try #require(try tune("search random, trials 16"))
        // The same candidates; a stopped trial has its value at round 10, one trained in full the same value as without the rule.
        #expect(pruned.trials.map(\.parameters) == unpruned.trials.map(\.parameters))
        for (a, b) in zip(pruned.trials, unpruned.trials) {
            #expect(a.stoppedAt == nil || a.stoppedAt == 10 || a.stoppedAt == 20)
            if a.stoppedAt == nil { #expect(a.partValues == b.partValues) }
        }
        #expect(pruned.trials.prefix(5).allSatisfy { $0.stoppedAt == nil })
        let report = TuningRenderer().bundles(for: pruned)[0].plainText
        let stoppedCount = pruned.trials.filter { $0.stoppedAt != nil }.count
        #expect(stoppedCount > 0)
        #expect(report.contains("(\(stoppedCount) stopped early)") && report.contains("stopped at "))
        let parallel = try #require(try tune("search random, trials 16, parallel 2"))
        #expect(parallel.trials.map(\.partValues) == unpruned.trials.map(\.partValues))
    }

    @Test("the linear learner's last progress line says where it converged, not the iteration limit")
    func linearProgressEnd() throws {
        var rows = "x,label\n"
        for row in 0..<200 { rows += "\(row % 17),\(row % 17 + row % 3 > 9 ? "a" : "b")\n" }
        let session = Session()
        let sink = RecordingSink()
        try session.run("let t = load \"\(try temporaryCSV(rows))\"\nlet m = train linear_learner on t predicting label { l2 = 0.01 }",
                        sourceName: "cell", sink: sink)
        guard case .model(let model)? = session.bindings["m"], case .linear(let linear) = model.estimator else {
            Issue.record("not a linear model")
            return
        }
        let last = try #require(sink.progressReports.last)
        #expect(linear.report.converged && linear.report.iterations < 1000)
        #expect(last.2 && last.0.done == linear.report.iterations && last.0.total == linear.report.iterations)
        #expect(last.0.message == "converged at iteration \(linear.report.iterations)")
        try session.run("let s = train linear_learner on t predicting label { optimizer = \"sgd\", epochs = 3 }", sourceName: "cell", sink: sink)
        #expect(sink.progressReports.last?.0.message == "trained 3 epochs")
    }

    @Test("k-means on data with fewer distinct points than k says so")
    func kmeansOnConstantData() throws {
        let sink = RecordingSink()
        try Session().run("let t = load \"\(try temporaryCSV("a,b\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n"))\"\nlet m = train kmeans on t { k = 5 }",
                          sourceName: "cell", sink: sink)
        let warnings = sink.written.filter { $0.1 == .stderr }.map(\.0)
        #expect(warnings == ["warning: 4 of the 5 clusters have no rows: the data has fewer than 5 distinct points (after the recipe); fewer clusters describe it\n"])
    }

    @Test("interrupting tune keeps the finished trials, refits the best, binds it and stops the rest of the cell")
    func interruptedTuning() throws {
        var rows = "x,label\n"
        for row in 0..<200 { rows += "\(row % 17),\(row % 3 == 0 ? "a" : "b")\n" }
        let session = Session()
        let sink = RecordingSink()
        try session.run("let t = load \"\(try temporaryCSV(rows))\"", sourceName: "cell", sink: sink)
        sink.onProgress = { report in
            if report.message.hasPrefix("trial 3 ") { session.interruptFlag.request() }
        }
        let error = #expect(throws: SluiceError.self) {
            try session.run("""
                let best = tune xgboost on t predicting label { search random, trials 20, eta in 0.1..0.3, rounds = 5 }
                let after = 1
                """, sourceName: "cell", sink: sink)
        }
        #expect(error?.summary == "interrupted; the rest of the cell did not run")
        guard case .tuning(let result)? = try session.run("best", sourceName: "cell", sink: sink) else {
            Issue.record("`best` is not bound to the tuning result")
            return
        }
        #expect(result.trials.count == 3 && result.planned == 20)
        #expect(TuningRenderer().bundles(for: result)[0].plainText.contains("(interrupted after 3 of 20)"))
        let last = try #require(sink.progressReports.last { $0.0.message.contains("trials") })
        #expect(last.2 && last.0.done == 3 && last.0.total == 20)
        #expect(last.0.message.hasPrefix("interrupted after 3 of 20 trials · best "))
        #expect(throws: SluiceError.self) { try session.run("after", sourceName: "cell", sink: sink) }
    }
}

/// A CSV of random points x, y in [0, 1) labelled "yes" where `positive(x, y, noise)` holds (noise in [0, 1)).
private func pointsCSV(seed: UInt64, rows: Int, positive: (Double, Double, Double) -> Bool) -> String {
    var text = "x,y,label\n"
    var generator = SeededGenerator(seed: seed)
    for _ in 0..<rows {
        let x = Double(generator.next() % 1000) / 1000, y = Double(generator.next() % 1000) / 1000
        let noise = Double(generator.next() % 100) / 100
        text += "\(x),\(y),\(positive(x, y, noise) ? "yes" : "no")\n"
    }
    return text
}

private func CSVReaderCount(_ path: String) throws -> Int {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count - 1
}
