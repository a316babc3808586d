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
    @Test("help lists every topic by group, and each topic explains itself with its usage")
    func overview() throws {
        let overview = try help("")
        for topic in HelpCatalog.topics {
            #expect(overview.contains(topic.name), "\(topic.name) is not listed")
            let text = try help(topic.name)
            #expect(text.hasPrefix(topic.usage) && text.contains(topic.text))
        }
        #expect(overview.contains("deployment      deploy, undeploy, endpoints, invoke, transform, monitor"))
        #expect(try help("transform").hasPrefix("transform \"in\" with MODEL to \"out\" [join input] [batch n]\n\nBatch transform"))
    }

    @Test("each algorithm's help names every parameter its settings accept, and the metrics topic every metric")
    func inSyncWithTheInterpreter() throws {
        for (algorithm, names) in [("xgboost", TrainingSettings.names), ("linear_learner", LinearSettings.names),
                                   ("kmeans", KMeansSettings.names)] {
            let text = try help(algorithm)
            for name in names { #expect(text.contains(name + " ") || text.contains(name + ","), "\(algorithm): \(name)") }
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
