import Testing
@testable import SluiceData

@Suite("Tables and columns")
struct TableTests {
    @Test("columns must have equal lengths and unique names")
    func validation() {
        let a = Column(name: "a", values: .integer([1, 2], missing: MissingMask()))
        let short = Column(name: "b", values: .float([1], missing: MissingMask()))
        #expect(throws: TableError.lengthMismatch(column: "b", expected: 2, actual: 1)) { try Table(columns: [a, short]) }
        #expect(throws: TableError.duplicateColumn("a")) { try Table(columns: [a, a]) }
    }

    @Test("head keeps the first rows and their missing marks")
    func head() throws {
        var mask = MissingMask()
        mask.markMissing(1)
        let table = try Table(columns: [
            Column(name: "x", values: .float([1.5, 0, 3], missing: mask)),
            Column(name: "c", values: .categorical(codes: [1, -1, 0], levels: ["p", "q"])),
        ])
        let first = table.head(2)
        #expect(first.rowCount == 2)
        #expect(first.columns[0].formattedValue(at: 0) == "1.5")
        #expect(first.columns[0].isMissing(1))
        #expect(first.columns[1].formattedValue(at: 0) == "q")
        #expect(first.columns[1].missingCount == 1)
        #expect(table.head(10).rowCount == 3)
        #expect(table.head(-1).rowCount == 0)
    }

    @Test("floats print as the shortest text that reads back")
    func floatFormatting() {
        #expect(formatFloat(29.85) == "29.85")
        #expect(formatFloat(1889.5) == "1889.5")
        #expect(formatFloat(42) == "42")
        #expect(formatFloat(-0.1) == "-0.1")
        #expect(formatFloat(1e20) == "1e+20")
        #expect(formatFloat(.nan) == "NaN")
    }

    @Test("a missing mask counts each row once")
    func missingMask() {
        var mask = MissingMask()
        #expect(!mask.isMissing(5))
        mask.markMissing(70)
        mask.markMissing(70)
        mask.markMissing(0)
        #expect(mask.missingCount == 2)
        #expect(mask.isMissing(70) && mask.isMissing(0) && !mask.isMissing(69))
        #expect(mask.gathering([70, 1, 0]) == MissingMask(missingRows: [0, 2]))
    }
}
