import Foundation
import SluiceData
import SluiceML
import Testing
@testable import SluiceLang

/// `insights` on a table built to hold each problem it looks for, against what pandas, numpy and
/// scikit-learn say of the same table (Golden/insights.json, written by scripts/make-insights-goldens.py).
@Suite("insights")
struct InsightsTests {
    private struct Golden: Decodable {
        let csv: String
        let reports: [Report]
    }

    private struct Report: Decodable {
        let target: String
        let rows, duplicates, analysed: Int
        let columns: [ColumnFacts]
        let findings: [Finding]
    }

    private struct ColumnFacts: Decodable {
        let name: String
        let missing, distinct: Int
        let outliers: Int?
        let power: Double?
    }

    private struct Finding: Decodable, Equatable, CustomStringConvertible {
        let kind: String
        let columns: [String]
        var description: String { "\(kind) \(columns)" }
    }

    private static func table() throws -> (Golden, Table, Session) {
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: GoldenTables.url("insights.json")))
        let session = try GoldenTables.session(with: ["t.csv": golden.csv])
        let value = try session.run("let t = load \"t.csv\"\nt", sourceName: "load", sink: RecordingSink())
        guard case .table(let table)? = value else { throw ModelError.invalidTarget("the golden CSV did not load as a table") }
        return (golden, table, session)
    }

    @Test("each column's facts, each column's power alone and the findings equal the references', for a class and for a number")
    func againstReferences() throws {
        let (golden, table, _) = try Self.table()
        for expected in golden.reports {
            let report = try table.insights(predicting: expected.target, sluiceVersion: "test")
            #expect(report.rows == expected.rows && report.duplicateRows == expected.duplicates && report.analysedRows == expected.analysed)
            #expect(report.columns.map(\.name) == expected.columns.map(\.name))
            for (got, want) in zip(report.columns, expected.columns) {
                #expect(got.missing == want.missing && got.distinct == want.distinct && got.outliers == want.outliers, "\(want.name)")
                switch (got.predictivePower, want.power) {
                case (nil, nil): break
                case (let a?, let b?): #expect(abs(a - b) <= 1e-12, "\(expected.target) ← \(want.name): \(a) vs \(b)")
                default: Issue.record("\(expected.target) ← \(want.name): power \(String(describing: got.predictivePower)) vs \(String(describing: want.power))")
                }
            }
            #expect(report.findings.map { Finding(kind: $0.kind.rawValue, columns: $0.columns) } == expected.findings, "\(expected.target)")
        }
    }

    @Test("the quick model finds the leak first, and each finding says what to do")
    func quickModelAndAdvice() throws {
        let (_, table, _) = try Self.table()
        let report = try table.insights(predicting: "target", sluiceVersion: "test")
        let model = try #require(report.quickModel)
        #expect(model.metric == "auc" && model.score > 0.95)
        #expect(model.importance.first?.column == "leak")
        #expect(model.leftOut == ["id"])
        #expect(abs(model.importance.map(\.share).reduce(0, +) - 1) < 1e-9)
        let leak = try #require(report.findings.first)
        #expect(leak.message == "`leak` alone predicts `target` with AUC 0.995 on held-out rows")
        #expect(leak.advice.contains("select -[leak]"))
        let imbalance = try #require(report.findings.first { $0.kind == .imbalance })
        #expect(imbalance.message.hasPrefix("`target` is 8.4% \"yes\" (33 of 395 rows)"))
        #expect(report.findings.allSatisfy { !$0.advice.isEmpty })
    }

    @Test("the statement shows the report and the quick model's importance as a chart; a table alone gets no target's findings")
    func statement() throws {
        let (_, _, session) = try Self.table()
        let sink = RecordingSink()
        try session.run("insights t predicting target", sourceName: "cell", sink: sink)
        #expect(sink.displayed.count == 2)
        let report = try #require(sink.displayed.first)
        #expect(report.plainText.hasPrefix("Insights on 400 rows × 10 columns, predicting `target` (binary classification, judged on 395 rows with a value): 7 warnings, 7 insights"))
        #expect(report.html?.contains("<code>select -[leak]</code>") == true)
        let chart = try #require(sink.displayed.last)
        #expect(chart.data["application/vnd.vegalite.v5+json"]?.contains("\"leak\"") == true)
        #expect(chart.data["image/svg+xml"]?.contains("share of total gain (%)") == true)

        let plain = RecordingSink()
        try session.run("insights t", sourceName: "cell", sink: plain)
        #expect(plain.displayed.count == 1)
        #expect(!plain.displayed[0].plainText.contains("alone"))
        let error = #expect(throws: SluiceError.self) { try session.run("insights t predicting nope", sourceName: "cell", sink: RecordingSink()) }
        #expect(error?.summary == "unknown column `nope`")
    }
}
