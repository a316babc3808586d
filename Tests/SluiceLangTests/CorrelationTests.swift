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
        #expect(sink.displayed.count == 2)
        let (shown, chart) = (try #require(sink.displayed.first), try #require(sink.displayed.last))
        // The REPL prints both: the title, then the heat map's text, which is the matrix.
        #expect(shown.plainText + "\n" + chart.plainText == """
            Spearman correlation of 2 numeric columns over 3 rows
                   x      y
            x  1.000  1.000
            y  1.000  1.000
            """)
        #expect(shown.html?.contains("<td style=\"text-align:right\">1.000</td>") == true)
        #expect(chart.data["image/svg+xml"]?.contains(">1.00</text>") == true && chart.data["application/vnd.vegalite.v5+json"] != nil)
        let error = #expect(throws: SluiceError.self) { try session.run("correlation (load \"text.csv\")", sourceName: "cell", sink: RecordingSink()) }
        #expect(error?.summary == "the table has no numeric column to correlate")
    }
}
