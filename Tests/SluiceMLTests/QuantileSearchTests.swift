import Testing
@testable import SluiceML

@Suite("Sorting samples and finding bins")
struct QuantileSearchTests {
    @Test("the radix sort orders floats as the comparison sort does, negatives, zeros and infinities included")
    func radixSortMatchesSorted() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 5, 64, 65, 1_000, 100_003] {
            var values = (0..<count).map { _ in Float.random(in: -1e6...1e6, using: &generator) }
            if count > 10 {
                values[0] = -0.0
                values[1] = 0
                values[2] = .infinity
                values[3] = -.infinity
                values[4] = .leastNonzeroMagnitude
                values[5] = -.leastNonzeroMagnitude
                values[6] = values[7]
            }
            let sorted = radixSorted(values)
            #expect(sorted == values.sorted(), "\(count) values")
            #expect(!sorted.contains { $0 == 0 && $0.sign == .minus })
        }
    }

    @Test("a value's bin is the number of cuts but the last that are at or below it")
    func binsByCounting() {
        let cutLists: [[Float]] = [[1], [1, 2], [-3, 0.5, 2, 9], (0..<255).map { Float($0) * 0.75 - 20 }]
        for cuts in cutLists {
            for value in stride(from: Float(-30), through: 200, by: 0.125) + cuts {
                let expected = cuts.dropLast().filter { $0 <= value }.count
                #expect(QuantileCuts.bin(of: value, in: cuts) == expected, "\(value) in \(cuts.count) cuts")
            }
        }
    }
}
