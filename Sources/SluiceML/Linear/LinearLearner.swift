import Foundation
import SluiceData

/// The linear learner: squared, logistic or multinomial loss with L1 and L2
/// penalties, fitted on internally standardised features by L-BFGS (OWL-QN
/// when `l1` > 0) or by mini-batch Adam or SGD.
public struct LinearLearner: Sendable {
    public var parameters: LinearParameters
    /// How the workers of a distributed job sum their losses and gradients; one process alone has nothing to sum.
    public var collective: any Collective
    /// Whether every worker holds all the rows or its own shard.
    public var layout: RowLayout

    public init(parameters: LinearParameters, collective: any Collective = LocalCollective(), layout: RowLayout = .replicated) {
        self.parameters = parameters
        self.collective = collective
        self.layout = layout
    }

    /// Fits to `labels` (values; 0/1 for logistic; class indices for multinomial with `classCount` classes).
    /// With a collective of several workers, each holding all the rows, each worker's losses and gradients
    /// come from its block of them (``Collective/block(of:)``) and are summed over all.
    public func fit(_ features: FeatureMatrix, labels: [Double], loss: LinearLoss, classCount: Int = 2,
                    progress: (Int, Int) -> Void = { _, _ in }, shouldStop: () -> Bool = { false }) throws(ModelError) -> LinearModel {
        try parameters.validate()
        guard features.rowCount > 0 else { throw .emptyTrainingSet }
        let threads = parameters.threads ?? defaultThreadCount
        // Standardise: x' = (x − mean) / deviation (population; 1 for a constant column), over every row
        // (every shard's, when the workers hold shards).
        let sharded = collective.size > 1 && layout == .sharded
        let pool = PooledStatistics(collective: sharded ? collective : LocalCollective())
        var means: [Double] = [], deviations: [Double] = []
        for column in features.columns {
            let sums = pool.sums([column.reduce(0.0) { $0 + Double($1) }, Double(column.count)])
            let mean = sums[0] / sums[1]
            let variance = pool.sums([column.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }])[0] / sums[1]
            means.append(mean)
            deviations.append(variance > 0 ? variance.squareRoot() : 1)
        }
        // With several workers each holding all the rows, each sums its own block (the scaling, from all of them, is shared).
        let block = collective.size > 1 && !sharded ? collective.block(of: features.rowCount) : 0..<features.rowCount
        let data = try DenseRows(block.count < features.rowCount ? features.rows(block) : features, centering: means, scaling: deviations)
        let outputs = loss == .multinomial ? classCount : 1
        let objective = LinearObjective(data: data, labels: Array(labels[block]), loss: loss, outputs: outputs, l2: parameters.l2,
                                        threads: threads, collective: collective)
        var start = [Double](repeating: 0, count: objective.parameterCount)
        if loss == .squared {
            let sums = pool.sums([labels.reduce(0, +), Double(labels.count)])
            start[data.width] = sums[0] / sums[1]
        }
        let (solution, report): ([Double], ConvergenceReport)
        switch parameters.optimizer {
        case .lbfgs:
            (solution, report) = try QuasiNewton(objective: objective, l1: parameters.l1, maxIterations: parameters.maxIterations,
                                                 tolerance: parameters.tolerance).minimize(from: start, progress: progress,
                                                                                           shouldStop: shouldStop)
        case .adam, .sgd:
            (solution, report) = try MiniBatch(objective: objective, parameters: parameters).minimize(from: start, progress: progress,
                                                                                                     shouldStop: shouldStop)
        }
        // Back to the original scale: w = w' / σ, b = b' − Σ w' μ / σ.
        let stride = data.width + 1
        var weights: [[Double]] = [], intercepts: [Double] = []
        for k in 0..<outputs {
            var row: [Double] = []
            var intercept = solution[k * stride + data.width]
            for f in 0..<data.width {
                let w = solution[k * stride + f] / deviations[f]
                row.append(w)
                intercept -= w * means[f]
            }
            weights.append(row)
            intercepts.append(intercept)
        }
        return LinearModel(loss: loss, parameters: parameters, featureNames: features.names, weights: weights,
                           intercepts: intercepts, featureMeans: means, featureDeviations: deviations, report: report)
    }
}

