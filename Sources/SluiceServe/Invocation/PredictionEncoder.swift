import Foundation
import SluiceData
import SluiceML

/// Writes a model's predictions in a response format, in the shapes of SageMaker's built-in algorithms:
///
/// - binary classification: `score` (the positive class's probability) and `predicted_label`;
/// - multiclass classification: `predicted_label` and `probabilities` by class;
/// - regression: `score`;
/// - clustering: `closest_cluster` and `distance_to_cluster`.
///
/// CSV gives one line per row with those values in that order (a multiclass row's probabilities
/// follow its label in class order); JSON gives `{"predictions": [{…}, …]}`; JSON Lines one object per line.
///
/// In ``AnswerStyle/sagemaker`` the answers are the built-in containers' own: XGBoost's `score` alone (a
/// multiclass row's probabilities as a list), the Linear Learner's `score` and `predicted_label` as the class's
/// index; k-means as above.
enum PredictionEncoder {
    static func encode(_ predictions: Table, task: ModelTask, format: PayloadFormat) -> [UInt8] {
        encode(predictions, rows: 0..<predictions.rowCount, task: task, format: format)
    }

    /// The answer for `rows` of the predictions (one request's share of a batch).
    static func encode(_ predictions: Table, rows: Range<Int>, task: ModelTask, format: PayloadFormat,
                       style: AnswerStyle = .sluice, algorithm: Algorithm = .xgboost) -> [UInt8] {
        let fields = style == .sagemaker ? PredictionFields(sagemaker: predictions, task: task, algorithm: algorithm)
            : PredictionFields(predictions, task: task)
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 32)
        if format == .json { out.append(contentsOf: Array(#"{"predictions":["#.utf8)) }
        for row in rows {
            switch format {
            case .csv:
                fields.writeCSV(row: row, to: &out)
                out.append(UInt8(ascii: "\n"))
            case .json:
                if row > rows.lowerBound { out.append(UInt8(ascii: ",")) }
                fields.writeJSON(row: row, to: &out)
            case .jsonLines:
                fields.writeJSON(row: row, to: &out)
                out.append(UInt8(ascii: "\n"))
            }
        }
        if format == .json { out.append(contentsOf: Array("]}".utf8)) }
        return out
    }
}

/// The prediction columns of one task, read row by row.
private struct PredictionFields {
    enum Field {
        case number(String, [Double])
        case integer(String, [Int64])
        case label(String, codes: [Int32], levels: [String])
        case probabilities(classes: [String], columns: [[Double]])
        /// A label as its class's index (SageMaker's Linear Learner).
        case labelIndex(String, codes: [Int32])
        /// Probabilities in class order as a list (SageMaker's XGBoost and Linear Learner).
        case probabilityList(String, columns: [[Double]])
    }

    var fields: [Field] = []

    init(_ table: Table, task: ModelTask) {
        func number(_ name: String) -> Field {
            guard case .float(let values, _) = table.column(named: name)?.values else { return .number(name, []) }
            return .number(name, values)
        }
        func label() -> Field {
            guard case .categorical(let codes, let levels) = table.column(named: "predicted_label")?.values else {
                return .label("predicted_label", codes: [], levels: [])
            }
            return .label("predicted_label", codes: codes, levels: levels)
        }
        switch task {
        case .binaryClassification:
            fields = [number("score"), label()]
        case .multiclassClassification(let classes):
            let columns = classes.map { name -> [Double] in
                guard case .float(let values, _) = table.column(named: "probability_\(name)")?.values else { return [] }
                return values
            }
            fields = [label(), .probabilities(classes: classes, columns: columns)]
        case .regression:
            fields = [number("score")]
        case .clustering:
            if case .integer(let values, _) = table.column(named: "closest_cluster")?.values {
                fields.append(.integer("closest_cluster", values))
            }
            fields.append(number("distance_to_cluster"))
        }
    }

    /// The fields of SageMaker's built-in containers for the algorithm.
    init(sagemaker table: Table, task: ModelTask, algorithm: Algorithm) {
        let full = PredictionFields(table, task: task)
        var score: Field = .number("score", []), label: Field = .labelIndex("predicted_label", codes: []), probabilities: [[Double]] = []
        for field in full.fields {
            switch field {
            case .number("score", _): score = field
            case .label(let name, let codes, _): label = .labelIndex(name, codes: codes)
            case .probabilities(_, let columns): probabilities = columns
            default: break
            }
        }
        switch (task, algorithm) {
        case (.clustering, _): fields = full.fields
        case (.multiclassClassification, .linearLearner): fields = [.probabilityList("score", columns: probabilities), label]
        case (.multiclassClassification, _): fields = [.probabilityList("score", columns: probabilities)]
        case (.binaryClassification, .linearLearner): fields = [score, label]
        case (.binaryClassification, _), (.regression, _): fields = [score]
        }
    }

    func writeCSV(row: Int, to out: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            switch field {
            case .number(_, let values): out.append(contentsOf: Array(numberText(values[row]).utf8))
            case .integer(_, let values): out.append(contentsOf: Array(String(values[row]).utf8))
            case .label(_, let codes, let levels): CSVRecords.appendField(codes[row] < 0 ? "" : levels[Int(codes[row])], to: &out)
            case .probabilities(_, let columns), .probabilityList(_, let columns):
                out.append(contentsOf: Array(columns.map { numberText($0[row]) }.joined(separator: ",").utf8))
            case .labelIndex(_, let codes): out.append(contentsOf: Array((codes[row] < 0 ? "" : String(codes[row])).utf8))
            }
        }
    }

    func writeJSON(row: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            switch field {
            case .number(let name, let values): appendKey(name, value: jsonNumber(values[row]), to: &out)
            case .integer(let name, let values): appendKey(name, value: String(values[row]), to: &out)
            case .label(let name, let codes, let levels):
                appendKey(name, value: codes[row] < 0 ? "null" : jsonString(levels[Int(codes[row])]), to: &out)
            case .probabilities(let classes, let columns):
                let pairs = zip(classes, columns).map { jsonString($0) + ":" + jsonNumber($1[row]) }
                appendKey("probabilities", value: "{" + pairs.joined(separator: ",") + "}", to: &out)
            case .labelIndex(let name, let codes): appendKey(name, value: codes[row] < 0 ? "null" : String(codes[row]), to: &out)
            case .probabilityList(let name, let columns):
                appendKey(name, value: "[" + columns.map { jsonNumber($0[row]) }.joined(separator: ",") + "]", to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    private func appendKey(_ key: String, value: String, to out: inout [UInt8]) {
        out.append(contentsOf: Array((jsonString(key) + ":" + value).utf8))
    }
}

/// A number as text: the shortest form that reads back to the same double.
func numberText(_ value: Double) -> String {
    value.isFinite ? "\(value)" : formatFloat(value)
}

/// A number in JSON: non-finite values (which JSON cannot hold) become null.
func jsonNumber(_ value: Double) -> String {
    value.isFinite ? "\(value)" : "null"
}

/// A JSON string literal.
func jsonString(_ text: String) -> String {
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
        return "\"" + text + "\""
    }
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
