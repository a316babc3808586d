import Foundation
import SluiceData
import SluiceML
import Testing
@testable import SluiceLang

/// The datetime kind against pandas on the same table: inference on load, the date functions, and
/// filter, sort and group by over datetimes (Golden/dates.json, written once by scripts/make-date-goldens.py).
@Suite("Dates against pandas")
struct DateGoldenTests {
    private struct Golden: Decodable {
        let csv: String
        let cases: [Case]
        let pipelines: [Pipeline]
    }

    private struct Case: Decodable {
        let expression: String
        let values: [GoldenTables.Cell?]
    }

    private struct Pipeline: Decodable {
        let pipeline: String
        let columns: [GoldenTables.GoldenColumn]
    }

    private func loaded() throws -> (Golden, Session) {
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: GoldenTables.url("dates.json")))
        let session = try GoldenTables.session(with: ["dates.csv": golden.csv])
        try session.run("let t = load \"dates.csv\"", sourceName: "load", sink: RecordingSink())
        return (golden, session)
    }

    @Test("ISO 8601 columns load as datetimes; text that is not all ISO stays text")
    func inference() throws {
        let (_, session) = try loaded()
        guard case .table(let table)? = try session.run("t", sourceName: "t", sink: RecordingSink()) else {
            Issue.record("no table")
            return
        }
        #expect(table.columns.map(\.kind) == [.integer, .datetime, .datetime, .text, .text, .categorical])
    }

    @Test("each date function gives pandas' values, missing values included")
    func functions() throws {
        let (golden, session) = try loaded()
        for golden in golden.cases {
            let value = try session.run("t | derive r = \(golden.expression) | select [r]", sourceName: golden.expression, sink: RecordingSink())
            GoldenTables.expect(value, equals: [GoldenTables.GoldenColumn(name: "r", values: golden.values)], golden.expression)
        }
    }

    @Test("filter, sort and group by over datetimes give pandas' tables")
    func steps() throws {
        let (golden, session) = try loaded()
        for golden in golden.pipelines {
            let value = try session.run("t | \(golden.pipeline)", sourceName: golden.pipeline, sink: RecordingSink())
            GoldenTables.expect(value, equals: golden.columns, golden.pipeline)
        }
    }
}

@Suite("Datetimes in and out")
struct DatetimeKindTests {
    private func session(_ files: [String: String]) throws -> Session { try GoldenTables.session(with: files) }

    private func table(_ session: Session, _ source: String) throws -> Table {
        guard case .table(let table)? = try session.run(source, sourceName: "cell", sink: RecordingSink()) else {
            throw CancellationError()
        }
        return table
    }

    @Test("a save and load round trip keeps every datetime; a column of midnights is written as dates")
    func roundTrip() throws {
        let csv = "d,ts\n2024-01-31,2024-01-31T08:30:00.25\n,1969-12-31 23:00\n2000-02-29,2024-02-29T00:00:00Z\n"
        let session = try session(["in.csv": csv])
        let first = try table(session, "let t = load \"in.csv\"\nsave t to \"out.csv\"\nt")
        let written = try String(contentsOfFile: session.workingDirectory + "/out.csv", encoding: .utf8)
        #expect(written == "d,ts\n2024-01-31,2024-01-31T08:30:00.250000\n,1969-12-31T23:00:00\n2000-02-29,2024-02-29T00:00:00\n")
        #expect(try table(session, "load \"out.csv\"") == first)
    }

    @Test("types read dates by a pattern; a value that does not follow it is an error naming the line")
    func patterns() throws {
        let session = try session(["dmy.csv": "when,n\n31/01/2024,1\n01/03/2024,2\n", "bad.csv": "when\n31/01/2024\n2024-03-01\n"])
        let loaded = try table(session, "load \"dmy.csv\" { types = { when = \"%d/%m/%Y\" } }")
        #expect(loaded.column(named: "when")?.values == .datetime([19753 * DateTimeParser.microsecondsPerDay, 19783 * DateTimeParser.microsecondsPerDay], missing: MissingMask()))
        let error = #expect(throws: SluiceError.self) { try table(session, "load \"bad.csv\" { types = { when = \"%d/%m/%Y\" } }") }
        #expect(error?.summary.contains("line 3") == true)
        #expect(error?.summary.contains("\"2024-03-01\"") == true)
        let unknown = #expect(throws: SluiceError.self) { try table(session, "load \"dmy.csv\" { types = { when = \"%d/%m/%A\" } }") }
        #expect(unknown?.summary.contains("%A") == true)
    }

    @Test("datetimes cannot be added to, and text compared with them must be a date")
    func errors() throws {
        let session = try session(["d.csv": "d\n2024-01-31\n"])
        let arithmetic = #expect(throws: SluiceError.self) { try table(session, "load \"d.csv\" | derive x = d + 1") }
        #expect(arithmetic?.diagnostics.first?.help?.contains("days_between") == true)
        let notDate = #expect(throws: SluiceError.self) { try table(session, "load \"d.csv\" | filter d > \"31/01/2024\"") }
        #expect(notDate?.diagnostics.first?.message.contains("not an ISO 8601") == true)
        let textColumn = #expect(throws: SluiceError.self) { try table(session, "load \"d.csv\" | derive t = text(d) | derive y = year(t)") }
        #expect(textColumn?.diagnostics.first?.help?.contains("date(x)") == true)
    }

    @Test("functions of datetimes apply to values too")
    func values() throws {
        let session = try session([:])
        #expect(try session.run("year(date(\"2024-05-06\")) + weekday(date(\"2024-05-06\"))", sourceName: "cell", sink: RecordingSink()) == .number(2024))
        #expect(try session.run("days_between(\"2024-01-01\", date(\"2024-03-01\"))", sourceName: "cell", sink: RecordingSink()) == .number(60))
        #expect(try session.run("text(date(\"5 Mar 2024\", \"%d %b %Y\"))", sourceName: "cell", sink: RecordingSink()) == .string("2024-03-05"))
    }

    @Test("dateparts takes datetimes apart for training, hour only when the values have times")
    func dateParts() throws {
        let csv = "d,ts,y\n2024-01-31,2024-01-31T08:30:00,1\n2023-12-25,2023-12-25T23:59:59,0\n,,1\n"
        let session = try session(["t.csv": csv])
        let prepared = try table(session, "let t = load \"t.csv\"\nlet r = fit (recipe | dateparts) on t predicting y\nt | apply r")
        #expect(prepared.columnNames == ["d_year", "d_month", "d_day", "d_weekday", "ts_year", "ts_month", "ts_day", "ts_weekday", "ts_hour", "y"])
        #expect(prepared.column(named: "ts_hour")?.values == .integer([8, 23, 0], missing: MissingMask(missingRows: [2])))
        #expect(prepared.column(named: "d_weekday")?.values == .integer([2, 0, 0], missing: MissingMask(missingRows: [2])))
    }
}