/// L-BFGS with a backtracking line search; with an L1 penalty, OWL-QN
/// (Andrew and Gao): a pseudo-gradient, directions kept in its orthant, and
/// steps projected so no weight crosses zero. Intercepts are not penalised.
struct QuasiNewton {
    let objective: LinearObjective
    let l1: Double
    let maxIterations: Int
    let tolerance: Double
    let history = 10

    private var stride: Int { objective.data.width + 1 }

    private func isIntercept(_ index: Int) -> Bool { index % stride == stride - 1 }

    private func penalty(_ w: [Double]) -> Double {
        guard l1 > 0 else { return 0 }
        return l1 * w.indices.reduce(0) { isIntercept($1) ? $0 : $0 + abs(w[$1]) }
    }

    /// The gradient of the smooth part plus the L1 term's minimal-norm subgradient.
    private func pseudoGradient(_ w: [Double], _ g: [Double]) -> [Double] {
        guard l1 > 0 else { return g }
        return w.indices.map { i in
            if isIntercept(i) { return g[i] }
            if w[i] > 0 { return g[i] + l1 }
            if w[i] < 0 { return g[i] - l1 }
            if g[i] + l1 < 0 { return g[i] + l1 }
            if g[i] - l1 > 0 { return g[i] - l1 }
            return 0
        }
    }

