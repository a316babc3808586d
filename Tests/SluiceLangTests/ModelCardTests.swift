import Foundation
import SluiceData
import SluiceDisplay
import SluiceML
import Testing
@testable import SluiceLang

/// Model cards that explain: centres and coefficients in the columns' own units, and the held-out score
/// `models` lists.
@Suite("Model cards")
struct ModelCardTests {
    private static let rows: String = {
        var csv = "a,b,c,y\n"
        for row in 0..<120 {
            let a = Double(row % 3) * 10 + Double(row % 7) / 7, b = Double(row % 3) * 200 + Double(row % 11)
            let c = Double((row * 37) % 17) - 8
            csv += "\(a),\(b),\(c),\(a + b / 50 + c / 4 + Double(row % 5) / 5 > 6 ? "yes" : "no")\n"
        }
        return csv
    }()

    private func model(_ session: Session, _ name: String) throws -> TrainedModel {
        try #require(session.bindings[name]?.trainedModel)
    }

    @Test("k-means centres, with the scaling undone, are the means of each cluster's rows in the columns' units")
    func centres() throws {
        let session = try GoldenTables.session(with: ["t.csv": Self.rows])
        try session.run("""
            let t = load "t.csv" | select [a, b, c]
            let k = train kmeans on t using (recipe | scale standard [a, b] | scale minmax [b]) { k = 3, seed = 1 }
            let assigned = t | predict k
            """, sourceName: "cell", sink: RecordingSink())
        let centres = try #require(try model(session, "k").centresInOriginalUnits)
        guard case .table(let assigned)? = session.bindings["assigned"] else { throw ModelError.invalidParameter("no table") }
        let clusters = try #require(assigned.column(named: "closest_cluster")?.presentNumbers()).map { Int($0) }
        for (feature, name) in ["a", "b", "c"].enumerated() {
            let values = try #require(assigned.column(named: name)?.presentNumbers())
            for cluster in 0..<3 {
                let members = values.indices.filter { clusters[$0] == cluster }.map { values[$0] }
                let mean = members.reduce(0, +) / Double(members.count)
                // The features are 32-bit floats, as in scikit-learn's float32 path.
                #expect(abs(centres[cluster][feature] - mean) <= 1e-6 * max(1, abs(mean)), "\(name) of cluster \(cluster)")
            }
        }
        let card = Value.model(try model(session, "k")).displayBundles()[0].plainText
        #expect(card.contains("centres (in each column's units, before the recipe scaled it)\ncluster  rows"))
    }

    @Test("linear coefficients with the scaling undone equal those of the same model trained on the unscaled columns")
    func coefficients() throws {
        let session = try GoldenTables.session(with: ["t.csv": Self.rows])
        try session.run("""
            let t = load "t.csv"
            let scaled = train linear_learner on t predicting y using (recipe | scale standard [a, b] | scale minmax [c])
            let plain = train linear_learner on t predicting y
            """, sourceName: "cell", sink: RecordingSink())
        let (weights, intercepts) = try #require(try model(session, "scaled").coefficientsInOriginalUnits)
        guard case .linear(let plain) = try model(session, "plain").estimator else { throw ModelError.invalidParameter("not linear") }
        for feature in 0..<3 {
            #expect(abs(weights[0][feature] - plain.weights[0][feature]) <= 1e-4 * max(1, abs(plain.weights[0][feature])))
        }
        #expect(abs(intercepts[0] - plain.intercepts[0]) <= 1e-4 * max(1, abs(plain.intercepts[0])))
        let card = Value.model(try model(session, "scaled")).displayBundles()[0].plainText
        #expect(card.contains("feature      coefficient\n(intercept)"))
    }

    @Test("`models` lists the held-out score: the latest evaluation before saving, or the search's; a rebound name has none")
    func heldOut() throws {
        let session = try GoldenTables.session(with: ["t.csv": Self.rows])
        try session.run("""
            let t = load "t.csv"
            let a, b = t | split 75% seed 2
            let m = train xgboost on a predicting y { rounds = 10 }
            let e = evaluate m on b
            save m as "first"
            let m = train xgboost on a predicting y { rounds = 12 }
            save m as "second"
            let best = tune xgboost on a predicting y { trials 2, folds 3, search random, eta in 0.1..0.3 }
            save best as "third"
            """, sourceName: "cell", sink: RecordingSink())
        guard case .evaluation(let evaluation)? = session.bindings["e"] else { throw ModelError.invalidParameter("no evaluation") }
        let stored = try ModelStore.located(workingDirectory: session.workingDirectory).list()
        #expect(stored.map(\.name) == ["first", "second", "third"])
        #expect(stored[0].heldOut == HeldOutScore(metric: "auc", value: evaluation.entries[0].evaluation.metric("auc")!,
                                                  method: "evaluated on 30 rows"))
        #expect(stored[1].heldOut == nil)
        #expect(stored[2].heldOut?.method == "the search's 3-fold cross-validation" && stored[2].heldOut?.spread != nil)
        let listing = RecordingSink()
        try session.run("models", sourceName: "cell", sink: listing)
        let text = try #require(listing.displayed.first?.plainText)
        #expect(text.contains("auc \(formatMeasure(evaluation.entries[0].evaluation.metric("auc")!)) (evaluated on 30 rows)"))
        #expect(text.contains("— (evaluate it before saving)"))
        // A boosted model's card is followed by its training curve; a tuning's report by its convergence chart.
        let card = Value.model(try model(session, "m")).displayBundles()
        #expect(card.count == 2 && card[0].plainText.hasPrefix("xgboost model") && card[1].data["application/vnd.vegalite.v5+json"] != nil)
        let tuning = try #require(session.bindings["best"]).displayBundles()
        #expect(tuning.count == 2 && tuning[1].data["image/svg+xml"]?.contains("best so far") == true)
    }
}
