import Foundation
import SluiceData
import Testing
@testable import SluiceLang

/// Tables that pandas computed (Golden/*.json, written by scripts/make-*-goldens.py), and how a table
/// of Sluice's is compared with one.
enum GoldenTables {
    /// A value as the JSON holds it: a number or a text (booleans as numbers).
    enum Cell: Decodable, CustomStringConvertible {
        case number(Double), text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .number(flag ? 1 : 0)
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
            }
        }

        /// Equal texts, or numbers within 1e-12 relative (pandas adds pairwise where Sluice adds with
        /// Kahan's compensation, as pandas' groupby does: the last bits may differ).
        func matches(_ other: Cell) -> Bool {
            switch (self, other) {
            case (.number(let a), .number(let b)): abs(a - b) <= 1e-12 * max(1, abs(a), abs(b))
            case (.text(let a), .text(let b)): a == b
            default: false
            }
        }
    }

    /// A column as pandas gave it.
    struct GoldenColumn: Decodable {
        let name: String
        let values: [Cell?]

        init(name: String, values: [Cell?]) {
            self.name = name
            self.values = values
        }
    }

    static func cell(_ column: Column, _ row: Int) -> Cell? {
        guard !column.isMissing(row) else { return nil }
        switch column.values {
        case .integer(let values, _): return .number(Double(values[row]))
        case .float(let values, _): return .number(values[row])
        case .boolean(let values, _): return .number(values[row] ? 1 : 0)
        case .text(let values, _): return .text(values[row])
        case .categorical(let codes, let levels): return .text(levels[Int(codes[row])])
        // As Python's datetime.isoformat() writes it.
        case .datetime(let values, _): return .text(DateTimeParser.format(values[row], dateOnly: false))
        }
    }

    /// Expects `value` to be a table with `expected`'s columns, in order, and values.
    static func expect(_ value: Value?, equals expected: [GoldenColumn], _ what: String) {
        guard case .table(let table)? = value else {
            Issue.record("\(what): no table")
            return
        }
        #expect(table.columnNames == expected.map(\.name), "\(what)")
        for golden in expected {
            guard let column = table.column(named: golden.name) else { continue }
            let got = (0..<column.count).map { cell(column, $0) }
            let same = got.count == golden.values.count && zip(got, golden.values).allSatisfy { pair in
                switch pair {
                case (nil, nil): true
                case (let a?, let b?): a.matches(b)
                default: false
                }
            }
            #expect(same, "\(what): \(golden.name) is \(got), pandas \(golden.values)")
        }
    }

    /// A session in a new folder holding `files` (name → CSV text).
    static func session(with files: [String: String]) throws -> Session {
        let folder = NSTemporaryDirectory() + "sluice-golden-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        return Session(workingDirectory: folder)
    }

    /// `{ a = "integer", … }` for `load`.
    static func typeOptions(_ types: [String: String]) -> String {
        "{ types = { " + types.sorted { $0.key < $1.key }.map { "\($0.key) = \"\($0.value)\"" }.joined(separator: ", ") + " } }"
    }

    /// `{ types = … }` for the columns of the CSV text `csv` among `types`.
    static func typeOptions(_ types: [String: String], for csv: String) -> String {
        let header = csv.split(separator: "\n")[0].split(separator: ",").map(String.init)
        return typeOptions(types.filter { header.contains($0.key) })
    }

    /// A golden file of the test target.
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    }
}
