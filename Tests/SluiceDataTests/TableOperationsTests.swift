import Foundation
import Testing
@testable import SluiceData

/// id: 1…6; group: a a b b b c; score: 3.5 1 null 2 2 9; name: text.
private func people() throws -> Table {
    try CSVReader.read(bytes: Array("""
        id,group,score,name
        1,a,3.5,Ann
        2,a,1,Bo
        3,b,,Cy
        4,b,2,Di
        5,b,2,Ed
        6,c,9,Flo

        """.utf8), source: "people.csv", options: CSVOptions(types: ["group": .categorical])).table
}

private func ids(_ table: Table) -> [String?] {
    (0..<table.rowCount).map { table.column(named: "id")!.formattedValue(at: $0) }
}

@Suite("Table operations")
struct TableOperationsTests {
    @Test("filter, select, drop, rename and set")
    func columnOperations() throws {
        let table = try people()
        #expect(ids(table.filtered([true, false, false, true, false, true])) == ["1", "4", "6"])
        #expect(try table.selecting(["name", "id"]).columnNames == ["name", "id"])
        #expect(try table.dropping(["score"]).columnNames == ["id", "group", "name"])
        #expect(try table.renaming([("id", "key"), ("name", "who")]).columnNames == ["key", "group", "score", "who"])
        #expect(throws: TableError.unknownColumn("nope")) { try table.selecting(["nope"]) }
        #expect(throws: TableError.duplicateColumn("id")) { try table.renaming([("name", "id")]) }
        let replaced = try table.setting(Column(name: "score", values: .integer([1, 2, 3, 4, 5, 6], missing: MissingMask())))
        #expect(replaced.columnNames == ["id", "group", "score", "name"])
        #expect(replaced.column(named: "score")?.kind == .integer)
    }

    @Test("sort: several keys, descending, missing last, stable")
    func sorting() throws {
        let table = try people()
        #expect(ids(try table.sorted(by: [("score", false)])) == ["2", "4", "5", "1", "6", "3"])
        #expect(ids(try table.sorted(by: [("score", true)])) == ["6", "1", "4", "5", "2", "3"])
        #expect(ids(try table.sorted(by: [("group", true), ("score", false)])) == ["6", "4", "5", "3", "2", "1"])
        #expect(ids(try table.sorted(by: [("name", true)])) == ["6", "5", "4", "3", "2", "1"])
    }

    @Test("categories sort by their text, not by first appearance")
    func categoricalOrder() throws {
        let table = try Table(columns: [Column(name: "c", values: .categorical(codes: [0, 1, -1, 2], levels: ["pear", "apple", "fig"]))])
        let sorted = try table.sorted(by: [("c", false)])
        #expect((0..<4).map { sorted.columns[0].formattedValue(at: $0) } == ["apple", "fig", "pear", nil])
    }

    @Test("sample: that many rows, in original order, the same for the same seed")
    func sampling() throws {
        let table = try people()
        let first = table.sample(3, seed: 7)
        #expect(first.rowCount == 3)
        #expect(ids(first) == ids(table.sample(3, seed: 7)))
        let order = ids(first).compactMap { $0.flatMap(Int.init) }
        #expect(order == order.sorted())
        #expect(table.sample(10, seed: 1).rowCount == 6)
        let seeds = Set((0..<20).map { ids(table.sample(3, seed: UInt64($0))) })
        #expect(seeds.count > 1)
    }

    @Test("split: exact sizes, complete and disjoint, reproducible")
    func splitting() throws {
        let rows = (0..<1000).map { "\($0),\($0 % 10 < 3 ? "yes" : "no")" }
        let table = try CSVReader.read(bytes: Array(("id,label\n" + rows.joined(separator: "\n") + "\n").utf8), source: "t").table
        let (train, test) = try table.split(fraction: 0.8, seed: 42)
        #expect(train.rowCount == 800 && test.rowCount == 200)
        #expect(Set(ids(train)).isDisjoint(with: Set(ids(test))))
        #expect(Set(ids(train)).union(Set(ids(test))).count == 1000)
        #expect(ids(try table.split(fraction: 0.8, seed: 42).0) == ids(train))
        #expect(ids(try table.split(fraction: 0.8, seed: 43).0) != ids(train))
    }

