import Foundation
import SluiceData
import SluiceML

/// The requests an endpoint captured, read back into a table for monitoring.
public enum CapturedTraffic {
    /// The rows of every request captured under `folder` (an endpoint's capture folder), in time order.
    /// CSV rows are named by `schema`'s columns in order (fields past them become `_c20`, `_c21`, …);
    /// JSON rows by their keys. Kinds are inferred from the values, so a type change shows.
    public static func table(folder: String, schema: [ColumnSchema]) throws(MonitoringError) -> Table {
        let files = captureFiles(under: folder)
        guard !files.isEmpty else { throw .noData("nothing has been captured under \(folder)") }
        var rows = CapturedRows()
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                guard let record = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                      let capture = record["captureData"] as? [String: Any],
                      let input = capture["endpointInput"] as? [String: Any],
                      let text = input["data"] as? String else { continue }
                let type = (input["observedContentType"] as? String) ?? PayloadFormat.csv.rawValue
                let bytes = input["encoding"] as? String == "BASE64" ? Array(Data(base64Encoded: text) ?? Data()) : Array(text.utf8)
                rows.add(body: bytes, format: PayloadFormat.ofContentType(type) ?? .csv, schema: schema)
            }
        }
        guard rows.count > 0 else { throw .noData("the capture files under \(folder) hold no rows") }
        return rows.table()
    }

    /// The capture files, oldest hour first.
    static func captureFiles(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".jsonl") }.sorted().map { folder + "/" + $0 }
    }
}

/// Rows of cells by column name, gathered from captured requests.
private struct CapturedRows {
    private var columns: [String: [RequestCell]] = [:]
    private var order: [String] = []
    private(set) var count = 0

    mutating func add(body: [UInt8], format: PayloadFormat, schema: [ColumnSchema]) {
        switch format {
        case .csv:
            CSVRecords.forEach(in: body) { fields in
                append(fields.enumerated().map { index, field in
                    (index < schema.count ? schema[index].name : "_c\(index)", field.map(RequestCell.text) ?? .missing)
                })
            }
        case .json:
            guard let object = try? JSONSerialization.jsonObject(with: Data(body)) else { return }
            let instances = (object as? [String: Any])?["instances"] as? [Any] ?? (object as? [Any]) ?? []
            instances.forEach { addInstance($0, schema: schema) }
        case .jsonLines:
            for line in body.split(separator: UInt8(ascii: "\n")) {
                if let instance = try? JSONSerialization.jsonObject(with: Data(line)) { addInstance(instance, schema: schema) }
            }
        }
    }

    private mutating func addInstance(_ instance: Any, schema: [ColumnSchema]) {
        if let object = instance as? [String: Any], let cells = try? RequestBodyParser.cells(of: object, row: count + 1) {
            append(cells.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        } else if let list = instance as? [Any] {
            var cells: [(String, RequestCell)] = []
            for (index, value) in list.enumerated() {
                let name = index < schema.count ? schema[index].name : "_c\(index)"
                if let cell = try? RequestBodyParser.cells(of: ["v": value], row: count + 1)["v"] { cells.append((name, cell)) }
            }
            append(cells)
        }
    }

    private mutating func append(_ cells: [(String, RequestCell)]) {
        for (name, cell) in cells {
            if columns[name] == nil {
                columns[name] = Array(repeating: .missing, count: count)
                order.append(name)
            }
            columns[name]!.append(cell)
        }
        count += 1
        for name in order where columns[name]!.count < count { columns[name]!.append(.missing) }
    }

    /// The rows as a table, each column's kind inferred: whole numbers, numbers, true/false, else categorical.
    func table() -> Table {
        let built = order.map { name -> Column in
            let cells = columns[name]!
            var builder = RequestTableBuilder(schema: [ColumnSchema(name: name, kind: Self.kind(of: cells))], capacity: cells.count)
            for (row, cell) in cells.enumerated() { try? builder.append([cell], row: row + 1) }
            return (try? builder.table().columns[0]) ?? Column(name: name, values: .text([], missing: MissingMask()))
        }
        return (try? Table(columns: built)) ?? (try! Table(columns: []))
    }

    private static func kind(of cells: [RequestCell]) -> ColumnKind {
        var sawNumber = false, sawBoolean = false, sawText = false, integral = true
        for cell in cells {
            switch cell {
            case .missing: continue
            case .number(let value):
                sawNumber = true
                integral = integral && value == value.rounded()
            case .boolean: sawBoolean = true
            case .text(let text):
                if let value = Double(text.trimmingWhitespace) {
                    sawNumber = true
                    integral = integral && value == value.rounded()
                } else if ["true", "false"].contains(text.lowercased()) {
                    sawBoolean = true
                } else {
                    sawText = true
                }
            }
        }
        if sawText || (sawNumber && sawBoolean) { return .categorical }
        if sawNumber { return integral ? .integer : .float }
        return sawBoolean ? .boolean : .categorical
    }
}
