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
}
