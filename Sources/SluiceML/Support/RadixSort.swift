/// Floats in ascending order by a least-significant-digit radix sort of their bits (three passes of
/// 11 bits), linear in the count: what the quantile cuts sort, a few hundred thousand values per
/// feature, about ten times faster than the standard library's comparison sort. The values must not be
/// NaN; -0 comes out as +0, so equal values have one bit pattern and the order is the comparison sort's.
func radixSorted(_ values: [Float]) -> [Float] {
    let count = values.count
    guard count > 64 else { return values.map { $0 == 0 ? 0 : $0 }.sorted() }
    // Bits ordered as the floats: negatives have every bit flipped, positives only the sign.
    var keys = values.map { value -> UInt32 in
        let bits = (value == 0 ? 0 : value).bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }
    var other = [UInt32](repeating: 0, count: count)
    let radix = 11, buckets = 1 << radix, mask = UInt32(buckets - 1)
    var counts = [Int](repeating: 0, count: buckets)
    for pass in 0..<3 {
        let shift = UInt32(pass * radix)
        for index in 0..<buckets { counts[index] = 0 }
        keys.withUnsafeBufferPointer { source in
            for key in source { counts[Int((key >> shift) & mask)] += 1 }
        }
        var total = 0
        for index in 0..<buckets {
            let here = counts[index]
            counts[index] = total
            total += here
        }
        keys.withUnsafeBufferPointer { source in
            other.withUnsafeMutableBufferPointer { target in
                for key in source {
                    let bucket = Int((key >> shift) & mask)
                    target[counts[bucket]] = key
                    counts[bucket] += 1
                }
            }
        }
        swap(&keys, &other)
    }
    return keys.map { key in Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key) }
}
