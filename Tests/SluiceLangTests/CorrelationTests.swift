import Foundation
import SluiceData
import Testing
@testable import SluiceLang

/// `correlation` against pandas' DataFrame.corr on the same table (Golden/correlation.json, written once by
/// scripts/make-correlation-goldens.py): missing values, ties, a constant column and a boolean one.
@Suite("correlation")
struct CorrelationTests {
    private struct Golden: Decodable {
        let csv: String
        let methods: [String: [GoldenTables.GoldenColumn]]
    }

    @Test("Pearson and Spearman matrices equal pandas', pairwise over the rows where both have a value")
    func againstPandas() throws {
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: GoldenTables.url("correlation.json")))
        let session = try GoldenTables.session(with: ["t.csv": golden.csv])
        guard case .table(let table)? = try session.run("load \"t.csv\"", sourceName: "load", sink: RecordingSink()) else {
            Issue.record("no table")
            return
        }
        for method in CorrelationMethod.allCases {
            GoldenTables.expect(.table(try table.correlation(method)), equals: golden.methods[method.rawValue]!, method.rawValue)
        }
    }

    @Test("the statement shows the matrix and its heat map; a table without numbers is an error that says how to make some")
    func statement() throws {
        let session = try GoldenTables.session(with: ["t.csv": "x,y,name\n1,2,a\n2,4,b\n3,5,c\n", "text.csv": "name\na\nb\n"])
        let sink = RecordingSink()
        try session.run("correlation (load \"t.csv\") spearman", sourceName: "cell", sink: sink)
        let shown = try #require(sink.displayed.first)
        #expect(shown.plainText == """
            Spearman correlation of 2 numeric columns over 3 rows
                   x      y
            x  1.000  1.000
            y  1.000  1.000
            """)
        #expect(shown.html?.contains("<svg") == true && shown.html?.contains(">1.00</text>") == true)
        let error = #expect(throws: SluiceError.self) { try session.run("correlation (load \"text.csv\")", sourceName: "cell", sink: RecordingSink()) }
        #expect(error?.summary == "the table has no numeric column to correlate")
    }
}
