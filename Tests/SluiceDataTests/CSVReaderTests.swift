import Foundation
import Testing
@testable import SluiceData

private func read(_ text: String, options: CSVOptions = CSVOptions()) throws -> Table {
    try CSVReader.read(bytes: Array(text.utf8), source: "test.csv", options: options).table
}

private func csvError(_ bytes: [UInt8], options: CSVOptions = CSVOptions()) -> CSVError? {
    do {
        _ = try CSVReader.read(bytes: bytes, source: "bad.csv", options: options)
        return nil
    } catch let error as CSVError {
        return error
    } catch {
        return nil
    }
}

private func values(_ column: Column?) -> [String?] {
    guard let column else { return [] }
    return (0..<column.count).map { column.formattedValue(at: $0) }
}

@Suite("CSV reading")
struct CSVReaderTests {
    @Test("quoted fields keep delimiters, doubled quotes and newlines")
    func quotedFields() throws {
        let table = try read("a,b\n\"x, y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",z\n")
        #expect(table.rowCount == 2)
        #expect(values(table.column(named: "a")) == ["x, y", "multi\nline"])
        #expect(values(table.column(named: "b")) == ["he said \"hi\"", "z"])
    }

    @Test("CRLF line ends, a byte-order mark and blank lines")
    func lineEndsAndByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("n,v\r\n1,2.5\r\n\r\n2,\r\n".utf8)
        let table = try CSVReader.read(bytes: bytes, source: "bom.csv").table
        #expect(table.columnNames == ["n", "v"])
        #expect(table.column(named: "n")?.values == .integer([1, 2], missing: MissingMask()))
        #expect(table.column(named: "v")?.kind == .float)
        #expect(values(table.column(named: "v")) == ["2.5", nil])
    }

    @Test("kinds are inferred from every value")
    func inference() throws {
        let table = try read("""
            i,f,b,c,t,mixed
            1,1.5,true,red,alpha,1
            -2,2,False,red,beta,x
            3,1e3,TRUE,blue,gamma,2
            4,,false,red,delta,3

            """)
        // `mixed` has a word among numbers, and four distinct values in four rows: text.
        #expect(table.columns.map(\.kind) == [.integer, .float, .boolean, .categorical, .text, .text])
        #expect(values(table.column(named: "f")) == ["1.5", "2", "1000", nil])
        #expect(values(table.column(named: "b")) == ["true", "false", "true", "false"])
        #expect(table.column(named: "c")?.values == .categorical(codes: [0, 0, 1, 0], levels: ["red", "blue"]))
    }

    @Test("numbers with leading zeros are text, so a load and a save keep them; typed as numbers they are numbers")
    func leadingZeros() throws {
        let table = try read("zip,code,n,x\n08123,-007,0,0.5\n10001,12,-0,00.25\n")
        #expect(table.columns.map(\.kind) == [.text, .text, .integer, .text])
        #expect(values(table.column(named: "zip")) == ["08123", "10001"])
        // Past the rows kinds are inferred from: the column is read again as text.
        let late = try read("zip\n" + (1...30).map { "\(10_000 + $0)\n" }.joined() + "00501\n", options: CSVOptions(inferenceRows: 10))
        #expect(late.column(named: "zip")?.kind == .text)
        #expect(values(late.column(named: "zip")).last == "00501")
        var typed = CSVOptions()
        typed.types = ["zip": .integer]
        #expect(values(try read("zip\n08123\n", options: typed).column(named: "zip")) == ["8123"])
    }

    @Test("numbers-like words are not numbers")
    func wordsThatParseAsDoubles() throws {
        let table = try read("w\nnan\ninf\n0x10\nnan\ninf\n0x10\n")
        #expect(table.column(named: "w")?.values == .categorical(codes: [0, 1, 2, 0, 1, 2], levels: ["nan", "inf", "0x10"]))
    }

    @Test("null tokens, delimiter and header options")
    func options() throws {
        let semicolons = try read("x;y\n1;NA\n2;3\n", options: CSVOptions(delimiter: UInt8(ascii: ";"), nullTokens: ["NA"]))
        #expect(values(semicolons.column(named: "y")) == [nil, "3"])
        let headless = try read("1,a\n2,b\n", options: CSVOptions(hasHeader: false))
        #expect(headless.columnNames == ["column_1", "column_2"])
        #expect(headless.rowCount == 2)
    }

    @Test("a row with the wrong number of fields names its line and column")
    func wrongFieldCount() {
        let error = csvError(Array("a,b\n1,2\n3\n".utf8))
        #expect(error == CSVError(file: "bad.csv", line: 3, column: 2, message: "expected 2 fields, found 1"))
        #expect(error?.description == "bad.csv:3:2: expected 2 fields, found 1")
    }

