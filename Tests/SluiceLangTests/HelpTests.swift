import SluiceDisplay
import SluiceML
import Testing
@testable import SluiceLang

/// What `help …` displays.
private func help(_ topic: String) throws -> String {
    let sink = RecordingSink()
    try Session().run("help \(topic)", sourceName: "cell", sink: sink)
    #expect(sink.displayed.count == 1)
    return sink.displayed.first?.plainText ?? ""
}

@Suite("Help")
struct HelpTests {
    @Test("help shows the topics by group, as recorded")
    func overview() throws {
        #expect(try help("") == """
            Sluice: load → prepare → train → tune → evaluate → deploy → monitor. `help TOPIC` explains one of these:
              statements      let, print, describe, correlation, insights, save, models, importance, help, clear, load, train, tune, crossvalidate, evaluate, fit, input
              deployment      deploy, undeploy, endpoints, transform, monitor, invoke
              tracking        approve, reject, lineage, runs
              table steps     take, select, filter, derive, rename, sort, sample, split, distinct, join, group, aggregate, count, crosstab, append, balance, plot, apply, predict
              recipes         recipe, impute, encode, scale, dateparts
              algorithms      xgboost, linear_learner, kmeans
              tuning          search, prune, folds, parallel
              row expressions expressions, log, exp, sqrt, abs, if, coalesce, row_number, round, floor, ceil, pow, min, max, clip, number, text, lower, upper, trim, length, contains, starts_with, ends_with, replace, substring, date, year, month, day, weekday, hour, days_between
              metrics         metrics
            The language reference is docs/language.md.
            """)
        #expect(try help("transform").hasPrefix("transform \"in\" with MODEL to \"out\" [join input] [batch n] [{ instances = n }]\n\nBatch transform"))
    }

    @Test("every word the parser takes as a statement or a step has help, found by parsing, not from the catalog")
    func everyKeywordExplained() throws {
        var statements: [String] = [], steps: [String] = []
        for word in Keyword.allCases.map(\.rawValue) {
            // A statement keyword cannot stand where a value goes.
            if Parser.parse("let x = \(word)").diagnostics.contains(where: { $0.message == "`\(word)` starts a statement and cannot be used as a value" }) {
                statements.append(word)
            }
            // A step keyword after `|` is never an unknown step.
            let asStep = Parser.parse("t | \(word)").diagnostics
            if !asStep.contains(where: { $0.message.hasPrefix("unknown step") }) {
                steps.append(word)
            }
        }
        #expect(statements == ["let", "print", "describe", "save", "models", "help", "clear", "importance",
                               "deploy", "undeploy", "endpoints", "transform", "monitor", "correlation", "insights", "approve", "reject", "lineage"])
        #expect(steps == ["save", "take", "select", "filter", "derive", "rename", "sort", "sample", "split", "apply", "predict",
                          "distinct", "impute", "encode", "scale", "dateparts", "join", "group", "aggregate", "count", "crosstab", "append", "balance", "plot"])
        for word in statements + steps {
            let text = try help(word)
            #expect(text.contains(word) && text.contains("\n\n"), "\(word): \(text)")
        }
    }

    @Test("each algorithm's help names every parameter its settings accept, and the metrics topic every metric")
    func inSyncWithTheInterpreter() throws {
        for algorithm in Algorithm.allCases {
            let text = try help(algorithm.name)
            for name in algorithm.parameterNames { #expect(text.contains(name + " ") || text.contains(name + ","), "\(algorithm.name): \(name)") }
        }
        let metrics = try help("metrics")
        let tasks: [ModelTask] = [.binaryClassification(negative: "a", positive: "b"), .multiclassClassification(classes: ["a", "b", "c"]),
                                  .regression, .clustering(k: 2)]
        for task in tasks { for name in MetricDirection.names(for: task) { #expect(metrics.contains(name)) } }
        for strategy in ["bayesian", "random", "grid", "hyperband"] { #expect(try help("search").contains(strategy)) }
    }

    @Test("an unknown topic is reported before the cell runs, with a suggestion")
    func unknownTopic() {
        let sink = RecordingSink()
        do {
            try Session().run("print 1\nhelp xgbost", sourceName: "cell", sink: sink)
            Issue.record("no error")
        } catch {
            #expect(error.summary == "no help on `xgbost`")
            #expect(error.rendered.contains("= help: did you mean `xgboost`?"))
        }
        #expect(sink.written.isEmpty)
    }
}
