import Testing
@testable import SluiceData

@Suite("Concatenating tables")
struct TableConcatenationTests {
    @Test("rows follow one another; categorical levels are merged; integers and floats make floats; missing values stay")
    func concatenation() throws {
        let first = try Table(columns: [
            Column(name: "n", values: .integer([1, 2], missing: MissingMask(missingRows: [1]))),
            Column(name: "c", values: .categorical(codes: [0, 1], levels: ["b", "a"])),
            Column(name: "t", values: .text(["x", ""], missing: MissingMask(missingRows: [1]))),
        ])
        let second = try Table(columns: [
            Column(name: "n", values: .float([2.5], missing: MissingMask())),
            Column(name: "c", values: .categorical(codes: [-1], levels: ["c"])),
            Column(name: "t", values: .text(["y"], missing: MissingMask())),
        ])
        let third = try Table(columns: [
            Column(name: "n", values: .integer([7], missing: MissingMask(missingRows: [0]))),
            Column(name: "c", values: .categorical(codes: [0], levels: ["a"])),
            Column(name: "t", values: .text(["z"], missing: MissingMask())),
        ])
        let joined = try Table.concatenating([first, second, third])
        #expect(joined.rowCount == 4)
        #expect(joined.column(named: "n")!.values == .float([1, 2, 2.5, 7], missing: MissingMask(missingRows: [1, 3])))
        #expect(joined.column(named: "c")!.values == .categorical(codes: [0, 1, -1, 1], levels: ["b", "a", "c"]))
        #expect(joined.column(named: "t")!.values == .text(["x", "", "y", "z"], missing: MissingMask(missingRows: [1])))
        #expect(try Table.concatenating([first]) == first)
    }

    @Test("different columns or kinds that do not combine are errors")
    func mismatches() throws {
        let numbers = try Table(columns: [Column(name: "a", values: .integer([1], missing: MissingMask()))])
        let words = try Table(columns: [Column(name: "a", values: .text(["x"], missing: MissingMask()))])
        let other = try Table(columns: [Column(name: "b", values: .integer([1], missing: MissingMask()))])
        #expect(throws: TableError.mixedKinds(column: "a")) { try Table.concatenating([numbers, words]) }
        #expect(throws: TableError.unknownColumn("a")) { try Table.concatenating([numbers, other]) }
    }
}
