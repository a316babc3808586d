import Foundation
import SluiceData
import Testing
@testable import SluiceLang

/// Every row function against pandas on the same table: Golden/row_functions.json, written once by
/// scripts/make-row-function-goldens.py.
@Suite("Row functions against pandas")
struct RowFunctionGoldenTests {
    private struct Golden: Decodable {
        let csv: String
        let types: [String: String]
        let cases: [Case]
    }

    private struct Case: Decodable {
        let expression: String
        let values: [GoldenTables.Cell?]
    }

    @Test("each function gives pandas' values, missing values included")
    func againstPandas() throws {
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: GoldenTables.url("row_functions.json")))
        let session = try GoldenTables.session(with: ["rows.csv": golden.csv])
        try session.run("let t = load \"rows.csv\" \(GoldenTables.typeOptions(golden.types))", sourceName: "load", sink: RecordingSink())
        for golden in golden.cases {
            let value = try session.run("t | derive r = \(golden.expression) | select [r]", sourceName: golden.expression, sink: RecordingSink())
            GoldenTables.expect(value, equals: [GoldenTables.GoldenColumn(name: "r", values: golden.values)], golden.expression)
        }
    }
}

@Suite("Row functions on values and their errors")
struct RowFunctionValueTests {
    private func run(_ source: String) throws -> Value? {
        try Session().run(source, sourceName: "cell", sink: RecordingSink())
    }

    @Test("functions apply to values outside a table; text turns numbers into text as Python writes them")
    func values() throws {
        #expect(try run("\"rows: \" + text(5)") == .string("rows: 5"))
        #expect(try run("text(0.0001) + \" \" + text(1e-5) + \" \" + text(1e15 + 0.5) + \" \" + text(-2.5e20)")
                == .string("0.0001 1e-05 1000000000000000.5 -2.5e+20"))
        #expect(try run("let x = 2.5\nround(x)") == .number(2))
        #expect(try run("number(\"abc\")") == .null)
        #expect(try run("replace(\"ab\", \"\", \"-\")") == .string("-a-b-"))
        #expect(try run("substring(\"héllo\", 1, 100)") == .string("éllo"))
    }

    @Test("wrong kinds say what the function needs and how to convert")
    func errors() {
        let error = #expect(throws: SluiceError.self) { try run("\"n\" + 5") }
        #expect(error?.diagnostics.first?.help?.contains("text(") == true)
        let rounding = #expect(throws: SluiceError.self) { try run("round(\"2.5\")") }
        #expect(rounding?.diagnostics.first?.message == "`round` needs numbers, not text")
        #expect(rounding?.diagnostics.first?.help == "`number(x)` reads text as a number")
        let digits = #expect(throws: SluiceError.self) { try run("round(2.5, 0.5)") }
        #expect(digits?.diagnostics.first?.message == "the digits of `round` must be a whole number")
        let lower = #expect(throws: SluiceError.self) { try run("lower(5)") }
        #expect(lower?.diagnostics.first?.message == "`lower` needs text, not a number")
    }
}
