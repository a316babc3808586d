import Foundation
import SluiceData
import Testing
@testable import SluiceLang

@Suite("Column names of any text in load options")
struct LoadOptionNameTests {
    @Test("types name columns in backquotes or quotes; leading zeros stay text through a load and a save")
    func quotedNames() throws {
        let session = try GoldenTables.session(with: ["zc.csv": "Zip Code,n\n08123,1\n10001,2\n"])
        let typed = try session.run("load \"zc.csv\" { types = { `Zip Code` = \"integer\" } }", sourceName: "a", sink: RecordingSink())
        guard case .table(let table)? = typed else {
            Issue.record("no table")
            return
        }
        #expect(table.column(named: "Zip Code")?.values == .integer([8123, 10001], missing: MissingMask()))
        let quoted = try session.run("load \"zc.csv\" { types = { \"Zip Code\" = \"categorical\" } }", sourceName: "b", sink: RecordingSink())
        guard case .table(let categorical)? = quoted else {
            Issue.record("no table")
            return
        }
        #expect(categorical.column(named: "Zip Code")?.kind == .categorical)
        try session.run("load \"zc.csv\" | save \"again.csv\"", sourceName: "c", sink: RecordingSink())
        let folder = session.workingDirectory
        #expect(try String(contentsOfFile: folder + "/again.csv", encoding: .utf8) == "Zip Code,n\n08123,1\n10001,2\n")
    }
}
