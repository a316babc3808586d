import Foundation
import Testing
@testable import SluiceData

private func parseDouble(_ text: String) -> Double? {
    var text = text
    return text.withUTF8 { NumberParser.parseDouble($0.baseAddress!, count: $0.count) }
}

private func parseInteger(_ text: String) -> Int64? {
    var text = text
    return text.withUTF8 { NumberParser.parseInteger($0.baseAddress!, count: $0.count) }
}

@Suite("Number parsing")
struct NumberParserTests {
    @Test("integers: signs, bounds and rejections")
    func integers() {
        #expect(parseInteger("0") == 0)
        #expect(parseInteger("-42") == -42)
        #expect(parseInteger("+7") == 7)
        #expect(parseInteger("007") == 7)
        #expect(parseInteger("9223372036854775807") == .max)
        #expect(parseInteger("-9223372036854775808") == .min)
        for bad in ["", "-", "+", "9223372036854775808", "1.0", "1e3", " 1", "1 ", "0x10", "１"] {
            #expect(parseInteger(bad) == nil, "\(bad.debugDescription) parsed")
        }
    }

    @Test("doubles: forms that are numbers and forms that are not")
    func forms() {
        let cases: [(String, Double)] = [
            ("0", 0), ("-0.5", -0.5), ("+3.", 3), (".25", 0.25), ("1e-3", 0.001), ("6.02E+23", 6.02e23),
            ("29.85", 29.85), ("1889.5", 1889.5), ("1.7976931348623157e308", .greatestFiniteMagnitude),
            ("2.2250738585072014e-308", 2.2250738585072014e-308), ("4.9e-324", .leastNonzeroMagnitude), ("1e-400", 0),
            ("1e400", .infinity), ("0.000000000000000000000000000001", 1e-30),
            ("123456789012345678901234567890", 1.2345678901234568e29),
        ]
        for (text, expected) in cases {
            #expect(parseDouble(text) == expected, "\(text)")
        }
        #expect(parseDouble("-0")?.sign == .minus)
        for bad in ["", "-", ".", "e5", "1e", "1e+", "nan", "inf", "Infinity", "0x1p3", "1,5", " 1", "1.2.3", "--1"] {
            #expect(parseDouble(bad) == nil, "\(bad.debugDescription) parsed")
        }
    }

    @Test("agrees with the standard library on 200,000 random doubles in several formats")
    func randomAgreement() {
        var generator = SeededGenerator(seed: 20_261_125)
        var checked = 0
        for round in 0..<200_000 {
            let bits = generator.next()
            var value = Double(bitPattern: bits)
            if !value.isFinite { continue }
            if round % 3 == 1 { value = Double(Int64(bitPattern: bits) % 1_000_000_000) / 1000 }
            if round % 3 == 2 { value = (Double(bits % 10_000_000) - 5_000_000) / 997.0 }
            for text in ["\(value)", String(format: "%.17g", value), String(format: "%.6e", value), String(format: "%.3f", value)] {
                #expect(parseDouble(text) == Double(text), "\(text)")
                checked += 1
            }
        }
        #expect(checked > 500_000)
    }

    @Test("round-to-even halfway cases and long inputs")
    func halfway() {
        for text in ["9007199254740993", "9007199254740995", "2.0000000000000002220446049250313080847263336181640625",
                     "1.00000000000000011102230246251565404236316680908203125", "7.2057594037927933e16",
                     "0.1000000000000000055511151231257827021181583404541015625", "179769313486231580793728971405301e276"] {
            #expect(parseDouble(text) == Double(text), "\(text)")
        }
    }
}
