/// What a model learned, in the units of the columns as they were before the recipe scaled them, so a
/// k-means centre reads as a typical row and a coefficient as the change per unit of its column.
extension TrainedModel {
    /// The k-means centres, `[cluster][feature]`, with every `scale` step of the recipe undone; nil for other models.
    public var centresInOriginalUnits: [[Double]]? {
        guard case .kmeans(let clusters) = estimator else { return nil }
        let scales = featureNames.map(recipe.scales(of:))
        return clusters.centers.map { centre in
            zip(centre, scales).map { value, steps in steps.reversed().reduce(value) { $0 * $1.scale + $1.center } }
        }
    }

    /// The linear model's weights, `[output][feature]`, and intercepts, for features before the recipe scaled
    /// them: w / s for a feature scaled as (x − c) / s, the intercept less w · c / s; nil for other models.
    public var coefficientsInOriginalUnits: (weights: [[Double]], intercepts: [Double])? {
        guard case .linear(let linear) = estimator else { return nil }
        let scales = featureNames.map(recipe.scales(of:))
        var weights = linear.weights, intercepts = linear.intercepts
        for output in weights.indices {
            for (feature, steps) in scales.enumerated() {
                // Undo the steps last first: w · (x − c) / s = (w / s) · x − w · c / s.
                for step in steps.reversed() {
                    intercepts[output] -= weights[output][feature] * step.center / step.scale
                    weights[output][feature] /= step.scale
                }
            }
        }
        return (weights, intercepts)
    }
}

extension FittedRecipe {
    /// The `scale` steps that change the feature `name`, in the order they apply.
    public func scales(of name: String) -> [AffineScale] {
        steps.compactMap { step in
            if case .scale(let scales) = step { scales[name] } else { nil }
        }
    }
}
