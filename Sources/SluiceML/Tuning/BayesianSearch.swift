import Foundation
import SluiceData

/// Bayesian optimisation with a Gaussian process: a Matérn-5/2 kernel over the
/// parameters mapped to [0, 1], its length scale chosen by marginal likelihood,
/// and the next trial chosen by expected improvement. The Gaussian process was
/// preferred to TPE because tuning budgets here are small (tens of trials),
/// where a GP's smooth model of the metric uses each trial best.
struct BayesianSearch {
    let dimensions: Int
    let maximize: Bool

    /// The next point to try, given the points tried so far and their values.
    func suggest(points: [[Double]], values: [Double], generator: inout SeededGenerator) -> [Double] {
        // Work on standardised values, always maximising.
        let signed = values.map { maximize ? $0 : -$0 }
        let mean = signed.reduce(0, +) / Double(signed.count)
        let deviation = max((signed.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(signed.count)).squareRoot(), 1e-12)
        let targets = signed.map { ($0 - mean) / deviation }
        let lengthScale = [0.05, 0.1, 0.2, 0.35, 0.6, 1.0].max { a, b in
            logLikelihood(points, targets, lengthScale: a) < logLikelihood(points, targets, lengthScale: b)
        }!
        guard let model = GaussianProcess(points: points, targets: targets, lengthScale: lengthScale) else {
            return (0..<dimensions).map { _ in uniform(&generator) }
        }
        let incumbent = targets.max()!
        let bestPoint = points[targets.firstIndex(of: incumbent)!]
        var bestCandidate = bestPoint, bestScore = -Double.infinity
        for index in 0..<2000 {
            let candidate: [Double] = index % 4 == 0
                ? bestPoint.map { min(1, max(0, $0 + (uniform(&generator) - 0.5) * 0.2)) }
                : (0..<dimensions).map { _ in uniform(&generator) }
            let (mu, variance) = model.predict(candidate)
            let sigma = variance.squareRoot()
            guard sigma > 1e-9 else { continue }
            let z = (mu - incumbent - 0.01) / sigma
            let improvement = (mu - incumbent - 0.01) * normalCDF(z) + sigma * normalPDF(z)
            if improvement > bestScore {
                bestScore = improvement
                bestCandidate = candidate
            }
        }
        return bestCandidate
    }

    private func logLikelihood(_ points: [[Double]], _ targets: [Double], lengthScale: Double) -> Double {
        guard let model = GaussianProcess(points: points, targets: targets, lengthScale: lengthScale) else { return -.infinity }
        return model.logMarginalLikelihood
    }
}

private func uniform(_ generator: inout SeededGenerator) -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
private func normalPDF(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }
private func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

/// A Gaussian process regression on [0, 1]^d with a Matérn-5/2 kernel (unit signal variance) and a little noise.
struct GaussianProcess {
    let points: [[Double]]
    let lengthScale: Double
    /// The lower Cholesky factor of K + σ²I, row-major.
    let factor: [Double]
    /// (K + σ²I)⁻¹ y.
    let weights: [Double]
    let logMarginalLikelihood: Double

    static let noise = 1e-4

    init?(points: [[Double]], targets: [Double], lengthScale: Double) {
        let n = points.count
        self.points = points
        self.lengthScale = lengthScale
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                let value = Self.kernel(points[i], points[j], lengthScale) + (i == j ? Self.noise : 0)
                matrix[i * n + j] = value
                matrix[j * n + i] = value
            }
        }
        // Cholesky: matrix = L Lᵀ.
        var lower = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = matrix[i * n + j]
                for k in 0..<j { sum -= lower[i * n + k] * lower[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    lower[i * n + i] = sum.squareRoot()
                } else {
                    lower[i * n + j] = sum / lower[j * n + j]
                }
            }
        }
        factor = lower
        // Solve L z = y, then Lᵀ w = z.
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = targets[i]
            for k in 0..<i { sum -= lower[i * n + k] * z[k] }
            z[i] = sum / lower[i * n + i]
        }
        var w = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = z[i]
            for k in (i + 1)..<max(n, i + 1) { sum -= lower[k * n + i] * w[k] }
            w[i] = sum / lower[i * n + i]
        }
        weights = w
        let logDeterminant = (0..<n).reduce(0) { $0 + log(lower[$1 * n + $1]) }
        logMarginalLikelihood = -0.5 * zip(targets, w).reduce(0) { $0 + $1.0 * $1.1 } - logDeterminant
            - 0.5 * Double(n) * log(2 * Double.pi)
    }

    /// The Matérn-5/2 covariance of two points.
    static func kernel(_ a: [Double], _ b: [Double], _ lengthScale: Double) -> Double {
        let distance = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() / lengthScale
        let scaled = 5.0.squareRoot() * distance
        return (1 + scaled + scaled * scaled / 3) * exp(-scaled)
    }

    /// The posterior mean and variance at a point.
    func predict(_ point: [Double]) -> (Double, Double) {
        let n = points.count
        let k = points.map { Self.kernel($0, point, lengthScale) }
        let mean = zip(k, weights).reduce(0) { $0 + $1.0 * $1.1 }
        var v = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = k[i]
            for j in 0..<i { sum -= factor[i * n + j] * v[j] }
            v[i] = sum / factor[i * n + i]
        }
        let variance = max(1 + Self.noise - v.reduce(0) { $0 + $1 * $1 }, 0)
        return (mean, variance)
    }
}
