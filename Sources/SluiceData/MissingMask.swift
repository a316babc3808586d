/// A bit set marking which rows of a column are missing.
///
/// An empty mask (no words) means no row is missing, so columns without
/// missing values pay nothing for it. The mask grows as rows are marked.
public struct MissingMask: Sendable, Equatable {
    private var words: [UInt64]
    /// How many rows are marked missing.
    public private(set) var missingCount: Int

    /// A mask with no missing rows.
    public init() {
        words = []
        missingCount = 0
    }

    /// A mask with the given rows marked missing.
    public init(missingRows: some Sequence<Int>) {
        self.init()
        for row in missingRows { markMissing(row) }
    }

    /// Marks `row` missing.
    public mutating func markMissing(_ row: Int) {
        let word = row >> 6
        if word >= words.count {
            words.append(contentsOf: repeatElement(0, count: word - words.count + 1))
        }
        let bit: UInt64 = 1 << UInt64(row & 63)
        if words[word] & bit == 0 {
            words[word] |= bit
            missingCount += 1
        }
    }

    /// Whether `row` is missing.
    @inline(__always)
    public func isMissing(_ row: Int) -> Bool {
        let word = row >> 6
        return word < words.count && words[word] & (1 << UInt64(row & 63)) != 0
    }

    /// The mask restricted to `rows`, renumbered from zero.
    public func gathering(_ rows: some Collection<Int>) -> MissingMask {
        guard missingCount > 0 else { return MissingMask() }
        var result = MissingMask()
        for (newRow, oldRow) in rows.enumerated() where isMissing(oldRow) {
            result.markMissing(newRow)
        }
        return result
    }
}