    @Test("stratified split keeps each class's share, rounding so the total stays exact")
    func stratifiedSplit() throws {
        // Classes of 7, 5 and 3 rows; 70% of 15 = 10.5 → 11 rows.
        let labels = Array(repeating: "a", count: 7) + Array(repeating: "b", count: 5) + Array(repeating: "c", count: 3)
        let table = try Table(columns: [
            Column(name: "id", values: .integer((0..<15).map(Int64.init), missing: MissingMask())),
            Column(name: "label", values: .text(labels, missing: MissingMask())),
        ])
        let (first, second) = try table.split(fraction: 0.7, stratify: "label", seed: 3)
        func counts(_ t: Table) -> [String: Int] {
            Dictionary((0..<t.rowCount).map { (t.column(named: "label")!.formattedValue(at: $0)!, 1) }, uniquingKeysWith: +)
        }
        #expect(first.rowCount == 11 && second.rowCount == 4)
        // Exact shares 4.9, 3.5, 2.1: floors 4, 3, 2 = 9; the two largest remainders (0.9, 0.5) get one more each.
        #expect(counts(first) == ["a": 5, "b": 4, "c": 2])
        #expect(counts(second) == ["a": 2, "b": 1, "c": 1])
    }

    @Test("the seeded generator is reproducible and unbiased in range")
    func generator() {
        var a = SeededGenerator(seed: 99), b = SeededGenerator(seed: 99)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        var c = SeededGenerator(seed: 1)
        #expect((0..<1000).allSatisfy { _ in (0..<7).contains(c.nextIndex(below: 7)) })
        #expect(c.permutation(of: 50).sorted() == Array(0..<50))
    }
}

@Suite("Profiles")
struct ProfileTests {
    @Test("numeric statistics match hand computation")
    func numeric() throws {
        let column = Column(name: "x", values: .integer([1, 2, 3, 4, 0], missing: MissingMask(missingRows: [4])))
        let profile = column.profile()
        #expect(profile.count == 4 && profile.missing == 1 && profile.distinct == 4)
        let summary = try #require(profile.numeric)
        #expect(summary.mean == 2.5)
        // Sample standard deviation: sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3).
        #expect(summary.standardDeviation == (5.0 / 3).squareRoot())
        #expect([summary.minimum, summary.firstQuartile, summary.median, summary.thirdQuartile, summary.maximum]
            == [1, 1.75, 2.5, 3.25, 4])
        // Whole numbers over a small range: one bin per value.
        #expect(summary.histogram == Histogram(lowerBound: 0.5, upperBound: 4.5, counts: [1, 1, 1, 1]))
    }

    @Test("equal-width bins for floats, the maximum in the last bin")
    func floatHistogram() {
        let column = Column(name: "x", values: .float([0, 0.5, 1, 9.99, 10], missing: MissingMask()))
        #expect(column.profile(bins: 4).numeric?.histogram.counts == [3, 0, 0, 2])
    }

    @Test("other kinds give their most frequent values, ties by value")
    func topValues() {
        let column = Column(name: "c", values: .categorical(codes: [0, 1, 1, 2, 2, -1], levels: ["x", "z", "y"]))
        let profile = column.profile(topValues: 2)
        #expect(profile.distinct == 3 && profile.missing == 1 && profile.numeric == nil)
        #expect(profile.topValues == [ValueCount(value: "y", count: 2), ValueCount(value: "z", count: 2)])
    }

    @Test("quantiles interpolate linearly, as numpy's default")
    func quantiles() {
        let values: [Double] = [10, 20, 30, 40, 50, 60, 70]
        #expect(quantile(values, 0.1) == 16)
        #expect(quantile(values, 0.5) == 40)
        #expect(quantile([5], 0.75) == 5)
    }
}

