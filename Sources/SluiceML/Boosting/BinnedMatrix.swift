/// Every feature value replaced by its bin, one byte per value, twice: row by
/// row (row-major), which is what histogram building reads, and feature by
/// feature (column-major), which is what moving rows at a split reads: one
/// feature's bins of a node's scattered rows then lie in a few hundred
/// kilobytes that stay in cache. A missing value gets its feature's
/// ``QuantileCuts/missingCodes`` code: one past its last bin.
struct BinnedMatrix: @unchecked Sendable {
    /// The byte codes: at most 256 bins per feature (255 beside the missing code).
    static let binCodes = 256

    let rowCount: Int
    let featureCount: Int
    /// `bins[row * featureCount + feature]`
    let bins: [UInt8]
    /// `columnBins[feature * rowCount + row]`
    let columnBins: [UInt8]

    init(features: FeatureMatrix, cuts: QuantileCuts, threads: Int) {
        rowCount = features.rowCount
        featureCount = features.columns.count
        let output = SharedBuffer<UInt8>(repeating: 0, count: rowCount * featureCount)
        let columnOutput = SharedBuffer<UInt8>(repeating: 0, count: rowCount * featureCount)
        let rowCount = rowCount
        let blockSize = 16_384
        let blocks = (rowCount + blockSize - 1) / blockSize
        let featureCount = featureCount
        parallelFor(blocks, threads: threads) { block in
            let start = block * blockSize, end = min(start + blockSize, features.rowCount)
            for feature in 0..<featureCount {
                let column = features.columns[feature]
                let featureCuts = cuts.cuts[feature]
                let missingCode = UInt8(truncatingIfNeeded: cuts.missingCodes[feature])
                for row in start..<end {
                    let value = column[row]
                    let bin = value.isNaN ? missingCode : UInt8(QuantileCuts.bin(of: value, in: featureCuts))
                    output[row * featureCount + feature] = bin
                    columnOutput[feature * rowCount + row] = bin
                }
            }
        }
        bins = output.array
        columnBins = columnOutput.array
    }
}
