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
        let values: [Cell?]
    }

    private enum Cell: Decodable, Equatable, CustomStringConvertible {
        case number(Double), text(String), flag(Bool)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .flag(flag)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        var description: String {
            switch self {
            case .number(let x): "\(x)"
            case .text(let s): "\"\(s)\""
            case .flag(let b): "\(b)"
            }
        }
    }

    private func cell(_ column: Column, _ row: Int) -> Cell? {
        guard !column.isMissing(row) else { return nil }
        switch column.values {
        case .integer(let values, _): return .number(Double(values[row]))
        case .float(let values, _): return .number(values[row])
        case .boolean(let values, _): return .flag(values[row])
        case .text(let values, _): return .text(values[row])
        case .categorical(let codes, let levels): return .text(levels[Int(codes[row])])
        }
    }

    @Test("each function gives pandas' values, missing values included")
    func againstPandas() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/row_functions.json")
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        let folder = NSTemporaryDirectory() + "sluice-rows-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try golden.csv.write(toFile: folder + "/rows.csv", atomically: true, encoding: .utf8)
        let types = golden.types.sorted { $0.key < $1.key }.map { "\($0.key) = \"\($0.value)\"" }.joined(separator: ", ")
        let session = Session(workingDirectory: folder)
        try session.run("let t = load \"rows.csv\" { types = { \(types) } }", sourceName: "load", sink: RecordingSink())
        for golden in golden.cases {
            let value = try session.run("t | derive r = \(golden.expression)", sourceName: golden.expression, sink: RecordingSink())
            guard case .table(let table)? = value, let column = table.column(named: "r") else {
                Issue.record("\(golden.expression): no table")
                continue
            }
            let got = (0..<column.count).map { cell(column, $0) }
            #expect(got == golden.values, "\(golden.expression)")
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
