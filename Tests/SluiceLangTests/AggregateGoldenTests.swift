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
        let table: [GoldenColumn]
    }

    private struct GoldenColumn: Decodable {
        let name: String
        let values: [Cell?]
    }

    private enum Cell: Decodable, CustomStringConvertible {
        case number(Double), text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        var description: String {
            switch self {
            case .number(let x): "\(x)"
            case .text(let s): "\"\(s)\""
            }
        }

        /// Equal texts, or numbers within 1e-12 relative (pandas adds means pairwise, Sluice with Kahan's
        /// compensation, as pandas' groupby does: the last bits may differ).
        func matches(_ other: Cell) -> Bool {
            switch (self, other) {
            case (.number(let a), .number(let b)): abs(a - b) <= 1e-12 * max(1, abs(a), abs(b))
            case (.text(let a), .text(let b)): a == b
            default: false
            }
        }
    }

    private func cell(_ column: Column, _ row: Int) -> Cell? {
        guard !column.isMissing(row) else { return nil }
        switch column.values {
        case .integer(let values, _): return .number(Double(values[row]))
        case .float(let values, _): return .number(values[row])
        case .boolean(let values, _): return .number(values[row] ? 1 : 0)
        case .text(let values, _): return .text(values[row])
        case .categorical(let codes, let levels): return .text(levels[Int(codes[row])])
        }
    }

    @Test("groups in pandas' order with pandas' values, missing keys and values, empty and one-row tables")
    func againstPandas() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/aggregates.json")
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        let folder = NSTemporaryDirectory() + "sluice-aggregates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try golden.csv.write(toFile: folder + "/rows.csv", atomically: true, encoding: .utf8)
        let types = golden.types.sorted { $0.key < $1.key }.map { "\($0.key) = \"\($0.value)\"" }.joined(separator: ", ")
        let session = Session(workingDirectory: folder)
        try session.run("let t = load \"rows.csv\" { types = { \(types) } }", sourceName: "load", sink: RecordingSink())
        for golden in golden.cases {
            let value = try session.run("t | \(golden.step)", sourceName: golden.step, sink: RecordingSink())
            guard case .table(let table)? = value else {
                Issue.record("\(golden.step): no table")
                continue
            }
            #expect(table.columnNames == golden.table.map(\.name), "\(golden.step)")
            for expected in golden.table {
                guard let column = table.column(named: expected.name) else { continue }
                let got = (0..<column.count).map { cell(column, $0) }
                let same = got.count == expected.values.count && zip(got, expected.values).allSatisfy { pair in
                    switch pair {
                    case (nil, nil): true
                    case (let a?, let b?): a.matches(b)
                    default: false
                    }
                }
                #expect(same, "\(golden.step): \(expected.name) is \(got), pandas \(expected.values)")
            }
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
