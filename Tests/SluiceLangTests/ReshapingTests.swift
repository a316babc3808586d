import Foundation
import SluiceData
import Testing
@testable import SluiceLang

/// `crosstab` and `append` against pandas (Golden/reshaping.json, from scripts/make-reshape-goldens.py),
/// and `balance`'s counts, order and seed.
@Suite("crosstab, append and balance")
struct ReshapingTests {
    private struct Golden: Decodable {
        let rows: String
        let first: String
        let second: String
        let types: [String: String]
        let cases: [Case]
    }

    private struct Case: Decodable {
        let step: String
        let source: String
        let table: [GoldenTables.GoldenColumn]
    }

    @Test("crosstab and append give pandas' tables")
    func againstPandas() throws {
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: GoldenTables.url("reshaping.json")))
        let session = try GoldenTables.session(with: ["rows.csv": golden.rows, "first.csv": golden.first, "second.csv": golden.second])
        func types(of csv: String) -> String { GoldenTables.typeOptions(golden.types, for: csv) }
        try session.run("""
            let rows = load "rows.csv" \(types(of: golden.rows))
            let first = load "first.csv" \(types(of: golden.first))
            let second = load "second.csv" \(types(of: golden.second))
            """, sourceName: "load", sink: RecordingSink())
        for golden in golden.cases {
            let value = try session.run("\(golden.source) | \(golden.step)", sourceName: golden.step, sink: RecordingSink())
            GoldenTables.expect(value, equals: golden.table, golden.step)
        }
    }

    @Test("balance gives every class the smallest (undersample) or largest (oversample) count, rows in order, by seed")
    func balance() throws {
        let lines = (0..<40).map { "\($0),\($0 % 5 == 0 ? "yes" : ($0 % 7 == 0 ? "" : "no"))" }
        let session = try GoldenTables.session(with: ["c.csv": "id,label\n" + lines.joined(separator: "\n") + "\n"])
        try session.run("let t = load \"c.csv\"", sourceName: "load", sink: RecordingSink())
        func counts(_ step: String) throws -> (ids: [Int64], counts: [String: Int]) {
            guard case .table(let table)? = try session.run("t | \(step)", sourceName: step, sink: RecordingSink()),
                  case .integer(let ids, _) = table.column(named: "id")?.values, let labels = table.column(named: "label") else { return ([], [:]) }
            var counts: [String: Int] = [:]
            for row in 0..<labels.count { counts[labels.formattedValue(at: row) ?? "missing", default: 0] += 1 }
            return (ids, counts)
        }
        // yes: 8 rows (0, 5, …, 35); missing: 7, 14, 21, 28 (4 rows); no: the other 28.
        let under = try counts("balance label undersample seed 3")
        #expect(under.counts == ["yes": 4, "no": 4, "missing": 4])
        #expect(under.ids == under.ids.sorted())
        #expect(try counts("balance label undersample seed 3").ids == under.ids)
        #expect(try counts("balance label undersample seed 4").ids != under.ids)
        let over = try counts("balance label oversample")
        #expect(over.counts == ["yes": 28, "no": 28, "missing": 28])
        #expect(Set(over.ids) == Set(0..<40))
        #expect(over.ids == over.ids.sorted())
        #expect(Parser.parse("t | balance label sideways").diagnostics.first?.message == "expected `undersample` or `oversample`")
        #expect(Parser.parse("t | crosstab a b").diagnostics.first?.message == "expected `by` and a second column")
    }

    @Test("append of columns of kinds that do not combine names the column")
    func appendKinds() throws {
        let session = try GoldenTables.session(with: ["a.csv": "x\n1\n2\n", "b.csv": "x\ntrue\nfalse\n"])
        let error = #expect(throws: SluiceError.self) {
            try session.run("load \"a.csv\" | append (load \"b.csv\")", sourceName: "append", sink: RecordingSink())
        }
        #expect(error?.diagnostics.first?.message == "`x` holds integer in one table and boolean in the other")
    }
}
