import Foundation

/// How the linear learner optimises.
public enum LinearOptimizer: String, Sendable, Codable, CaseIterable {
    /// Full-batch L-BFGS (OWL-QN when `l1` > 0): exact optima on data that fits in memory.
    case lbfgs
    /// Mini-batch Adam, for large data.
    case adam
    /// Mini-batch stochastic gradient descent.
    case sgd
}

/// The loss the linear learner minimises.
public enum LinearLoss: String, Sendable, Codable, CaseIterable {
    case squared = "squared_loss"
    case logistic
    case multinomial = "softmax_loss"
}

/// The parameters of the linear learner. The objective is
/// mean loss + l2/2 · ‖w‖² + l1 · ‖w‖₁ over internally standardised
/// features (the intercept is not penalised).
public struct LinearParameters: Sendable, Codable, Equatable {
    public var l1 = 0.0
    public var l2 = 0.0
    public var optimizer = LinearOptimizer.lbfgs
    /// L-BFGS: at most this many iterations.
    public var maxIterations = 1000
    /// L-BFGS: converged when the (pseudo-)gradient's largest component is at most this.
    public var tolerance = 1e-6
    /// Adam and SGD: passes over the data.
    public var epochs = 15
    public var learningRate = 0.01
    public var batchSize = 256
    public var seed: UInt64 = 0
    public var threads: Int?

    public init() {}

    public func validate() throws(ModelError) {
        guard l1 >= 0, l2 >= 0 else { throw .invalidParameter("`l1` and `l2` must be at least 0") }
        guard maxIterations >= 1 else { throw .invalidParameter("`max_iter` must be at least 1") }
        guard epochs >= 1 else { throw .invalidParameter("`epochs` must be at least 1") }
        guard learningRate > 0 else { throw .invalidParameter("`learning_rate` must be more than 0") }
        guard batchSize >= 1 else { throw .invalidParameter("`batch_size` must be at least 1") }
    }
}

/// How an optimisation ended.
public struct ConvergenceReport: Sendable, Codable, Equatable {
    public var iterations: Int
    public var converged: Bool
    /// The objective at the end (mean loss plus penalties).
    public var objective: Double
    /// The largest component of the (pseudo-)gradient at the end.
    public var gradientNorm: Double
}

/// A fitted linear model, on the original feature scale.
public struct LinearModel: Sendable, Codable, Equatable {
    public var loss: LinearLoss
    public var parameters: LinearParameters
    public var featureNames: [String]
    /// `weights[output][feature]`; one output, or one per class for multinomial.
    public var weights: [[Double]]
    public var intercepts: [Double]
    /// The training means, used for a missing value at prediction time.
    public var featureMeans: [Double]
    /// The training standard deviations (population), which put weights on a common scale for importance.
    public var featureDeviations: [Double]
    public var report: ConvergenceReport

    /// Predictions in output space: values, probabilities of the positive class, or class probabilities (row-major).
    public func predict(_ features: FeatureMatrix) -> [Double] {
        let rows = features.rowCount, outputs = weights.count
        var margins = [Double](repeating: 0, count: rows * outputs)
        for output in 0..<outputs {
            for row in 0..<rows { margins[row * outputs + output] = intercepts[output] }
            for (feature, column) in features.columns.enumerated() {
                let weight = weights[output][feature]
                guard weight != 0 else { continue }
                for row in 0..<rows {
                    let value = column[row]
                    margins[row * outputs + output] += weight * (value.isNaN ? featureMeans[feature] : Double(value))
                }
            }
        }
        switch loss {
        case .squared: return margins
        case .logistic: return margins.map(sigmoid)
        case .multinomial:
            var probabilities = margins
            for row in 0..<rows {
                let slice = margins[(row * outputs)..<((row + 1) * outputs)]
                let peak = slice.max()!
                let total = slice.reduce(0) { $0 + exp($1 - peak) }
                for k in 0..<outputs { probabilities[row * outputs + k] = exp(margins[row * outputs + k] - peak) / total }
            }
            return probabilities
        }
    }
}
