import CSluicePrefetch
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
        // The number of cuts before the last that are ≤ value, by a search without branches.
        cuts.withUnsafeBufferPointer { sluice_bin_of($0.baseAddress, $0.count, value) }
    }

    /// Cut points from at most `sampleLimit` values per feature: every distinct
    /// value when there are at most `maxBins`, else values at evenly spaced ranks.
    /// A feature with missing values gets at most `maxBins` − 1 when `maxBins`
    /// is 256, so that its bins and its missing marker fit in a byte.
    ///
    /// With a collective of several workers, `features` is this worker's shard: each worker samples
    /// its rows at the stride the whole table would be sampled at, and the cuts come from every
    /// worker's sample together (the same on all of them; when the table is within `sampleLimit`
    /// rows, the cuts of the whole table).
    init(features: FeatureMatrix, maxBins requested: Int, sampleLimit: Int = 1 << 18, threads: Int,
         collective: any Collective = LocalCollective()) {
        let featureCount = features.columns.count
        let totalRows = collective.size > 1 ? Int(collective.sum(Double(features.rowCount))) : features.rowCount
        let stride = max(1, totalRows / sampleLimit)
        let samples = SharedBuffer<(values: [Float], missing: Bool)>(repeating: ([], false), count: featureCount)
        parallelFor(featureCount, threads: threads) { feature in
            samples[feature] = Self.sample(features.columns[feature], stride: stride)
        }
        var pooled = samples.array
        if collective.size > 1 {
            var missing = pooled.map { $0.missing ? 1.0 : 0.0 }
            collective.allReduceMax(&missing)
            let all = collective.allGather(Self.encode(pooled.map(\.values))).map { Self.decode($0, features: featureCount) }
            for feature in 0..<featureCount {
                pooled[feature] = (all.flatMap { $0[feature] }, missing[feature] > 0)
            }
        }
        let cutsBuffer = SharedBuffer<[Float]>(repeating: [], count: featureCount)
        let minimumBuffer = SharedBuffer<Float>(repeating: 0, count: featureCount)
        let sampled = pooled
        parallelFor(featureCount, threads: threads) { feature in
            let maxBins = sampled[feature].missing ? min(requested, BinnedMatrix.binCodes - 1) : min(requested, BinnedMatrix.binCodes)
            (cutsBuffer[feature], minimumBuffer[feature]) = Self.cuts(sorting: sampled[feature].values, maxBins: maxBins)
        }
        let allCuts = cutsBuffer.array, missing = pooled.map(\.missing)
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

    /// Every `stride`-th present value of `column` (and its true extremes, when sampling), and whether
    /// it has missing values.
    private static func sample(_ column: [Float], stride: Int) -> (values: [Float], missing: Bool) {
        var values: [Float] = []
        values.reserveCapacity(column.count / stride + 1)
        var index = 0
        while index < column.count {
            if !column[index].isNaN { values.append(column[index]) }
            index += stride
        }
        if stride > 1, let low = column.lazy.filter({ !$0.isNaN }).min(), let high = column.lazy.filter({ !$0.isNaN }).max() {
            values.append(low)
            values.append(high)
        }
        return (values, column.contains { $0.isNaN })
    }

    /// A feature's cuts and minimum from its sampled values.
    private static func cuts(sorting sample: [Float], maxBins: Int) -> (cuts: [Float], minimum: Float) {
        let values = radixSorted(sample)
        var distinct: [Float] = []
        for value in values where distinct.last != value { distinct.append(value) }
        guard let low = distinct.first, let high = distinct.last else { return ([1e-5], -1e-5) }
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
        return (cuts, low - (abs(low) + 1e-5))
    }

    /// Features' samples as bytes: per feature its count, then its values (little-endian words).
    private static func encode(_ samples: [[Float]]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(samples.reduce(0) { $0 + 4 + 4 * $1.count })
        for values in samples {
            let words = [UInt32(values.count).littleEndian] + values.map { $0.bitPattern.littleEndian }
            words.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    private static func decode(_ bytes: [UInt8], features: Int) -> [[Float]] {
        bytes.withUnsafeBytes { raw in
            var samples: [[Float]] = [], offset = 0
            func word() -> UInt32 {
                defer { offset += 4 }
                return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            }
            for _ in 0..<features {
                let count = Int(word())
                samples.append((0..<count).map { _ in Float(bitPattern: word()) })
            }
            return samples
        }
    }
}
