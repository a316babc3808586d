import Foundation
import SluiceData

/// The parameters of k-means, named as SageMaker's built-in algorithm and scikit-learn.
public struct KMeansParameters: Sendable, Codable, Equatable {
    /// The number of clusters (required).
    public var k: Int
    public var maxIterations = 300
    /// Converged when the centers' squared shifts sum to at most `tolerance` × the mean feature variance.
    public var tolerance = 1e-4
    /// Runs from different seeds; the one with the least inertia is kept.
    public var initializations = 1
    public var seed: UInt64 = 0
    public var threads: Int?

    public init(k: Int) {
        self.k = k
    }

    public func validate(rows: Int) throws(ModelError) {
        guard k >= 1 else { throw .invalidParameter("`k` must be at least 1") }
        guard k <= rows else { throw .invalidParameter("`k` (\(k)) is more than the \(rows) rows to cluster") }
        guard maxIterations >= 1 else { throw .invalidParameter("`max_iter` must be at least 1") }
        guard tolerance >= 0 else { throw .invalidParameter("`tol` must be at least 0") }
        guard initializations >= 1 else { throw .invalidParameter("`n_init` must be at least 1") }
    }
}

/// A fitted k-means model.
public struct KMeansModel: Sendable, Codable, Equatable {
    public var parameters: KMeansParameters
    public var featureNames: [String]
    /// `centers[cluster][feature]`.
    public var centers: [[Double]]
    /// The sum of squared distances from each training row to its center.
    public var inertia: Double
    public var iterations: Int
    /// Training rows per cluster.
    public var clusterSizes: [Int]

    /// Each row's nearest center and the (Euclidean) distance to it.
    public func assign(_ features: FeatureMatrix) throws(ModelError) -> (clusters: [Int], distances: [Double]) {
        let data = try DenseRows(features)
        let threads = parameters.threads ?? defaultThreadCount
        let (clusters, squared) = nearestCenters(data, centers: centers.flatMap { $0 }, k: centers.count, threads: threads)
        return (clusters, squared.map { $0.squareRoot() })
    }
}

/// Rows of doubles, row-major, without missing values.
struct DenseRows: Sendable {
    let values: [Double]
    let rowCount: Int
    let width: Int

    /// The rows of `features`, each value as (x − centering) / scaling when those are given.
    init(_ features: FeatureMatrix, centering: [Double]? = nil, scaling: [Double]? = nil) throws(ModelError) {
        rowCount = features.rowCount
        width = features.columns.count
        var values = [Double](repeating: 0, count: rowCount * width)
        for (feature, column) in features.columns.enumerated() {
            let center = centering?[feature] ?? 0, scale = scaling?[feature] ?? 1
            for (row, value) in column.enumerated() {
                guard !value.isNaN else {
                    throw .invalidParameter("this algorithm needs complete rows, but `\(features.names[feature])` is missing in row \(row + 1); impute it in a recipe")
                }
                values[row * width + feature] = (Double(value) - center) / scale
            }
        }
        self.values = values
    }
}

/// The squared Euclidean distance, four coordinates at a time.
@inline(__always)
func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ width: Int) -> Double {
    var sums = SIMD4<Double>(repeating: 0)
    var index = 0
    let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
    while index + 4 <= width {
        let difference = rawA.loadUnaligned(fromByteOffset: index * 8, as: SIMD4<Double>.self)
            - rawB.loadUnaligned(fromByteOffset: index * 8, as: SIMD4<Double>.self)
        sums += difference * difference
        index += 4
    }
    var total = sums.sum()
    while index < width {
        let difference = a[index] - b[index]
        total += difference * difference
        index += 1
    }
    return total
}

/// Each row's nearest center (by squared distance) and that squared distance, on every core.
func nearestCenters(_ data: DenseRows, centers: [Double], k: Int, threads: Int) -> ([Int], [Double]) {
    let clusters = SharedBuffer<Int>(repeating: 0, count: data.rowCount)
    let distances = SharedBuffer<Double>(repeating: 0, count: data.rowCount)
    let blockSize = 8192
    parallelFor((data.rowCount + blockSize - 1) / blockSize, threads: threads) { block in
        data.values.withUnsafeBufferPointer { values in
            centers.withUnsafeBufferPointer { centers in
                for row in (block * blockSize)..<min(data.rowCount, (block + 1) * blockSize) {
                    var best = 0, bestDistance = Double.infinity
                    for cluster in 0..<k {
                        let distance = squaredDistance(values.baseAddress! + row * data.width, centers.baseAddress! + cluster * data.width, data.width)
                        if distance < bestDistance {
                            bestDistance = distance
                            best = cluster
                        }
                    }
                    clusters[row] = best
                    distances[row] = bestDistance
                }
            }
        }
    }
    return (clusters.array, distances.array)
}
