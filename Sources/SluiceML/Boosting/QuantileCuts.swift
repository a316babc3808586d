/// Each feature's bin boundaries, as XGBoost's `hist` method lays them out:
/// bin i holds the values v with cut[i-1] <= v < cut[i]; the last cut lies
/// above the maximum. A split "after bin b" sends v < cut[b] left.
struct QuantileCuts: Sendable {
    /// `cuts[feature]`: strictly increasing upper bounds of the bins.
    let cuts: [[Float]]
    /// Each feature's smallest value, less a margin: the threshold of a split
    /// that sends every present value right and the missing ones left.
    let minimums: [Float]
    /// Whether the feature has missing values in the training data. Only such
    /// features need a code for "missing"; the others may use all 256 codes as bins.
    let hasMissing: [Bool]
    /// Each feature's code for a missing value: its bin count, or -1 when it has none.
    let missingCodes: [Int16]
    /// Where each feature's histogram slots start: its bins, then one for missing values if it has any.
    let slotOffsets: [Int]
    /// Histogram slots over all features.
    let slotCount: Int

    /// The bin holding `value` (which must not be NaN).
    @inline(__always)
    static func bin(of value: Float, in cuts: [Float]) -> Int {
        var low = 0, high = cuts.count - 1
        while low < high {
            let middle = (low + high) / 2
            if value < cuts[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Cut points from at most `sampleLimit` values per feature: every distinct
    /// value when there are at most `maxBins`, else values at evenly spaced ranks.
    /// A feature with missing values gets at most `maxBins` − 1 when `maxBins`
    /// is 256, so that its bins and its missing marker fit in a byte.
    init(features: FeatureMatrix, maxBins requested: Int, sampleLimit: Int = 1 << 18, threads: Int) {
        let featureCount = features.columns.count
        let cutsBuffer = SharedBuffer<[Float]>(repeating: [], count: featureCount)
        let minimumBuffer = SharedBuffer<Float>(repeating: 0, count: featureCount)
        let missingBuffer = SharedBuffer<Bool>(repeating: false, count: featureCount)
        parallelFor(featureCount, threads: threads) { feature in
            let column = features.columns[feature]
            let missing = column.contains { $0.isNaN }
            missingBuffer[feature] = missing
            let maxBins = missing ? min(requested, BinnedMatrix.binCodes - 1) : min(requested, BinnedMatrix.binCodes)
            let stride = max(1, column.count / sampleLimit)
            var values: [Float] = []
            values.reserveCapacity(column.count / stride + 1)
            var index = 0
            while index < column.count {
                if !column[index].isNaN { values.append(column[index]) }
                index += stride
            }
            // Keep the true extremes even when sampling.
            if stride > 1, let low = column.lazy.filter({ !$0.isNaN }).min(), let high = column.lazy.filter({ !$0.isNaN }).max() {
                values.append(low)
                values.append(high)
            }
            values.sort()
            var distinct: [Float] = []
            for value in values where distinct.last != value { distinct.append(value) }
            guard let low = distinct.first, let high = distinct.last else {
                cutsBuffer[feature] = [1e-5]
                minimumBuffer[feature] = -1e-5
                return
            }
            var cuts: [Float] = []
            if distinct.count <= maxBins {
                cuts = Array(distinct.dropFirst())
            } else {
                for rank in 1..<maxBins {
                    let value = values[min(values.count - 1, rank * values.count / maxBins)]
                    if value > low, value > (cuts.last ?? low) { cuts.append(value) }
                }
            }
            cuts.append(high + (abs(high) + 1e-5))
            cutsBuffer[feature] = cuts
            minimumBuffer[feature] = low - (abs(low) + 1e-5)
        }
        let allCuts = cutsBuffer.array, missing = missingBuffer.array
        cuts = allCuts
        minimums = minimumBuffer.array
        hasMissing = missing
        missingCodes = (0..<featureCount).map { missing[$0] ? Int16(allCuts[$0].count) : -1 }
        var offsets: [Int] = []
        var total = 0
        for feature in 0..<featureCount {
            offsets.append(total)
            total += allCuts[feature].count + (missing[feature] ? 1 : 0)
        }
        slotOffsets = offsets
        slotCount = total
    }
}
