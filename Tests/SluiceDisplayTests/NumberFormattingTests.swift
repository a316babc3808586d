import Testing
@testable import SluiceDisplay
import SluiceData

@Suite("Writing numbers")
struct NumberFormattingTests {
    @Test("counts have separators; values from the data and settings are written as they are")
    func countsAndValues() {
        #expect(formatCount(7043) == "7,043")
        #expect(formatCount(-1234567) == "-1,234,567")
        #expect(formatStatistic(2007) == "2007")
        #expect(formatStatistic(0.3) == "0.3")
        #expect(formatStatistic(32.371134) == "32.3711")
        #expect(formatStatistic(1.5e20) == "1.5e+20")
        #expect(formatStatistic(.nan) == "NaN")
    }

    @Test("measurements keep six significant digits, trailing zeros too, so a column reads evenly")
    func measurements() {
        #expect(formatMeasure(0.84678) == "0.846780")
        #expect(formatMeasure(0.843019) == "0.843019")
        #expect(formatMeasure(2283.3) == "2283.30")
        #expect(formatMeasure(1) == "1.00000")
        #expect(formatMeasure(0) == "0")
        #expect(formatMeasure(0.00001234) == "1.23400e-05")
    }

    @Test("a value with its spread is rounded to the spread's second significant digit")
    func uncertainties() {
        #expect(formatUncertain(0.834567, spread: 0.00120489) == "0.8346 ± 0.0012")
        #expect(formatUncertain(12.345, spread: 0.5) == "12.35 ± 0.50")
        #expect(formatUncertain(1234.7, spread: 25) == "1235 ± 25")
        #expect(formatUncertain(0.9, spread: 0) == "0.900000 ± 0")
    }

    @Test("a text grid pads text on the right and numbers on the left")
    func grid() {
        let lines = TextGrid(rows: [["class", "precision", "support"], ["Adelie", "0.975610", "41"], ["Chinstrap", "1.00000", "3"]],
                             rightAligned: { $0 > 0 }).lines
        #expect(lines == ["class      precision  support",
                          "Adelie      0.975610       41",
                          "Chinstrap    1.00000        3"])
    }
}
