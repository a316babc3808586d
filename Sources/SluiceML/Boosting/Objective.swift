import Foundation

/// The loss a boosting objective minimises: gradients, output transform and initial margin.
struct ObjectiveFunction: Sendable {
    let objective: BoostingObjective
    /// Outputs per row: 1, or the number of classes.
    let outputs: Int

    /// Writes (gradient, hessian) pairs for output `output` at `margins` (row-major, `outputs` wide)
    /// into `pairs[2 * row]`, `pairs[2 * row + 1]`. With `computeLoss`, also returns the mean loss at
    /// these margins (log loss, root mean squared error, or multiclass log loss) from the same pass;
    /// otherwise NaN.
    @discardableResult
    func gradients(labels: [Double], margins: [Double], output: Int, into pairs: SharedBuffer<Float>, threads: Int,
                   computeLoss: Bool = true, collective: any Collective = LocalCollective()) -> Double {
        let rowCount = labels.count
        let blockSize = 65_536
        let outputs = self.outputs
        let objective = self.objective
        let blocks = (rowCount + blockSize - 1) / blockSize
        let losses = SharedBuffer<Double>(repeating: 0, count: blocks)
        parallelFor(blocks, threads: threads) { block in
            var loss = 0.0
            for row in (block * blockSize)..<min(rowCount, (block + 1) * blockSize) {
                let gradient: Double, hessian: Double
                switch objective {
                case .binaryLogistic:
                    let p = sigmoid(margins[row])
                    gradient = p - labels[row]
                    hessian = max(p * (1 - p), 1e-16)
                    if computeLoss {
                        let clipped = min(max(p, 1e-15), 1 - 1e-15)
                        loss -= labels[row] == 1 ? log(clipped) : log(1 - clipped)
                    }
                case .squaredError:
                    gradient = margins[row] - labels[row]
                    hessian = 1
                    loss += gradient * gradient
                case .multiSoftprob:
                    let base = row * outputs
                    var peak = -Double.infinity
                    for k in 0..<outputs { peak = max(peak, margins[base + k]) }
                    var total = 0.0
                    for k in 0..<outputs { total += exp(margins[base + k] - peak) }
                    let p = exp(margins[base + output] - peak) / total
                    gradient = p - (Int(labels[row]) == output ? 1 : 0)
                    hessian = max(2 * p * (1 - p), 1e-16)
                    if computeLoss {
                        let truth = exp(margins[base + Int(labels[row])] - peak) / total
                        loss -= log(min(max(truth, 1e-15), 1 - 1e-15))
                    }
                }
                pairs[2 * row] = Float(gradient)
                pairs[2 * row + 1] = Float(hessian)
            }
            losses[block] = loss
        }
        guard computeLoss else { return .nan }
        // Over every worker's rows.
        let mean = collective.sum(losses.array.reduce(0, +)) / max(collective.sum(Double(rowCount)), 1)
        return objective == .squaredError ? mean.squareRoot() : mean
    }

    /// The output-space prediction of each row: probabilities, or the value itself.
    func transform(_ margins: [Double]) -> [Double] {
        switch objective {
        case .binaryLogistic: return margins.map(sigmoid)
        case .squaredError: return margins
        case .multiSoftprob:
            var result = margins
            for start in stride(from: 0, to: margins.count, by: outputs) {
                let slice = margins[start..<start + outputs]
                let peak = slice.max()!
                let total = slice.reduce(0) { $0 + exp($1 - peak) }
                for k in 0..<outputs { result[start + k] = exp(margins[start + k] - peak) / total }
            }
            return result
        }
    }

    /// The initial prediction in output space: given, or estimated from the labels.
    func baseScore(labels: [Double], given: Double?) -> Double {
        baseScore(mean: labels.reduce(0, +) / Double(labels.count), given: given)
    }

    /// The initial prediction from the labels' mean, unless given.
    func baseScore(mean: Double, given: Double?) -> Double {
        if let given { return given }
        switch objective {
        case .binaryLogistic: return min(max(mean, 1e-6), 1 - 1e-6)
        case .squaredError: return mean
        case .multiSoftprob: return 0.5
        }
    }

    /// The margin the trees start from.
    func baseMargin(forScore score: Double) -> Double {
        objective == .binaryLogistic ? log(score / (1 - score)) : score
    }

    /// The metric logged when none is named.
    var defaultMetric: EvaluationMetric {
        switch objective {
        case .binaryLogistic: .logloss
        case .squaredError: .rmse
        case .multiSoftprob: .mlogloss
        }
    }
}

@inline(__always)
func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
