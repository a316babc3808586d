import Foundation
import SluiceData
import SluiceML

/// Turns a request body into a table of the model's input columns.
enum RequestBodyParser {
    /// The table, and the model's columns that no row gave.
    static func table(from body: [UInt8], format: PayloadFormat, schema: [ColumnSchema]) throws(InvocationError)
        -> (table: Table, absentColumns: [String]) {
        var builder = RequestTableBuilder(schema: schema)
        switch format {
        case .csv:
            var row = 0
            try CSVRecords.forEach(in: body) { (fields: [String?]) throws(InvocationError) in
                row += 1
                try builder.append(fields.map { $0.map(RequestCell.text) ?? .missing }, row: row)
            }
        case .json:
            let instances: [JSONInstance]
            do {
                instances = try JSONDecoder().decode(JSONRequestBody.self, from: Data(body)).instances
            } catch {
                throw JSONProblem.describe(error, what: "the body")
            }
            for (index, instance) in instances.enumerated() {
                try instance.append(to: &builder, row: index + 1)
            }
        case .jsonLines:
            var row = 0
            for line in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) where !JSONProblem.isBlank(line) {
                row += 1
                let instance: JSONInstance
                do {
                    instance = try JSONDecoder().decode(JSONInstance.self, from: Data(line))
                } catch {
                    throw JSONProblem.describe(error, what: "line \(row)", row: row)
                }
                try instance.append(to: &builder, row: row)
            }
        }
        guard builder.rowCount > 0 else { throw InvocationError(status: 400, "the request has no rows") }
        return (try builder.table(), builder.absentColumns)
    }
}

/// A request's JSON body: `{"instances": [...]}`, or the list alone.
struct JSONRequestBody: Decodable {
    var instances: [JSONInstance]

    private enum Keys: String, CodingKey { case instances }

    init(from decoder: any Decoder) throws {
        if let list = try? decoder.singleValueContainer().decode([JSONInstance].self) {
            instances = list
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        guard container.contains(.instances) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "it has no \"instances\" list: send {\"instances\": [ {…}, … ]}"))
        }
        instances = try container.decode([JSONInstance].self, forKey: .instances)
    }
}

/// One row of a JSON request: an object of column values by name, a list of them in the model's column order,
/// or SageMaker's common format for built-in algorithms, `{"features": [values in column order]}`.
enum JSONInstance: Decodable {
    case object([String: RequestCell])
    case list([RequestCell])

    /// SageMaker's common request format's dense row.
    private struct Features: Decodable {
        var features: [RequestCell]
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let object = try? container.decode([String: RequestCell].self) {
            self = .object(object)
        } else if let list = try? container.decode([RequestCell].self) {
            self = .list(list)
        } else if let dense = try? container.decode(Features.self) {
            self = .list(dense.features)
        } else {
            // Decode again to report the failure where it is.
            _ = try container.decode([String: RequestCell].self)
            self = .list([])
        }
    }

    func append(to builder: inout RequestTableBuilder, row: Int) throws(InvocationError) {
        switch self {
        case .object(let cells): try builder.append(cells, row: row)
        case .list(let cells): try builder.append(cells, row: row)
        }
    }
}

extension RequestCell: Decodable {
    /// A JSON number (read exactly), string, `true`/`false` or `null`.
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .missing
        } else if let value = try? container.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .text(value)
        } else {
            throw DecodingError.typeMismatch(RequestCell.self, .init(codingPath: container.codingPath,
                                                                    debugDescription: "a value must be a number, a string, true, false or null"))
        }
    }
}

/// JSON decoding errors, told as where and what.
enum JSONProblem {
    static func describe(_ error: any Error, what: String, row: Int? = nil) -> InvocationError {
        guard let decoding = error as? DecodingError else { return InvocationError(status: 400, "\(what) is not valid JSON", row: row) }
        let context: DecodingError.Context
        switch decoding {
        case .dataCorrupted(let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c): context = c
        @unknown default: return InvocationError(status: 400, "\(what) is not valid JSON", row: row)
        }
        // A body's path starts at its instance's index; a line's row is given.
        var rest = context.codingPath.filter { $0.stringValue != "instances" }[...]
        var instanceRow = row
        if row == nil, let index = rest.first?.intValue {
            instanceRow = index + 1
            rest = rest.dropFirst()
        }
        if let instanceRow, !context.codingPath.isEmpty {
            return .badRow(instanceRow, column: rest.first { $0.intValue == nil }?.stringValue, context.debugDescription)
        }
        let reason = context.underlyingError.map { "\($0)" } ?? context.debugDescription
        return InvocationError(status: 400, "\(what) is not valid JSON: \(reason)", row: row)
    }

    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        !line.contains { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }
    }
}

/// The records of CSV text: fields split on commas, `"` quoting with `""` for a quote, CRLF or LF line ends.
enum CSVRecords {
    /// Appends one record of `fields`, quoted where needed, and a line end.
    static func append(_ fields: [String], to out: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendField(field, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// Appends one field, quoted when it holds a comma, a quote or a line break.
    static func appendField(_ field: String, to out: inout [UInt8]) {
        if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            out.append(contentsOf: Array(("\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"").utf8))
        } else {
            out.append(contentsOf: Array(field.utf8))
        }
    }

    /// Calls `body` with each record's fields (nil for an empty unquoted field); blank lines are skipped.
    static func forEach<E: Error>(in bytes: [UInt8], _ body: ([String?]) throws(E) -> Void) throws(E) {
        var fields: [String?] = []
        var field: [UInt8] = []
        var quoted = false, inQuotes = false, index = 0, lineHasContent = false
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        func finishField() {
            fields.append(field.isEmpty && !quoted ? nil : String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == quote {
                    if index < bytes.count, bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote:
                inQuotes = true
                quoted = true
                lineHasContent = true
            case comma:
                finishField()
                lineHasContent = true
            case newline:
                if lineHasContent || !field.isEmpty {
                    finishField()
                    try body(fields)
                }
                fields.removeAll(keepingCapacity: true)
                lineHasContent = false
            case carriage where index < bytes.count && bytes[index] == newline:
                continue
            default:
                field.append(byte)
                lineHasContent = true
            }
        }
        if lineHasContent || !field.isEmpty {
            finishField()
            try body(fields)
        }
    }
}
