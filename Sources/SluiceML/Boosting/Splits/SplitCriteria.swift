/// XGBoost's leaf weight and gain, with L1 (`alpha`), L2 (`lambda`) and `max_delta_step`.
struct SplitCriteria: Sendable {
    let lambda: Double
    let alpha: Double
    let maxDeltaStep: Double
    let minChildWeight: Double

    init(_ parameters: BoostingParameters) {
        lambda = parameters.lambda
        alpha = parameters.alpha
        maxDeltaStep = parameters.maxDeltaStep
        minChildWeight = parameters.minChildWeight
    }

    @inline(__always)
    func thresholdL1(_ g: Double) -> Double {
        g > alpha ? g - alpha : (g < -alpha ? g + alpha : 0)
    }

    /// −T_α(G) / (H + λ), clamped to `max_delta_step`; 0 below `min_child_weight`.
    @inline(__always)
    func weight(_ g: Double, _ h: Double) -> Double {
        guard h >= minChildWeight, h > 0 else { return 0 }
        var w = -thresholdL1(g) / (h + lambda)
        if maxDeltaStep != 0, abs(w) > maxDeltaStep { w = w < 0 ? -maxDeltaStep : maxDeltaStep }
        return w
    }

    /// The node's score, without XGBoost's ½: T_α(G)² / (H + λ), or the
    /// weight-based form when `max_delta_step` clamps weights.
    @inline(__always)
    func gain(_ g: Double, _ h: Double) -> Double {
        guard h >= minChildWeight else { return 0 }
        if maxDeltaStep == 0 {
            let t = thresholdL1(g)
            return t * t / (h + lambda)
        }
        let w = weight(g, h)
        return -2 * (g * w + 0.5 * (h + lambda) * w * w + alpha * abs(w))
    }
}