    @Test("an unterminated quote names where it opened")
    func unterminatedQuote() {
        let error = csvError(Array("a,b\n1,\"oops\n2,3\n".utf8))
        #expect(error?.line == 2)
        #expect(error?.column == 3)
        #expect(error?.message == "unterminated quoted field (the quote opened at column 3 is never closed)")
    }

    @Test("text after a closing quote is an error")
    func characterAfterClosingQuote() {
        let error = csvError(Array("a,b\n\"x\"y,1\n".utf8))
        #expect(error?.line == 2)
        #expect(error?.column == 4)
    }

    @Test("invalid UTF-8 names its line and column")
    func invalidUTF8() {
        let error = csvError(Array("a,b\nok,".utf8) + [0xFF, 0xFE] + Array("\n".utf8))
        #expect(error == CSVError(file: "bad.csv", line: 2, column: 4, message: "the field is not valid UTF-8"))
    }

    @Test("empty files and duplicate header names are errors")
    func emptyAndDuplicates() {
        #expect(csvError([])?.message == "the file is empty")
        #expect(csvError(Array("a,b,a\n1,2,3\n".utf8))?.message == "duplicate column name `a` in the header")
    }

    @Test("a missing file is a clear error")
    func missingFile() {
        #expect(throws: CSVError(file: "/no/such.csv", line: 0, column: 0, message: "the file does not exist")) {
            _ = try CSVReader.read(path: "/no/such.csv")
        }
    }

    @Test("reading stops when asked to")
    func stops() {
        let text = "n\n" + String(repeating: "1\n", count: 10_000)
        #expect(throws: CancellationError.self) {
            _ = try CSVReader.read(bytes: Array(text.utf8), source: "long.csv", shouldStop: { true })
        }
    }
}

@Suite("CSV reading in chunks")
struct CSVChunkTests {
    /// Tiny chunks, so that records, quoted newlines and promotions cross chunk and batch boundaries.
    static let tiny = CSVOptions(chunkSize: 24, inferenceRows: 2)

    @Test("records split across many chunks read the same as in one")
    func chunkBoundaries() throws {
        var text = "id,name,score\n"
        for row in 0..<500 {
            let name = row % 7 == 0 ? "\"line one\nline \"\"two\"\", \(row)\"" : "n\(row % 3)"
            text += "\(row),\(name),\(Double(row) / 4)\r\n"
        }
        let whole = try read(text)
        let chunked = try read(text, options: Self.tiny)
        #expect(chunked == whole)
        #expect(chunked.rowCount == 500)
        #expect(chunked.column(named: "name")?.formattedValue(at: 7) == "line one\nline \"two\", 7")
        #expect(chunked.column(named: "score")?.formattedValue(at: 499) == "124.75")
    }

    @Test("an integer column meeting a fraction later becomes float in place")
    func promotionToFloat() throws {
        let text = "n\n" + (1...300).map(String.init).joined(separator: "\n") + "\n2.5\n"
        let table = try read(text, options: Self.tiny)
        #expect(table.column(named: "n")?.kind == .float)
        #expect(table.column(named: "n")?.formattedValue(at: 299) == "300")
        #expect(table.column(named: "n")?.formattedValue(at: 300) == "2.5")
    }

    @Test("a numeric column meeting text later is read again as text, keeping every original spelling")
    func restartAsText() throws {
        let text = "code,v\n" + (1...300).map { "00\($0),\($0)" }.joined(separator: "\n") + "\nA7,1\n"
        let table = try read(text, options: Self.tiny)
        let code = table.column(named: "code")
        #expect(code?.kind == .text)
        #expect(code?.formattedValue(at: 0) == "001")
        #expect(code?.formattedValue(at: 300) == "A7")
        #expect(table.column(named: "v")?.kind == .integer)
    }

    @Test("errors in later chunks name their line in the whole file")
    func lineNumbersAcrossChunks() {
        let text = "a,b\n" + String(repeating: "1,2\n", count: 200) + "3\n"
        let error = csvError(Array(text.utf8), options: Self.tiny)
        #expect(error == CSVError(file: "bad.csv", line: 202, column: 2, message: "expected 2 fields, found 1"))
    }

    @Test("on_error skip leaves malformed records out and counts them")
    func skipMalformed() throws {
        let text = "a,b\n1,2\n3\n4,5\n6,7,8\n\"x\"y,9\n10,11\n"
        let result = try CSVReader.read(bytes: Array(text.utf8), source: "s.csv", options: CSVOptions(onError: .skip))
        #expect(result.table.rowCount == 3)
        #expect(values(result.table.column(named: "a")) == ["1", "4", "10"])
        #expect(result.skippedCount == 3)
        #expect(result.skippedExamples.map(\.line) == [3, 5, 6])
        #expect(result.skippedExamples.first?.description == "s.csv:3:2: expected 2 fields, found 1")
    }

