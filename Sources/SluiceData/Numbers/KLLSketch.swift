import Foundation

/// A KLL quantile sketch (Karnin, Lang and Liberty, 2016) as SageMaker Model Monitor's analyzer keeps one in
/// `statistics.json` (`distribution.kll.sketch`): Deequ's non-sampling variant, with a compactor per level whose
/// items each stand for 2^level values. Level h holds up to 2·(⌈k·c^h/2⌉ + 1) items; when the sketch holds more
/// than all its levels together, the lowest full level is compacted — its items (an even number of them) sorted
/// and every other one, from an offset that alternates as Deequ's does, moved up a level, an odd last item staying.
/// Written here (rather than taken from a library) because no Swift package keeps this exact layout.
public struct KLLSketch: Sendable, Equatable {
    /// The sketch size k and shrinking factor c (SageMaker's are 2048 and 0.64).
    public let k: Int
    public let c: Double
    /// The items of each level, lowest first.
    public private(set) var levels: [[Double]] = []
    /// Per level: how many times it was compacted, and the offset its last compaction used.
    private var compactions: [(count: Int, offset: Int)] = []
    private var itemCount = 0
    private var capacityTotal = 0

    public init(k: Int = 2048, c: Double = 0.64) {
        self.k = k
        self.c = c
        addLevel()
    }

    /// The sketch of `values`, in their order.
    public init(_ values: some Sequence<Double>, k: Int = 2048, c: Double = 0.64) {
        self.init(k: k, c: c)
        for value in values { add(value) }
    }

    public static func == (a: KLLSketch, b: KLLSketch) -> Bool {
        a.k == b.k && a.c == b.c && a.levels == b.levels
    }

    /// The items level `height` holds before it is compacted.
    func capacity(_ height: Int) -> Int {
        2 * (Int((Double(k) * pow(c, Double(height)) / 2).rounded(.up)) + 1)
    }

    /// Adds one value.
    public mutating func add(_ value: Double) {
        levels[0].append(value)
        itemCount += 1
        if itemCount > capacityTotal { condense() }
    }

    /// How many values the sketch stands for: each item of level h counts 2^h.
    public var weight: Int {
        levels.enumerated().reduce(0) { $0 + $1.element.count << $1.offset }
    }

    /// The estimated share of values at most `value`.
    public func cdf(_ value: Double) -> Double {
        let total = weight
        guard total > 0 else { return 0 }
        let below = levels.enumerated().reduce(0) { sum, level in sum + level.element.filter { $0 <= value }.count << level.offset }
        return Double(below) / Double(total)
    }

    private mutating func addLevel() {
        levels.append([])
        compactions.append((0, 0))
        capacityTotal = levels.indices.reduce(0) { $0 + capacity($1) }
    }

    private mutating func condense() {
        for height in levels.indices where levels[height].count >= capacity(height) {
            if height + 1 >= levels.count { addLevel() }
            let promoted = compact(height)
            levels[height + 1].append(contentsOf: promoted)
            itemCount = levels.reduce(0) { $0 + $1.count }
            return
        }
    }

    /// Halves level `height`: every other item of its sorted even prefix, from the level's offset (which turns over
    /// on every second compaction), goes up; an odd last item stays.
    private mutating func compact(_ height: Int) -> [Double] {
        let items = levels[height]
        let even = items.count - items.count % 2
        if compactions[height].count % 2 == 1 { compactions[height].offset = 1 - compactions[height].offset }
        let sorted = items[..<even].sorted()
        let promoted = stride(from: compactions[height].offset, to: even, by: 2).map { sorted[$0] }
        levels[height] = items.count % 2 == 1 ? [items[items.count - 1]] : []
        compactions[height].count += 1
        return promoted
    }
}
