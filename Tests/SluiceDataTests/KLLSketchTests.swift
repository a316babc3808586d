import Testing
@testable import SluiceData

@Suite("KLL sketches, as SageMaker's analyzer (Deequ) keeps them")
struct KLLSketchTests {
    @Test("levels, capacities and compactions follow Deequ's non-sampling sketch step by step")
    func deequLayout() {
        // Capacities 2·(⌈k·c^h/2⌉ + 1) for k = 4, c = 0.64: 6, 6, 4, 4.
        let small = KLLSketch(k: 4, c: 0.64)
        #expect((0..<4).map(small.capacity) == [6, 6, 4, 4])
        // 40 values, (7i mod 23): the levels a port of Deequ's QuantileNonSample/NonSampleCompactor to Python gives.
        let sketch = KLLSketch((1...40).map { Double((7 * $0) % 23) }, k: 4, c: 0.64)
        #expect(sketch.levels == [[15, 22, 6, 13, 20, 4], [17], [3, 8, 13, 19, 2, 8, 12, 21]])
        #expect(sketch.weight == 40)
    }

    @Test("with SageMaker's k = 2048: every value counted, ranks within a percent on 200,000 values")
    func accuracy() {
        var generator = SystemRandomNumberGenerator()
        let values = (0..<200_000).map { _ in Double.random(in: 0..<1, using: &generator) * Double.random(in: 0..<1, using: &generator) }
        let sketch = KLLSketch(values)
        #expect(sketch.weight == values.count)
        #expect(sketch.levels.reduce(0) { $0 + $1.count } < 7_000)
        let sorted = values.sorted()
        for q in stride(from: 0.05, to: 1, by: 0.05) {
            let value = sorted[Int(q * Double(values.count))]
            #expect(abs(sketch.cdf(value) - q) < 0.01, "at the \(q) quantile")
        }
        // Fewer values than level 0 holds: kept as they came.
        #expect(KLLSketch([3, 1, 2]).levels == [[3, 1, 2]])
    }
}
