import Dispatch

/// Counts of a column's values in equal-width bins between its minimum and maximum.
public struct Histogram: Sendable, Equatable, Codable {
    /// The left edge of the first bin.
    public var lowerBound: Double
    /// The right edge of the last bin (included in it).
    public var upperBound: Double
    public var counts: [Int]

    /// The width of one bin.
    public var binWidth: Double { counts.isEmpty ? 0 : (upperBound - lowerBound) / Double(counts.count) }
}

/// The summary statistics of a numeric column's present values.
public struct NumericSummary: Sendable, Equatable, Codable {
    public var mean: Double
    /// The sample standard deviation (n - 1 in the denominator), as pandas reports; nil for one value.
    public var standardDeviation: Double?
    public var minimum: Double
    /// The quartiles, by linear interpolation between order statistics (as numpy and pandas).
    public var firstQuartile: Double
    public var median: Double
    public var thirdQuartile: Double
    public var maximum: Double
    public var histogram: Histogram
    /// The 0%, 1%, …, 100% quantiles: the distribution that drift checks compare (nil in profiles
    /// stored before they were kept).
    public var percentiles: [Double]?
    /// The sum of the values (nil in profiles stored before it was kept).
    public var sum: Double?
}

/// A value and how often it occurs.
public struct ValueCount: Sendable, Equatable, Codable {
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// What `describe` reports about one column.
public struct ColumnProfile: Sendable, Equatable, Codable {
    public var name: String
    public var kind: ColumnKind
    /// Present (non-missing) values.
    public var count: Int
    public var missing: Int
    /// Distinct present values.
    public var distinct: Int
    /// For integer, float and datetime columns with at least one value (datetimes as microseconds since
    /// 1970, their histogram a histogram over time).
    public var numeric: NumericSummary?
    /// For the other kinds: the most frequent values, most frequent first (ties by value).
    public var topValues: [ValueCount]
}

extension Table {
    /// Profiles every column; with `sampleLimit`, from at most that many rows
    /// taken at an even stride (so a large table profiles quickly).
    public func profile(topValues: Int = 5, bins: Int = 20, sampleLimit: Int? = nil) -> [ColumnProfile] {
        let source = profileSample(limit: sampleLimit)
        // Columns are profiled on every core; each task writes only its own slot.
        let profiles = UnsafeMutableBufferPointer<ColumnProfile?>.allocate(capacity: source.columnCount)
        profiles.initialize(repeating: nil)
        defer {
            profiles.deinitialize()
            profiles.deallocate()
        }
        let slots = ParallelSlots(profiles)
        let columns = source.columns
        DispatchQueue.concurrentPerform(iterations: columns.count) { index in
            slots.buffer[index] = columns[index].profile(topValues: topValues, bins: bins)
        }
        return profiles.map { $0! }
    }

    /// The rows `profile(sampleLimit:)` profiles: all of them, or with a `limit`, at most that many at an even stride.
    public func profileSample(limit: Int?) -> Table {
        guard let limit, rowCount > limit else { return self }
        return gathering(Array(Swift.stride(from: 0, to: rowCount, by: (rowCount + limit - 1) / limit)))
    }

    /// A KLL sketch of the present values of each integer and float column named in `names` (in row order), by name,
    /// made on every core.
    public func numericSketches(of names: Set<String>) -> [String: KLLSketch] {
        let numeric = columns.filter { ($0.kind == .integer || $0.kind == .float) && names.contains($0.name) }
        let sketches = UnsafeMutableBufferPointer<KLLSketch>.allocate(capacity: numeric.count)
        sketches.initialize(repeating: KLLSketch(k: 1))
        defer {
            sketches.deinitialize()
            sketches.deallocate()
        }
        let slots = ParallelSlots(sketches)
        DispatchQueue.concurrentPerform(iterations: numeric.count) { index in
            slots.buffer[index] = KLLSketch(numeric[index].presentNumbers() ?? [])
        }
        return Dictionary(uniqueKeysWithValues: zip(numeric.map(\.name), sketches))
    }
}


extension Column {
    /// The column's profile: counts, and numeric statistics or top values.
    public func profile(topValues: Int = 5, bins: Int = 20) -> ColumnProfile {
        let missing = missingCount
        var profile = ColumnProfile(name: name, kind: kind, count: count - missing, missing: missing, distinct: 0,
                                    numeric: nil, topValues: [])
        if let numbers = presentNumbers() {
            profile.distinct = Set(numbers.map(\.bitPattern)).count
            profile.numeric = numericSummary(numbers, bins: bins, integral: kind == .integer)
        } else if case .datetime(let values, let missing) = values {
            let present = values.indices.compactMap { missing.isMissing($0) ? nil : values[$0] }
            profile.distinct = Set(present).count
            profile.numeric = numericSummary(present.map(Double.init), bins: bins, integral: false)
        } else {
            var counts: [String: Int] = [:]
            for row in 0..<count {
                if let value = formattedValue(at: row) { counts[value, default: 0] += 1 }
            }
            profile.distinct = counts.count
            profile.topValues = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(topValues).map { ValueCount(value: $0.key, count: $0.value) }
        }
        return profile
    }

    /// The present values as doubles, for numeric columns.
    public func presentNumbers() -> [Double]? {
        switch values {
        case .integer(let values, let missing):
            return values.indices.compactMap { missing.isMissing($0) ? nil : Double(values[$0]) }
        case .float(let values, let missing):
            guard missing.missingCount > 0 else { return values }
            return values.indices.compactMap { missing.isMissing($0) ? nil : values[$0] }
        default:
            return nil
        }
    }

    private func numericSummary(_ numbers: [Double], bins: Int, integral: Bool) -> NumericSummary? {
        guard !numbers.isEmpty else { return nil }
        let sorted = numbers.sorted()
        let sum = sorted.reduce(0, +)
        let mean = sum / Double(sorted.count)
        let squares = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let deviation = sorted.count > 1 ? (squares / Double(sorted.count - 1)).squareRoot() : nil
        return NumericSummary(
            mean: mean, standardDeviation: deviation, minimum: sorted.first!,
            firstQuartile: quantile(sorted, 0.25), median: quantile(sorted, 0.5), thirdQuartile: quantile(sorted, 0.75),
            maximum: sorted.last!, histogram: histogram(sorted, bins: bins, integral: integral),
            percentiles: (0...100).map { quantile(sorted, Double($0) / 100) }, sum: sum)
    }
}

/// Slots filled by parallel tasks, each writing only its own.
private struct ParallelSlots<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}

/// The `q` quantile of sorted values, interpolating linearly between order statistics.
public func quantile(_ sorted: [Double], _ q: Double) -> Double {
    let position = q * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let fraction = position - Double(lower)
    return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
}

/// Equal-width bins over [min, max]; whole numbers with a small range get one bin per value.
func histogram(_ sorted: [Double], bins: Int, integral: Bool) -> Histogram {
    let low = sorted.first!, high = sorted.last!
    if low == high { return Histogram(lowerBound: low, upperBound: high, counts: [sorted.count]) }
    var binCount = bins
    var lowerBound = low, upperBound = high
    if integral, high - low + 1 <= Double(bins) {
        binCount = Int(high - low) + 1
        lowerBound = low - 0.5
        upperBound = high + 0.5
    }
    var counts = Array(repeating: 0, count: binCount)
    let width = (upperBound - lowerBound) / Double(binCount)
    for value in sorted {
        counts[min(binCount - 1, Int((value - lowerBound) / width))] += 1
    }
    return Histogram(lowerBound: lowerBound, upperBound: upperBound, counts: counts)
}
