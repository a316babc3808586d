import Testing
@testable import SluiceDisplay

@Suite("Text charts")
struct TextChartTests {
    @Test("bars are drawn in eighths of a cell, the peak filling the width")
    func bars() {
        #expect(textBar(1, peak: 2, width: 4) == "██")
        #expect(textBar(0.35, peak: 1, width: 10) == "███▌")   // 28 eighths
        #expect(textBar(0.3, peak: 1, width: 10) == "███")     // 24 eighths
        #expect(textBar(5, peak: 5) == String(repeating: "█", count: 20))
        #expect(textBar(0, peak: 5) == "")
    }

    @Test("an area chart fills each column up to the curve's value at its x, with the axis at 1 and 0")
    func area() {
        let step = [(x: 0.0, y: 0.0), (x: 0.5, y: 1.0), (x: 1.0, y: 1.0)]
        #expect(textAreaChart(step, width: 4, height: 2) == ["1 ┤  ██", "0 ┤  ██"])
        // y = 0.5 everywhere on 2 rows: the lower row full, the upper empty; on 1 row, half a block (▄ is 4/8).
        #expect(textAreaChart([(x: 0, y: 0.5)], width: 2, height: 2) == ["1 ┤  ", "0 ┤██"])
        #expect(textAreaChart([(x: 0, y: 0.5)], width: 2, height: 1) == ["1 ┤▄▄"])
    }

    @Test("a scatter marks each cell by how many points fall in it, with the ranges on the axes")
    func scatter() {
        let points = [(x: 0.0, y: 0.0), (x: 1.0, y: 1.0), (x: 1.0, y: 1.0), (x: 0.5, y: 0.5)]
        #expect(textScatter(points, width: 3, height: 3) == ["1 ┤  ●", "  │ • ", "0 ┤•  ", "   0 1"])
        #expect(textScatter([]).isEmpty)
    }
}
