/// Every feature value replaced by its bin, row by row (row-major, one byte
/// per value), which is what histogram building reads. A missing value gets
/// its feature's ``QuantileCuts/missingCodes`` code: one past its last bin.
struct BinnedMatrix: @unchecked Sendable {
    /// The byte codes: at most 256 bins per feature (255 beside the missing code).
    static let binCodes = 256

    let rowCount: Int
    let featureCount: Int
    /// `bins[row * featureCount + feature]`
    let bins: [UInt8]

    init(features: FeatureMatrix, cuts: QuantileCuts, threads: Int) {
        rowCount = features.rowCount
        featureCount = features.columns.count
        let output = SharedBuffer<UInt8>(repeating: 0, count: rowCount * featureCount)
        let blockSize = 16_384
        let blocks = (rowCount + blockSize - 1) / blockSize
        let featureCount = featureCount
        parallelFor(blocks, threads: threads) { block in
            let start = block * blockSize, end = min(start + blockSize, features.rowCount)
            for feature in 0..<featureCount {
                let column = features.columns[feature]
                let featureCuts = cuts.cuts[feature]
                for row in start..<end {
                    let value = column[row]
                    output[row * featureCount + feature] = value.isNaN ? UInt8(cuts.missingCodes[feature])
                        : UInt8(QuantileCuts.bin(of: value, in: featureCuts))
                }
            }
        }
        bins = output.array
    }
}
