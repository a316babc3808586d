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
                   computeLoss: Bool = true, collective: any Collective = LocalCollective(), grid: GradientGrid = .none) -> Double {
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
                pairs[2 * row] = Float(grid.gradients.snap(gradient))
                pairs[2 * row + 1] = Float(grid.hessians.snap(hessian))
            }
            losses[block] = loss
        }
        guard computeLoss else { return .nan }
        // Over every worker's rows.
        let mean = collective.sum(losses.array.reduce(0, +)) / max(collective.sum(Double(rowCount)), 1)
        return objective == .squaredError ? mean.squareRoot() : mean
    }

    /// The largest |gradient| and hessian any row can have at `margins` (from the objective where it bounds
    /// them; for squared error, from the margins and labels of every worker's rows).
    func gradientBounds(labels: [Double], margins: [Double], output: Int, collective: any Collective) -> (gradient: Double, hessian: Double) {
        switch objective {
        case .binaryLogistic: return (1, 0.25)
        case .multiSoftprob: return (1, 0.5)
        case .squaredError:
            var largest = 0.0
            for row in labels.indices { largest = max(largest, abs(margins[row * outputs + output] - labels[row])) }
            return (collective.maximum(largest), 1)
        }
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

/// The power-of-two grids gradients and hessians are rounded to before they are summed: fine enough that
/// any sum of them over every worker's rows is exact in `Double` (their total magnitude stays within 53
/// bits of the grid), so no sum depends on how rows are split between threads or workers.
struct GradientGrid: Sendable {
    let gradients: Grid
    let hessians: Grid

    /// No rounding.
    static let none = GradientGrid(gradients: Grid(step: 0), hessians: Grid(step: 0))

    /// The grids for `rows` rows whose |gradient| and hessian are at most `bounds`.
    init(rows: Int, bounds: (gradient: Double, hessian: Double)) {
        gradients = Grid(step: Grid.exactStep(bound: Double(rows) * bounds.gradient))
        hessians = Grid(step: Grid.exactStep(bound: Double(rows) * bounds.hessian))
    }

    private init(gradients: Grid, hessians: Grid) {
        self.gradients = gradients
        self.hessians = hessians
    }

    /// Multiples of a power of two.
    struct Grid: Sendable {
        /// 1.5 × 2^52 × step: adding and subtracting it rounds to the nearest multiple of the step, in
        /// two additions (no division, no rounding call), exactly for |x| < 2^51 steps; 0 for no grid.
        let magic: Double

        init(step: Double) { magic = step * 0x1.8p52 }

        /// `value` on the grid. Converted to Float it stays on the grid: a Float's own rounding keeps
        /// multiples of a step at or above its spacing, and values below 2^24 steps are exact.
        @inline(__always)
        func snap(_ value: Double) -> Double { (value + magic) - magic }

        /// The smallest power of two `step` with `bound / step` ≤ 2^52 (not below Float's smallest normal).
        static func exactStep(bound: Double) -> Double {
            guard bound > 0, bound.isFinite else { return 1 }
            let exponent = max(Int(bound.exponent) + 1 - 52, Int(Float.leastNormalMagnitude.exponent))
            return Double(sign: .plus, exponent: exponent, significand: 1)
        }
    }
}
