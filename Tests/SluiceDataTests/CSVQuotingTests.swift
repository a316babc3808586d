import Foundation
import Testing
@testable import SluiceData

/// Random records with stray and doubled quotes, quoted line breaks (LF, CR LF), empty fields and
/// non-ASCII text; the header is `c0,c1,c2,c3`. Returns the file and the cells it holds.
private func randomRecords(_ count: Int, seed: UInt64) -> (text: String, cells: [[String]]) {
    var generator = SeededGenerator(seed: seed)
    let plain = ["a", "b", "12", "x y", "é", "🙂", "\"", "pi\"pe", "q\"\"q", " ", ""]
    let quotedParts = ["a", ",", "\n", "\r\n", "\"\"", "é", " ", "🙂", "1"]
    var text = "c0,c1,c2,c3\n"
    var cells: [[String]] = []
    for _ in 0..<count {
        var record: [String] = []
        var written: [String] = []
        for _ in 0..<4 {
            if generator.nextIndex(below: 3) == 0 {
                let parts = (0..<generator.nextIndex(below: 5)).map { _ in quotedParts[generator.nextIndex(below: quotedParts.count)] }
                written.append("\"" + parts.joined() + "\"")
                record.append(parts.joined().replacingOccurrences(of: "\"\"", with: "\""))
            } else {
                // An unquoted field: never starting with a quote, so its quotes are plain characters.
                var field = plain[generator.nextIndex(below: plain.count)] + plain[generator.nextIndex(below: plain.count)]
                while field.hasPrefix("\"") { field.removeFirst() }
                written.append(field)
                record.append(field)
            }
        }
        text += written.joined(separator: ",") + (generator.nextIndex(below: 4) == 0 ? "\r\n" : "\n")
        cells.append(record)
    }
    return (text, cells)
}

private func textCells(_ table: Table) -> [[String]] {
    (0..<table.rowCount).map { row in table.columns.map { $0.formattedValue(at: row) ?? "" } }
}

@Suite("CSV quoting")
struct CSVQuotingTests {
    /// The file of issue 14: quoted fields with line breaks beside unquoted ones with a stray quote.
    static let strayQuotes = "id,desc,qty\n0,\"a\n100,x\",0\n1,12\" pipe,1\n2,\"a\n102,x\",2\n3,\"a\n103,x\",3\n4,12\" pipe,4\n5,plain,5\n"

    @Test("a quote inside an unquoted field is a plain character wherever the file is cut into chunks")
    func strayQuoteAtEveryCut() throws {
        let expected = [["0", "a\n100,x", "0"], ["1", "12\" pipe", "1"], ["2", "a\n102,x", "2"], ["3", "a\n103,x", "3"],
                        ["4", "12\" pipe", "4"], ["5", "plain", "5"]]
        for chunkSize in 16...Self.strayQuotes.utf8.count {
            for onError in [CSVErrorPolicy.fail, .skip] {
                var options = CSVOptions(chunkSize: chunkSize, inferenceRows: 2)
                options.types = ["id": .text, "desc": .text, "qty": .text]
                options.onError = onError
                let result = try CSVReader.read(bytes: Array(Self.strayQuotes.utf8), source: "stray.csv", options: options)
                #expect(textCells(result.table) == expected, "chunk size \(chunkSize), \(onError)")
                #expect(result.skippedCount == 0)
            }
        }
    }

    @Test("random records with stray and doubled quotes and quoted line breaks read the same at every chunk size")
    func randomRecordsAtManyCuts() throws {
        let (text, cells) = randomRecords(3_000, seed: 14)
        for chunkSize in [16, 37, 64, 251, 1_024, 4_096, 1 << 20] {
            var options = CSVOptions(chunkSize: chunkSize, inferenceRows: 50)
            options.types = ["c0": .text, "c1": .text, "c2": .text, "c3": .text]
            options.nullTokens = []
            let table = try CSVReader.read(bytes: Array(text.utf8), source: "random.csv", options: options).table
            let read = textCells(table)
            #expect(read.count == cells.count, "chunk size \(chunkSize)")
            if let first = zip(read, cells).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
                Issue.record("chunk size \(chunkSize): record \(first.offset) read as \(first.element.0), written as \(first.element.1)")
            }
        }
    }

    @Test("the record scanner ends records exactly where the tokenizer does")
    func scannerAgreesWithTokenizer() {
        let bytes = Array(Self.strayQuotes.utf8)
        var quoting = CSVQuoting()
        let ends = bytes.indices.filter { quoting.endsRecord(bytes[$0]) }.map { $0 + 1 }
        let tokenized = bytes.withUnsafeBufferPointer { buffer -> [Int] in
            var tokenizer = CSVTokenizer(bytes: buffer.baseAddress!, count: buffer.count, delimiter: UInt8(ascii: ","))
            var spans: [FieldSpan] = []
            var positions: [Int] = []
            while case .record = tokenizer.nextRecord(into: &spans) { positions.append(tokenizer.position) }
            return positions
        }
        #expect(ends == tokenized)
    }

    @Test("a header longer than the read buffer is read whole, quoted line breaks included")
    func longHeader() throws {
        let names = (0..<300).map { $0 == 7 ? "\"line\nbreak\"" : "column\($0)" }
        let text = names.joined(separator: ",") + "\n" + (0..<300).map(String.init).joined(separator: ",") + "\n"
        let table = try CSVReader.read(bytes: Array(text.utf8), source: "wide.csv", options: CSVOptions(chunkSize: 64, inferenceRows: 2)).table
        #expect(table.columnNames.count == 300 && table.rowCount == 1)
        #expect(table.columnNames[7] == "line\nbreak" && table.columnNames[299] == "column299")
        #expect(table.columns[299].formattedValue(at: 0) == "299")
        let path = NSTemporaryDirectory() + "wide-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var tiny = CSVOptions()
        tiny.chunkSize = 64
        #expect(try CSVReader.columnNames(path: path)?.count == 300)
    }
}
