/// A bit set marking which rows of a column are missing.
///
/// An empty mask (no words) means no row is missing, so columns without
/// missing values pay nothing for it.
public struct MissingMask: Sendable, Equatable {
    private var words: [UInt64]
    /// How many rows are marked missing.
    public private(set) var missingCount: Int

    /// A mask with no missing rows.
    public init() {
        words = []
        missingCount = 0
    }

    /// A mask with the given rows marked missing, for a column of `count` rows.
    public init(missingRows: some Sequence<Int>, count: Int) {
        self.init()
        for row in missingRows { markMissing(row, count: count) }
    }

    /// Marks `row` missing in a column of `count` rows.
    public mutating func markMissing(_ row: Int, count: Int) {
        if words.isEmpty { words = Array(repeating: 0, count: (count + 63) / 64) }
        let bit: UInt64 = 1 << UInt64(row & 63)
        if words[row >> 6] & bit == 0 {
            words[row >> 6] |= bit
            missingCount += 1
        }
    }

    /// Whether `row` is missing.
    @inline(__always)
    public func isMissing(_ row: Int) -> Bool {
        words.isEmpty ? false : words[row >> 6] & (1 << UInt64(row & 63)) != 0
    }

    /// The mask restricted to `rows`, renumbered from zero.
    public func gathering(_ rows: some Collection<Int>) -> MissingMask {
        guard missingCount > 0 else { return MissingMask() }
        var result = MissingMask()
        for (newRow, oldRow) in rows.enumerated() where isMissing(oldRow) {
            result.markMissing(newRow, count: rows.count)
        }
        return result
    }
}
