import Foundation
import SluiceData
import SluiceML

/// Turns a request body into a table of the model's input columns.
enum RequestBodyParser {
    static func table(from body: [UInt8], format: PayloadFormat, schema: [ColumnSchema]) throws(InvocationError) -> Table {
        var builder = RequestTableBuilder(schema: schema)
        switch format {
        case .csv:
            var row = 0
            try CSVRecords.forEach(in: body) { (fields: [String?]) throws(InvocationError) in
                row += 1
                try builder.append(fields.map { $0.map(RequestCell.text) ?? .missing }, row: row)
            }
        case .json:
            let instances: [Any]
            switch try parseJSON(body[...], what: "the body") {
            case let object as [String: Any]:
                guard let list = object["instances"] as? [Any] else {
                    throw InvocationError(status: 400, "the JSON body has no \"instances\" list: send {\"instances\": [ {…}, … ]}")
                }
                instances = list
            case let list as [Any]:
                instances = list
            default:
                throw InvocationError(status: 400, "the JSON body is neither an object with \"instances\" nor a list")
            }
            for (index, instance) in instances.enumerated() {
                try append(instance, row: index + 1, to: &builder)
            }
        case .jsonLines:
            var row = 0
            for line in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }) else { continue }
                row += 1
                try append(try parseJSON(line, what: "line \(row)", row: row), row: row, to: &builder)
            }
        }
        guard builder.rowCount > 0 else { throw InvocationError(status: 400, "the request has no rows") }
        return try builder.table()
    }

    private static func parseJSON(_ bytes: ArraySlice<UInt8>, what: String, row: Int? = nil) throws(InvocationError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "it is not valid JSON"
            throw InvocationError(status: 400, "\(what) is not valid JSON: \(reason)", row: row)
        }
    }

    /// One instance: an object of column values by name, or a list of them in the model's column order.
    private static func append(_ instance: Any, row: Int, to builder: inout RequestTableBuilder) throws(InvocationError) {
        switch instance {
        case let object as [String: Any]:
            try builder.append(try cells(of: object, row: row), row: row)
        case let list as [Any]:
            var cells: [RequestCell] = []
            for value in list { cells.append(try cell(value, row: row, column: nil)) }
            try builder.append(cells, row: row)
        default:
            throw InvocationError.badRow(row, column: nil, "an instance must be an object of column values or a list of them")
        }
    }

    /// The cells of an object of column values by name.
    static func cells(of object: [String: Any], row: Int) throws(InvocationError) -> [String: RequestCell] {
        var cells: [String: RequestCell] = [:]
        for (key, value) in object { cells[key] = try cell(value, row: row, column: key) }
        return cells
    }

    private static func cell(_ value: Any, row: Int, column: String?) throws(InvocationError) -> RequestCell {
        switch value {
        case is NSNull: return .missing
        case let text as String: return .text(text)
        case let number as NSNumber:
            // JSONSerialization gives booleans as NSNumber too; their type is the char "c".
            if String(cString: number.objCType) == "c" { return .boolean(number.boolValue) }
            return .number(number.doubleValue)
        default:
            throw InvocationError.badRow(row, column: column, "a value must be a number, a string, true, false or null")
        }
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