    @Test("types override inference; a value of another kind is a malformed record")
    func typeOverrides() throws {
        let text = "zip,flag,n\n02134,1,5\n10001,0,6\n02134,1,7\n"
        let table = try read(text, options: CSVOptions(types: ["zip": .categorical, "flag": .text, "n": .float]))
        #expect(table.column(named: "zip")?.values == .categorical(codes: [0, 1, 0], levels: ["02134", "10001"]))
        #expect(table.column(named: "flag")?.kind == .text)
        #expect(table.column(named: "n")?.values == .float([5, 6, 7], missing: MissingMask()))
        let error = csvError(Array("n\n1\nx\n".utf8), options: CSVOptions(types: ["n": .integer]))
        #expect(error == CSVError(file: "bad.csv", line: 3, column: 1, message: "`n` must be an integer, not \"x\""))
        #expect(csvError(Array("n\n1\n".utf8), options: CSVOptions(types: ["m": .integer]))?.message
            == "`types` names `m`, which is not a column")
    }

    @Test("header only, all-missing columns, and quoted empty strings")
    func edges() throws {
        let headerOnly = try read("a,b\n")
        #expect(headerOnly.rowCount == 0)
        #expect(headerOnly.columnNames == ["a", "b"])
        let allMissing = try read("a,b\n1,\n2,\n")
        #expect(allMissing.column(named: "b")?.kind == .float)
        #expect(allMissing.column(named: "b")?.missingCount == 2)
        let quotedEmpty = try read("a,b\n\"\",x\n,x\n\"\",y\n")
        #expect(quotedEmpty.column(named: "a")?.isMissing(0) == false)
        #expect(quotedEmpty.column(named: "a")?.isMissing(1) == true)
        #expect(quotedEmpty.column(named: "a")?.formattedValue(at: 0) == "")
        let noFinalNewline = try read("a,b\n1,2")
        #expect(values(noFinalNewline.column(named: "b")) == ["2"])
        let trailingEmpty = try read("a,b\n1,")
        #expect(trailingEmpty.column(named: "b")?.missingCount == 1)
    }
}

@Suite("The telco churn data set")
struct TelcoChurnTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/telco_churn.csv").path

    @Test("shape, kinds and values match Python's csv module")
    func telco() throws {
        let table = try CSVReader.read(path: Self.path).table
        #expect(table.rowCount == 7043)
        #expect(table.columnCount == 20)
        guard case .integer(let tenure, _) = table.column(named: "tenure")?.values,
              case .float(let monthly, _) = table.column(named: "monthly_charges")?.values,
              case .categorical(let churnCodes, let churnLevels) = table.column(named: "churn")?.values,
              let totalCharges = table.column(named: "total_charges")
        else {
            Issue.record("unexpected column kinds: \(table.columns.map(\.kind))")
            return
        }
        #expect(tenure.reduce(0, +) == 227_990)
        #expect(abs(monthly.reduce(0, +) - 456_116.6) < 1e-6)
        #expect(churnLevels == ["No", "Yes"])
        #expect(churnCodes.filter { $0 == 1 }.count == 1869)
        #expect(totalCharges.kind == .float)
        #expect(totalCharges.missingCount == 11)
        #expect(totalCharges.isMissing(488) && totalCharges.isMissing(753) && !totalCharges.isMissing(0))
        guard case .categorical(_, let paymentLevels) = table.column(named: "payment_method")?.values else {
            Issue.record("payment_method is not categorical")
            return
        }
        #expect(paymentLevels == ["Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"])
    }
}

@Suite("CSV header only")
struct CSVHeaderTests {
    private func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "sluice-header-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("column names come from the first bytes, named as a full read names them")
    func names() throws {
        let path = try write("a,\"b \"\"quoted\"\"\",,c\n1,2,3,4\n")
        #expect(try CSVReader.columnNames(path: path) == ["a", "b \"quoted\"", "column_3", "c"])
        #expect(try CSVReader.columnNames(path: path) == (try CSVReader.read(path: path).table.columnNames))
        #expect(try CSVReader.columnNames(path: path, options: CSVOptions(hasHeader: false)) == ["column_1", "column_2", "column_3", "column_4"])
        #expect(try CSVReader.columnNames(path: path + ".missing") == nil)
    }

    @Test("a header longer than the bytes first read is read whole, never cut")
    func longHeader() throws {
        let names = (0..<60_000).map { "feature_\($0)" }
        let wide = names.joined(separator: ",")
        #expect(wide.utf8.count > 4 * CSVReader.headerChunkSize * 2)
        let path = try write(wide + "\n" + String(repeating: "1,", count: 59_999) + "1\n")
        #expect(try CSVReader.columnNames(path: path) == names)
        #expect(try CSVReader.read(path: path).table.columnNames == names)
    }
}
