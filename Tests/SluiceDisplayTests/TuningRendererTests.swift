import Foundation
import SluiceData
import SluiceML
import Testing
@testable import SluiceDisplay

@Suite("Tuning rendering")
struct TuningRendererTests {
    @Test("the trials table puts complete trials first, best first, marks stopped ones, and the text form has a convergence line")
    func trialsAndConvergence() throws {
        let table = try Table(columns: [
            Column(name: "x", values: .float([0, 1, 2, 3, 4, 5], missing: MissingMask())),
            Column(name: "y", values: .categorical(codes: [0, 0, 0, 1, 1, 1], levels: ["a", "b"])),
        ])
        var parameters = BoostingParameters()
        parameters.rounds = 2
        let model = try Training.boostedTrees(on: table, target: "y", parameters: parameters, sluiceVersion: "test")
        let values: [(Double, Int?)] = [(0.7, nil), (0.8, 10), (0.75, nil), (0.9, nil), (0.85, nil)]
        let trials = values.enumerated().map { index, value in
            TuningTrial(number: index + 1, parameters: ["eta": .number(0.1 * Double(index + 1))], partValues: [value.0],
                        seconds: 0.01, stoppedAt: value.1)
        }
        let result = TuningResult(model: model, trials: trials, best: trials[3], metric: "auc", maximize: true, strategy: .random,
                                  validation: "a 20% hold-out", planned: 5, searched: ["eta"])
        let lines = TuningRenderer().bundles(for: result)[0].plainText.split(separator: "\n").map(String.init)
        #expect(lines[0] == "tuning xgboost · 5 trials (1 stopped early) · random search · maximize auc on a 20% hold-out")
        // Best so far among complete trials: 0.7, 0.75, 0.9, 0.9, from 0.7 (▁) to 0.9 (█); 0.75 is an eighth of the way up.
        #expect(lines[2] == "convergence: ▁▃██ best so far, \(formatStatistic(0.7)) at trial 1 → \(formatStatistic(0.9)) from trial 4")
        #expect(lines[3].split(separator: " ") == ["trial", "eta", "auc", "rounds", "seconds"])
        #expect(lines[4...].map { $0.split(separator: " ").first.map(String.init) } == ["4", "5", "3", "1", "2"])
        #expect(lines[8].contains("stopped at 10") && lines[4].contains(" all "))
        // The convergence chart: a dot per trial, the best so far as steps to the last trial, whole trial numbers.
        let chart = TuningRenderer().convergence(result)
        #expect(chart.overlays == [.lines([ChartSeries(name: "best so far", points: [ChartPoint(1, 0.7), ChartPoint(3, 0.75),
                                                                                    ChartPoint(4, 0.9), ChartPoint(5, 0.9)])], step: true)])
        let svg = chart.svg
        #expect(svg.contains(">trial</text>") && svg.contains(">best so far</text>"))
        #expect(svg.range(of: #"<path d="M[\d.,]+H[\d.]+V"#, options: .regularExpression) != nil)  // a step, not a slope
        #expect(!svg.contains(">1.5</text>") && !svg.contains(">4.75</text>"))
    }

    @Test("a series sparkline spans the lowest to the highest block and samples long series")
    func seriesSparkline() {
        #expect(sparkline(values: [1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█")
        #expect(sparkline(values: [2, 2]) == "▄▄")
        #expect(sparkline(values: []) == "")
        #expect(sparkline(values: (0..<1000).map(Double.init), width: 10).count == 10)
    }
}
