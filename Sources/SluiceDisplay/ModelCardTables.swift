import SluiceData
import SluiceML

/// The table of a model card that says what the model learned: k-means centres, or the linear model's
/// signed coefficients and intercept, both in the units of the columns before the recipe scaled them.
enum ModelCardTables {
    /// The most rows a card's table shows.
    static let rowLimit = 30

    /// The table's title and rows (headers first), or nil for a model with none (boosted trees: see `importance`).
    static func learned(_ model: TrainedModel) -> (title: String, rows: [[String]])? {
        let scaled = model.featureNames.contains { !model.recipe.scales(of: $0).isEmpty }
        let units = scaled ? " (in each column's units, before the recipe scaled it)" : ""
        if let centres = model.centresInOriginalUnits, case .kmeans(let clusters) = model.estimator {
            let rows = centres.enumerated().map { cluster, centre in
                [String(cluster), formatCount(clusters.clusterSizes[cluster])] + centre.map(formatStatistic)
            }
            return ("centres\(units)", [["cluster", "rows"] + model.featureNames] + rows)
        }
        guard let (weights, intercepts) = model.coefficientsInOriginalUnits, case .linear(let linear) = model.estimator else { return nil }
        let outputs: [String] = if case .multiclassClassification(let classes) = model.task { classes } else { ["coefficient"] }
        // Largest effect first: |w| × the feature's spread, summed over outputs (scale-free).
        let effect = model.featureNames.indices.map { feature in
            linear.weights.reduce(0) { $0 + abs($1[feature]) * linear.featureDeviations[feature] }
        }
        let order = model.featureNames.indices.sorted { effect[$0] != effect[$1] ? effect[$0] > effect[$1] : $0 < $1 }
        var rows = [["feature"] + outputs, ["(intercept)"] + intercepts.map(formatStatistic)]
        rows += order.prefix(rowLimit).map { feature in [model.featureNames[feature]] + weights.map { formatStatistic($0[feature]) } }
        if order.count > rowLimit { rows.append(["… \(order.count - rowLimit) more"] + outputs.map { _ in "" }) }
        let sorting = "largest |coefficient| × spread first"
        return ("coefficients\(scaled ? " per unit of each column before the recipe scaled it" : ""), \(sorting)", rows)
    }
}
