import Foundation
import SluiceData
import SluiceML

/// CSV batches: parsed by the table engine with the model's columns given their training kinds (the
/// others read as text, so they are written back as they came), scored, and written as CSV records.
struct CSVPieceEncoder: PieceEncoder {
    let model: ModelPredictor
    let headerBytes: [UInt8]
    let options: CSVOptions
    let outputColumns: [String]
    let source: String

    init(model: TrainedModel, header: [UInt8], joinInput: Bool, source: String) throws(TransformError) {
        var names: [String] = []
        CSVRecords.forEach(in: header) { fields in names = fields.map { $0 ?? "" } }
        let missing = model.inputSchema.map(\.name).filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw .badInput("\(source) has no column \(missing.map { "`\($0)`" }.joined(separator: ", ")), which the model reads "
                + "(its header has \(names.joined(separator: ", ")))")
        }
        var types = Dictionary(uniqueKeysWithValues: names.map { ($0, ColumnKind.text) })
        for column in model.inputSchema { types[column.name] = column.kind ?? .text }
        self.model = ModelPredictor(model)
        headerBytes = header.last == UInt8(ascii: "\n") ? header : header + [UInt8(ascii: "\n")]
        // Batches are small: a small chunk keeps the parser's buffers near a batch's size.
        options = CSVOptions(types: types, chunkSize: 256 << 10)
        let predictions = PredictionColumns.names(for: model.task)
        outputColumns = joinInput ? names + predictions.filter { !names.contains($0) } : predictions
        self.source = source
    }

    /// The output's header line.
    var outputHeader: [UInt8] {
        var line: [UInt8] = []
        CSVRecords.append(outputColumns, to: &line)
        return line
    }

    func encode(_ piece: RecordPieceReader.Piece) throws(TransformError) -> EncodedPiece {
        let table: Table
        do {
            table = try CSVReader.read(bytes: headerBytes + piece.bytes, source: source, options: options).table
        } catch let error as CSVError {
            let line = piece.firstLine + error.line - 2
            throw .badInput("\(source), line \(line)" + (error.column > 0 ? ", column \(error.column)" : "") + ": \(error.message)")
        } catch {
            throw .badInput("\(source): \(error)")
        }
        guard table.rowCount > 0 else { return EncodedPiece(bytes: [], rows: 0) }
        let scored = try score(table, model: model, source: source, firstLine: piece.firstLine)
        do {
            let output = try Table(columns: outputColumns.map { scored.column(named: $0)! })
            return EncodedPiece(bytes: CSVWriter.encode(output, header: false), rows: output.rowCount)
        } catch {
            throw .badInput("\(source): \(error)")
        }
    }
}

/// JSON Lines batches: one object per line, scored, and written as the prediction objects (after the
/// input's fields when joined).
struct JSONLinesPieceEncoder: PieceEncoder {
    let model: ModelPredictor
    let joinInput: Bool
    let source: String

    func encode(_ piece: RecordPieceReader.Piece) throws(TransformError) -> EncodedPiece {
        var builder = RequestTableBuilder(schema: model.model.inputSchema)
        var lines: [ArraySlice<UInt8>] = []
        var lineNumber = piece.firstLine - 1
        for line in piece.bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard !JSONProblem.isBlank(line) else { continue }
            let instance: JSONInstance
            do {
                instance = try JSONDecoder().decode(JSONInstance.self, from: Data(line))
            } catch {
                throw .badInput("\(source), line \(lineNumber): " + JSONProblem.describe(error, what: "the line", row: lineNumber).message)
            }
            if joinInput, case .list = instance {
                throw .badInput("\(source), line \(lineNumber): `join input` needs each line to be a JSON object")
            }
            do {
                try instance.append(to: &builder, row: lineNumber)
            } catch {
                throw .badInput("\(source), line \(lineNumber): " + error.message.replacingOccurrences(of: "row \(lineNumber), ", with: "")
                    .replacingOccurrences(of: "row \(lineNumber): ", with: ""))
            }
            lines.append(line)
        }
        guard builder.rowCount > 0 else { return EncodedPiece(bytes: [], rows: 0) }
        let table: Table
        do {
            table = try builder.table()
        } catch {
            throw .badInput("\(source): \(error)")
        }
        let scored = try score(table, model: model, source: source, firstLine: piece.firstLine)
        let predictions = PredictionEncoder.encode(scored, task: model.model.task, format: .jsonLines)
        guard joinInput else { return EncodedPiece(bytes: predictions, rows: table.rowCount) }
        var out: [UInt8] = []
        out.reserveCapacity(piece.bytes.count + predictions.count)
        for (line, prediction) in zip(lines, predictions.split(separator: UInt8(ascii: "\n"))) {
            out.append(contentsOf: JSONLinesJoin.merge(line, prediction))
            out.append(UInt8(ascii: "\n"))
        }
        return EncodedPiece(bytes: out, rows: table.rowCount)
    }
}

/// Scores a batch, naming the batch's lines when the model cannot.
private func score(_ table: Table, model: ModelPredictor, source: String, firstLine: Int) throws(TransformError) -> Table {
    do {
        return try model.predict(table)
    } catch {
        throw .badInput("\(source), the batch from line \(firstLine): \(error)")
    }
}

/// Joins an input object's line with its prediction object: the input's fields, then the prediction's.
enum JSONLinesJoin {
    static func merge(_ input: ArraySlice<UInt8>, _ prediction: ArraySlice<UInt8>) -> [UInt8] {
        var object = Array(input)
        while let last = object.last, last != UInt8(ascii: "}") { object.removeLast() }
        guard object.count >= 1 else { return Array(prediction) }
        object.removeLast()
        let isEmpty = !object.dropFirst().contains { ![UInt8(ascii: " "), UInt8(ascii: "\t")].contains($0) }
        if !isEmpty { object.append(UInt8(ascii: ",")) }
        object.append(contentsOf: prediction.dropFirst())
        return object
    }
}

/// The names of the columns a model's predictions fill, in the order responses give them.
enum PredictionColumns {
    static func names(for task: ModelTask) -> [String] {
        switch task {
        case .binaryClassification: ["score", "predicted_label"]
        case .multiclassClassification(let classes): ["predicted_label"] + classes.map { "probability_\($0)" }
        case .regression: ["score"]
        case .clustering: ["closest_cluster", "distance_to_cluster"]
        }
    }
}
