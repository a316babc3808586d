import Foundation
import SluiceData
import Testing
@testable import SluiceLang

/// `join` against pandas' `merge` on the same tables: Golden/joins.json, written once by
/// scripts/make-join-goldens.py (missing keys never match, as SQL).
@Suite("Joins against pandas")
struct JoinGoldenTests {
    private struct Golden: Decodable {
        let left: String
        let right: String
        let types: [String: String]
        let cases: [Case]
    }

    private struct Case: Decodable {
        let step: String
        let table: [GoldenTables.GoldenColumn]
    }

    @Test("inner, left, right and outer joins on one key, two keys, keys of other names and text keys, many to many")
    func againstPandas() throws {
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: GoldenTables.url("joins.json")))
        let session = try GoldenTables.session(with: ["l.csv": golden.left, "r.csv": golden.right])
        try session.run("""
            let l = load "l.csv" \(GoldenTables.typeOptions(golden.types, for: golden.left))
            let r = load "r.csv" \(GoldenTables.typeOptions(golden.types, for: golden.right))
            let r2 = r | rename rid -> id
            """, sourceName: "load", sink: RecordingSink())
        for golden in golden.cases {
            let value = try session.run("l | \(golden.step)", sourceName: golden.step, sink: RecordingSink())
            GoldenTables.expect(value, equals: golden.table, golden.step)
        }
    }

    @Test("keys that cannot be equal, unknown keys and a missing `on` are errors that name them")
    func errors() throws {
        let session = try GoldenTables.session(with: ["a.csv": "id,x\n1,p\n", "b.csv": "id,y\nq,2\n"])
        try session.run("let a = load \"a.csv\"\nlet b = load \"b.csv\" { types = { id = \"text\" } }", sourceName: "load", sink: RecordingSink())
        // Tables already bound: the kinds are known, and the cell stops before anything runs.
        let sink = RecordingSink()
        let kinds = #expect(throws: SluiceError.self) { try session.run("print \"ran\"\na | rename x -> z | join b on id", sourceName: "join", sink: sink) }
        #expect(kinds?.diagnostics.first?.message == "the join keys `id` (integer) and `id` (text) cannot be equal")
        #expect(sink.written.isEmpty)
        // Tables loaded in the same cell: found when the join runs.
        let late = #expect(throws: SluiceError.self) {
            try session.run("let c = load \"b.csv\" { types = { id = \"text\" } }\nprint \"ran\"\na | join c on id", sourceName: "join", sink: sink)
        }
        #expect(late?.diagnostics.first?.message == "the join keys `id` (integer) and `id` (text) cannot be equal")
        #expect(sink.written.map(\.0) == ["ran\n"])
        // A key derived anew has a kind known only when it runs.
        try session.run("a | derive id = text(id) | join b on id", sourceName: "join", sink: RecordingSink())
        let unknown = #expect(throws: SluiceError.self) { try session.run("a | join b on id = z", sourceName: "join", sink: RecordingSink()) }
        #expect(unknown?.diagnostics.first?.message == "unknown column `z`")
        #expect(Parser.parse("a | join b id").diagnostics.first?.message == "expected `on` and the keys after the table to join")
        #expect(Parser.parse("a | join b on id how sideways").diagnostics.first?.message == "expected inner, left, right or outer after `how`")
    }
}