    func minimize(from start: [Double], progress: (Int, Int) -> Void, shouldStop: () -> Bool) throws(ModelError)
        -> ([Double], ConvergenceReport) {
        var w = start
        var (smooth, g) = objective.evaluate(w)
        var value = smooth + penalty(w)
        var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
        var iterations = 0
        var converged = false
        var pg = pseudoGradient(w, g)
        while iterations < maxIterations {
            if shouldStop() { throw .interrupted }
            if (pg.map(abs).max() ?? 0) <= tolerance {
                converged = true
                break
            }
            iterations += 1
            // Two-loop recursion: d = −H pg.
            var q = pg
            var alphas = [Double](repeating: 0, count: s.count)
            for index in Swift.stride(from: s.count - 1, through: 0, by: -1) {
                alphas[index] = rho[index] * dot(s[index], q)
                for i in q.indices { q[i] -= alphas[index] * y[index][i] }
            }
            if let lastS = s.last, let lastY = y.last {
                let scale = dot(lastS, lastY) / dot(lastY, lastY)
                for i in q.indices { q[i] *= scale }
            }
            for index in s.indices {
                let beta = rho[index] * dot(y[index], q)
                for i in q.indices { q[i] += s[index][i] * (alphas[index] - beta) }
            }
            var direction = q.map { -$0 }
            if l1 > 0 {
                // Keep the direction in the orthant the pseudo-gradient points away from.
                for i in direction.indices where direction[i] * -pg[i] <= 0 { direction[i] = 0 }
            }
            var slope = dot(direction, pg)
            if slope >= 0 {
                direction = pg.map { -$0 }
                slope = dot(direction, pg)
                s.removeAll(); y.removeAll(); rho.removeAll()
            }
            // Backtracking (Armijo) line search, projecting onto the orthant for L1.
            let orthant = w.indices.map { i in w[i] != 0 ? (w[i] > 0 ? 1.0 : -1.0) : (-pg[i] > 0 ? 1.0 : -1.0) }
            var step = s.isEmpty ? min(1, 1 / max(pg.map(abs).max() ?? 1, 1e-12)) : 1.0
            var next = w, nextSmooth = smooth, nextG = g, nextValue = value
            var accepted = false
            for _ in 0..<60 {
                next = w.indices.map { w[$0] + step * direction[$0] }
                if l1 > 0 {
                    for i in next.indices where !isIntercept(i) && next[i] * orthant[i] < 0 { next[i] = 0 }
                }
                (nextSmooth, nextG) = objective.evaluate(next)
                nextValue = nextSmooth + penalty(next)
                let decrease = l1 > 0 ? dot(pg, w.indices.map { next[$0] - w[$0] }) : step * slope
                if nextValue <= value + 1e-4 * decrease {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            if !accepted {
                converged = true  // no further decrease is possible at this precision
                break
            }
            let sk = next.indices.map { next[$0] - w[$0] }
            let yk = nextG.indices.map { nextG[$0] - g[$0] }
            let curvature = dot(sk, yk)
            if curvature > 1e-12 {
                s.append(sk); y.append(yk); rho.append(1 / curvature)
                if s.count > history { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
            }
            let improvement = value - nextValue
            w = next; g = nextG; smooth = nextSmooth; value = nextValue
            pg = pseudoGradient(w, g)
            progress(iterations, maxIterations)
            if improvement <= 1e-15 * max(1, abs(value)) {
                converged = true
                break
            }
        }
        return (w, ConvergenceReport(iterations: iterations, converged: converged, objective: value,
                                     gradientNorm: pg.map(abs).max() ?? 0))
    }
}

/// Mini-batch Adam or SGD over shuffled rows, with L1 as a proximal (soft-threshold) step.
struct MiniBatch {
    let objective: LinearObjective
    let parameters: LinearParameters

    func minimize(from start: [Double], progress: (Int, Int) -> Void, shouldStop: () -> Bool) throws(ModelError)
        -> ([Double], ConvergenceReport) {
        var w = start
        var first = [Double](repeating: 0, count: w.count), second = first
        var generator = SeededGenerator(seed: parameters.seed)
        let rows = objective.data.rowCount
        let stride = objective.data.width + 1
        var step = 0
        // Batches are contiguous runs of rows starting at shuffled offsets, one pass per epoch. Over several
        // workers every one takes the same number of batches (as the whole table would cut into), each batch
        // its share of its own rows, so that each batch's gradient is summed over all of them.
        let collective = objective.collective
        let batchRanges: [Range<Int>]
        if collective.size > 1 {
            let total = Int(objective.collective.sum(Double(rows)))
            let batches = max(1, (total + parameters.batchSize - 1) / parameters.batchSize)
            batchRanges = (0..<batches).map { (rows * $0 / batches)..<(rows * ($0 + 1) / batches) }
        } else {
            batchRanges = Swift.stride(from: 0, to: rows, by: parameters.batchSize).map { $0..<min(rows, $0 + parameters.batchSize) }
        }
        for epoch in 0..<parameters.epochs {
            if shouldStop() { throw .interrupted }
            for batch in generator.permutation(of: batchRanges.count) {
                let range = batchRanges[batch]
                let (_, gradient) = objective.evaluate(w, rows: range)
                step += 1
                for i in w.indices {
                    switch parameters.optimizer {
                    case .adam:
                        first[i] = 0.9 * first[i] + 0.1 * gradient[i]
                        second[i] = 0.999 * second[i] + 0.001 * gradient[i] * gradient[i]
                        let corrected = first[i] / (1 - pow(0.9, Double(step)))
                        let scale = second[i] / (1 - pow(0.999, Double(step)))
                        w[i] -= parameters.learningRate * corrected / (scale.squareRoot() + 1e-8)
                    default:
                        w[i] -= parameters.learningRate * gradient[i]
                    }
                    if parameters.l1 > 0, i % stride != stride - 1 {
                        let threshold = parameters.learningRate * parameters.l1
                        w[i] = w[i] > threshold ? w[i] - threshold : (w[i] < -threshold ? w[i] + threshold : 0)
                    }
                }
            }
            progress(epoch + 1, parameters.epochs)
        }
        let (smooth, gradient) = objective.evaluate(w)
        let l1Term = parameters.l1 * w.indices.reduce(0) { $1 % stride == stride - 1 ? $0 : $0 + abs(w[$1]) }
        return (w, ConvergenceReport(iterations: parameters.epochs, converged: true, objective: smooth + l1Term,
                                     gradientNorm: gradient.map(abs).max() ?? 0))
    }
}

private func dot(_ a: [Double], _ b: [Double]) -> Double {
    var total = 0.0
    for i in a.indices { total += a[i] * b[i] }
    return total
}
