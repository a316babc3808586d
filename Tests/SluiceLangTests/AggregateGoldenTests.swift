import Foundation
import SluiceData
import Testing
@testable import SluiceLang

/// `group by … aggregate`, `aggregate` and `count by` against pandas on the same table:
/// Golden/aggregates.json, written once by scripts/make-aggregate-goldens.py.
@Suite("Aggregates against pandas")
struct AggregateGoldenTests {
    private struct Golden: Decodable {
        let csv: String
        let types: [String: String]
        let cases: [Case]
    }

    private struct Case: Decodable {
        let step: String
        let table: [GoldenTables.GoldenColumn]
    }

    @Test("groups in pandas' order with pandas' values, missing keys and values, empty and one-row tables")
    func againstPandas() throws {
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: GoldenTables.url("aggregates.json")))
        let session = try GoldenTables.session(with: ["rows.csv": golden.csv])
        try session.run("let t = load \"rows.csv\" \(GoldenTables.typeOptions(golden.types))", sourceName: "load", sink: RecordingSink())
        for golden in golden.cases {
            let value = try session.run("t | \(golden.step)", sourceName: golden.step, sink: RecordingSink())
            GoldenTables.expect(value, equals: golden.table, golden.step)
        }
    }

    @Test("kinds: counts and sums of whole numbers are integers, means floats, first and min keep the column's kind")
    func kinds() throws {
        let folder = NSTemporaryDirectory() + "sluice-aggregate-kinds-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "g,n,x,s\na,1,0.5,p\na,2,1.5,q\nb,3,,q\n".write(toFile: folder + "/k.csv", atomically: true, encoding: .utf8)
        let session = Session(workingDirectory: folder)
        let value = try session.run("load \"k.csv\" | group by g aggregate c = count(), s = sum(n), m = mean(n), f = first(s), lo = min(x)",
                                    sourceName: "kinds", sink: RecordingSink())
        guard case .table(let table)? = value else {
            Issue.record("no table")
            return
        }
        // g and s are read as text (three rows): the keys and `first` keep it.
        #expect(table.columns.map(\.kind) == [.text, .integer, .integer, .float, .text, .float])
        #expect(table.column(named: "lo")?.isMissing(1) == true)
    }

    @Test("errors name the column and the step before the run")
    func errors() {
        #expect(Parser.parse("t | group by a aggregate n = cnt()").diagnostics.first?.message == "expected an aggregate function, found `cnt`")
        #expect(Parser.parse("t | group a aggregate n = count()").diagnostics.first?.message == "expected `by` after `group`")
        #expect(Parser.parse("t | group by a, b n = count()").diagnostics.first?.message == "expected `aggregate` after the keys")
        #expect(Parser.parse("t | aggregate m = mean()").diagnostics.first?.message == "`mean` needs a column: `mean(x)`")
        #expect(Parser.parse("t | aggregate q = quantile(x)").diagnostics.first?.message == "`quantile` needs a column and a fraction: `quantile(x, 0.9)`")
    }
}