@Suite("CSV writing")
struct CSVWriterTests {
    private func mixedTable() throws -> Table {
        try Table(columns: [
            Column(name: "i", values: .integer([1, -2, 0], missing: MissingMask(missingRows: [2]))),
            Column(name: "f", values: .float([0.1, 1e-300, 123456.789], missing: MissingMask())),
            Column(name: "whole", values: .float([1, 2, 3], missing: MissingMask())),
            Column(name: "b", values: .boolean([true, false, true], missing: MissingMask())),
            Column(name: "c", values: .categorical(codes: [0, 0, -1], levels: ["a,b"])),
            Column(name: "t", values: .text(["say \"hi\"", "", "two\nlines"], missing: MissingMask())),
        ])
    }

    @Test("quoting, empty strings and missing values are written as RFC 4180 says")
    func text() throws {
        let text = String(decoding: CSVWriter.encode(try mixedTable()), as: UTF8.self)
        #expect(text == """
            i,f,whole,b,c,t
            1,0.1,1.0,true,"a,b","say ""hi""\"
            -2,1e-300,2.0,false,"a,b",""
            ,123456.789,3.0,true,,"two
            lines"

            """)
    }

    @Test("what is written reads back as the same table")
    func roundTrip() throws {
        let table = try mixedTable()
        let path = NSTemporaryDirectory() + "sluice-roundtrip-\(UUID().uuidString).csv"
        try CSVWriter.write(table, to: path)
        let back = try CSVReader.read(path: path).table
        #expect(back.columns.map(\.kind) == [.integer, .float, .float, .boolean, .categorical, .text])
        #expect(back == table)
        let telco = try CSVReader.read(path: TelcoChurnTests.path).table
        #expect(try CSVReader.read(bytes: CSVWriter.encode(telco), source: "telco").table == telco)
    }

    @Test("missing folders are created; a failed write leaves no file behind")
    func folders() throws {
        let directory = NSTemporaryDirectory() + "sluice-write-\(UUID().uuidString)"
        try CSVWriter.write(try mixedTable(), to: directory + "/new/folder/out.csv")
        #expect(FileManager.default.fileExists(atPath: directory + "/new/folder/out.csv"))
        // A file where a folder should be: the write fails and leaves nothing.
        #expect(FileManager.default.createFile(atPath: directory + "/blocker", contents: Data("x".utf8)))
        #expect(throws: CSVError.self) { try CSVWriter.write(try mixedTable(), to: directory + "/blocker/out.csv") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["blocker", "new"])
    }

    @Test("distinct rows keep the first of each set of equal rows; missing values equal each other, 0 equals -0")
    func distinctRows() throws {
        let table = try CSVReader.read(bytes: Array("""
            g,x,t,flag
            a,1.5,p,true
            a,1.5,p,true
            b,,q,false
            b,,q,false
            a,0,,true
            a,-0,,true
            a,1.5,p,false
            c,2,r,

            """.utf8), source: "d.csv", options: CSVOptions(types: ["g": .categorical])).table
        let distinct = table.distinctRows()
        #expect(distinct.rowCount == 5)
        #expect((0..<distinct.rowCount).map { distinct.column(named: "flag")!.formattedValue(at: $0) } == ["true", "false", "true", "false", nil])
        #expect((0..<distinct.rowCount).map { distinct.column(named: "x")!.formattedValue(at: $0) } == ["1.5", nil, "0", "1.5", "2"])
        let groups = try table.selecting(["g"]).distinctRows()
        #expect((0..<groups.rowCount).map { groups.columns[0].formattedValue(at: $0) } == ["a", "b", "c"])
        #expect(try people().distinctRows().rowCount == 6)
        #expect(try Table(columns: []).distinctRows().rowCount == 0)
    }
}
