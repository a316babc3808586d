import Foundation
import SluiceDisplay
import Testing
@testable import SluiceLang

/// Collects what a session shows.
final class RecordingSink: OutputSink {
    var written: [(String, OutputStreamName)] = []
    var displayed: [MimeBundle] = []
    var onWrite: (() -> Void)?

    func write(_ text: String, to stream: OutputStreamName) {
        written.append((text, stream))
        onWrite?()
    }

    func display(_ bundle: MimeBundle) {
        displayed.append(bundle)
    }
}

private func temporaryCSV(_ text: String) throws -> String {
    let path = NSTemporaryDirectory() + "sluice-test-\(UUID().uuidString).csv"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

private func failure(_ session: Session, _ source: String) -> SluiceError? {
    do {
        try session.run(source, sourceName: "cell 1", sink: RecordingSink())
        return nil
    } catch {
        return error
    }
}

@Suite("Sessions")
struct SessionTests {
    @Test("arithmetic, percents, strings and null")
    func scalars() throws {
        let session = Session()
        let sink = RecordingSink()
        #expect(try session.run("1 + 2 * 3", sourceName: "t", sink: sink) == .number(7))
        #expect(try session.run("80%", sourceName: "t", sink: sink) == .number(0.8))
        #expect(try session.run("\"sl\" + \"uice\"", sourceName: "t", sink: sink) == .string("sluice"))
        #expect(try session.run("1 / 0", sourceName: "t", sink: sink) == .null)
        #expect(try session.run("null + 1", sourceName: "t", sink: sink) == .null)
        #expect(try session.run("false and null", sourceName: "t", sink: sink) == .boolean(false))
        #expect(try session.run("-(2 - 5) >= 3", sourceName: "t", sink: sink) == .boolean(true))
    }

    @Test("bindings persist across runs; non-final expressions are displayed; print writes")
    func bindingsAndOutput() throws {
        let session = Session()
        let sink = RecordingSink()
        #expect(try session.run("let a, b = [2, 3]", sourceName: "t", sink: sink) == nil)
        #expect(try session.run("a\nprint a * b\nprint \"x\" to stderr\nb", sourceName: "t", sink: sink) == .number(3))
        #expect(sink.displayed.map(\.plainText) == ["2"])
        #expect(sink.written.map(\.0) == ["6\n", "x\n"])
        #expect(sink.written.map(\.1) == [.stdout, .stderr])
    }

    @Test("load reads CSV relative to the working directory, with options; take and select shape it")
    func loading() throws {
        let path = try temporaryCSV("id;name;score\n1;a;NA\n2;b;2.5\n3;c;1\n")
        let directory = (path as NSString).deletingLastPathComponent
        let file = (path as NSString).lastPathComponent
        let session = Session(workingDirectory: directory)
        let value = try session.run("""
            let t = load "\(file)" { delimiter = ";", null = ["NA"] }
            t | select -[name] | take 2
            """, sourceName: "t", sink: RecordingSink())
        guard case .table(let table)? = value else {
            Issue.record("not a table: \(String(describing: value))")
            return
        }
        #expect(table.columnNames == ["id", "score"])
        #expect(table.rowCount == 2)
        #expect(table.columns[1].isMissing(0))
        guard case .table(let picked)? = try session.run("t | select [score, id]", sourceName: "t", sink: RecordingSink()) else {
            Issue.record("not a table")
            return
        }
        #expect(picked.columnNames == ["score", "id"])
    }

    @Test("names are checked before anything runs")
    func resolverRunsFirst() {
        let session = Session()
        let sink = RecordingSink()
        let error = failure(session, "print \"started\"\nlet churn = 1\nchrn")
        #expect(sink.written.isEmpty)
        #expect(error?.name == "NameError")
        #expect(error?.diagnostics.first?.help == "did you mean `churn`?")
        #expect(session.bindings.isEmpty)
    }

    @Test("runtime errors carry the statement's span and keep earlier bindings")
    func runtimeErrors() throws {
        let session = Session(workingDirectory: "/nonexistent-dir")
        let error = failure(session, "let kept = 1\nlet t = load \"missing.csv\"")
        #expect(error?.name == "RuntimeError")
        #expect(error?.summary == "cannot load \"missing.csv\": the file does not exist")
        #expect(error?.diagnostics.first?.span.start == SourcePosition(line: 2, column: 9, offset: 21))
        #expect(session.bindings["kept"] == .number(1))

        let path = try temporaryCSV("a,b\n1,2\n")
        let unknownColumn = failure(Session(), "load \"\(path)\" | select [a, bb]")
        #expect(unknownColumn?.summary == "unknown column `bb`")
        #expect(unknownColumn?.diagnostics.first?.help == "did you mean `b`?")
        #expect(failure(Session(), "1 | take 2")?.summary == "a pipeline step needs a table, but the value before `|` is the number 1")
        #expect(failure(Session(), "load \"\(path)\" | take 1.5")?.name == "TypeError")
        #expect(failure(Session(), "load \"\(path)\" { delimeter = \";\" }")?.diagnostics.first?.help == "did you mean `delimiter`?")
    }

    @Test("every error of a cell is reported together")
    func severalErrors() {
        let error = failure(Session(), "let = 1\nprint )")
        #expect(error?.diagnostics.count == 2)
        #expect(error?.summary == "expected a name to bind (and 1 more error)")
    }

    @Test("an interrupt stops a running load and leaves the session intact")
    func interrupt() throws {
        let path = try temporaryCSV("n\n" + String(repeating: "1\n", count: 20_000))
        let session = Session()
        let sink = RecordingSink()
        sink.onWrite = { session.interruptFlag.request() }
        do {
            try session.run("let kept = 5\nprint \"loading\"\nlet big = load \"\(path)\"", sourceName: "cell 1", sink: sink)
            Issue.record("the load was not interrupted")
        } catch {
            #expect(error.name == "Interrupted")
        }
        #expect(session.bindings["kept"] == .number(5))
        #expect(session.bindings["big"] == nil)
        sink.onWrite = nil
        #expect(try session.run("kept + 1", sourceName: "cell 2", sink: sink) == .number(6))
    }
}
