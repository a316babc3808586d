import Foundation
import SluiceData
import SluiceML
import SluiceStorage

/// The requests an endpoint captured, read back into a table for monitoring.
public enum CapturedTraffic {
    /// The rows of every request captured under `folder` (an endpoint's capture folder, local or in S3),
    /// in time order (the files' paths are hour folders, then the writer's file).
    /// CSV rows are named by `schema`'s columns in order (fields past them become `_c20`, `_c21`, …);
    /// JSON rows by their keys. Kinds are inferred from the values, so a type change shows. With `since`, only
    /// the requests answered at or after it (a scheduled run's window; hour folders before it are not read).
    public static func table(folder: StorageLocation, schema: [ColumnSchema], since: Date? = nil) throws(MonitoringError) -> Table {
        var files = try files(in: folder)
        guard !files.isEmpty else { throw .noData("nothing has been captured under \(folder)") }
        var earliest: String?
        if let since {
            let time = UTCTime(since)
            earliest = time.iso8601
            let hour = "AllTraffic/\(time.year)/\(time.month)/\(time.day)/\(time.hour)"
            files = files.filter { file in
                guard let range = file.description.range(of: "AllTraffic/") else { return true }
                return String(file.description[range.lowerBound...].prefix(hour.count)) >= hour
            }
        }
        var rows = CapturedRows()
        try forEachRecord(in: files, since: earliest) { record in rows.add(body: record.input, format: record.format, schema: schema) }
        guard rows.count > 0 else {
            throw .noData(since.map { "nothing was captured under \(folder) since \(UTCTime($0).iso8601)" }
                          ?? "the capture files under \(folder) hold no rows")
        }
        return rows.table()
    }

    /// One captured request: its id (the caller's inference id when it gave one, else the endpoint's event id, as
    /// SageMaker merges ground truth), when it was answered (ISO 8601), its input and the input's format.
    struct Record {
        var id: String
        var time: String
        var input: [UInt8]
        var format: PayloadFormat
    }

    /// Calls `body` with each record of `files` answered at or after `earliest` (ISO 8601), in file order.
    static func forEachRecord(in files: [StorageLocation], since earliest: String? = nil,
                              _ body: (Record) throws(MonitoringError) -> Void) throws(MonitoringError) {
        for file in files {
            let data: [UInt8]
            do {
                data = try Storage.contents(of: file)
            } catch {
                throw .noData("cannot read the capture file \(file): \(error.message)")
            }
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                guard let record = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                      let capture = record["captureData"] as? [String: Any],
                      let input = capture["endpointInput"] as? [String: Any],
                      let text = input["data"] as? String else { continue }
                let metadata = record["eventMetadata"] as? [String: Any]
                let answered = metadata?["inferenceTime"] as? String ?? ""
                if let earliest, answered < earliest { continue }
                let type = (input["observedContentType"] as? String) ?? PayloadFormat.csv.rawValue
                let bytes = input["encoding"] as? String == "BASE64" ? Array(Data(base64Encoded: text) ?? Data()) : Array(text.utf8)
                try body(Record(id: metadata?["inferenceId"] as? String ?? metadata?["eventId"] as? String ?? "", time: answered, input: bytes,
                                format: PayloadFormat.ofContentType(type) ?? .csv))
            }
        }
    }

    /// The capture files under `folder`, sorted.
    static func files(in folder: StorageLocation) throws(MonitoringError) -> [StorageLocation] {
        do {
            return try Storage.files(under: folder).filter { $0.name.hasSuffix(".jsonl") }
        } catch {
            throw .noData("cannot list the capture under \(folder): \(error.message)")
        }
    }
}

/// Rows of cells by column name, gathered from captured requests.
struct CapturedRows {
    private var columns: [String: [RequestCell]] = [:]
    private var order: [String] = []
    private(set) var count = 0

    mutating func add(body: [UInt8], format: PayloadFormat, schema: [ColumnSchema]) {
        switch format {
        case .csv:
            CSVRecords.forEach(in: body) { fields in
                append(fields.enumerated().map { (Self.positionalName($0.offset, schema), $0.element.map(RequestCell.text) ?? .missing) })
            }
        case .json:
            (try? JSONDecoder().decode(JSONRequestBody.self, from: Data(body)))?.instances.forEach { add($0, schema: schema) }
        case .jsonLines:
            for line in body.split(separator: UInt8(ascii: "\n")) {
                if let instance = try? JSONDecoder().decode(JSONInstance.self, from: Data(line)) { add(instance, schema: schema) }
            }
        }
    }

    private mutating func add(_ instance: JSONInstance, schema: [ColumnSchema]) {
        switch instance {
        case .object(let cells): append(cells.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        case .list(let cells): append(cells.enumerated().map { (Self.positionalName($0.offset, schema), $0.element) })
        }
    }

    /// The name of a positional value: the schema's column, or `_cN` past its end.
    private static func positionalName(_ index: Int, _ schema: [ColumnSchema]) -> String {
        index < schema.count ? schema[index].name : "_c\(index)"
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
