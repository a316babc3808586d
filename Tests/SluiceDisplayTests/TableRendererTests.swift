import Testing
import SluiceData
@testable import SluiceDisplay

private func sampleTable() throws -> Table {
    var mask = MissingMask()
    mask.markMissing(1)
    return try Table(columns: [
        Column(name: "name", values: .text(["<b>Ann</b>", "Bo & Co", "Cy"], missing: MissingMask())),
        Column(name: "score", values: .float([1.5, 0, 12.25], missing: mask)),
    ])
}

@Suite("Table rendering")
struct TableRendererTests {
    @Test("HTML escaping covers the five special characters")
    func escaping() {
        #expect(escapeHTML(#"<a href="x">Tom & 'Jerry'</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
    }

    @Test("counts are grouped by thousands")
    func counts() {
        #expect(formatCount(0) == "0")
        #expect(formatCount(999) == "999")
        #expect(formatCount(1000) == "1,000")
        #expect(formatCount(7043) == "7,043")
        #expect(formatCount(1_234_567) == "1,234,567")
        #expect(formatCount(-1234) == "-1,234")
    }

    @Test("the shape line says rows, columns and how many are shown")
    func shapeLine() throws {
        let table = try sampleTable()
        #expect(TableRenderer().shapeLine(for: table) == "3 rows × 2 columns")
        #expect(TableRenderer(maxRows: 2).shapeLine(for: table) == "3 rows × 2 columns (first 2 shown)")
        #expect(TableRenderer().shapeLine(for: table.head(1)) == "1 row × 2 columns")
    }

    @Test("plain text aligns columns, right-aligns numbers and marks missing values")
    func plainText() throws {
        let text = TableRenderer(maxRows: 2).plainText(for: try sampleTable())
        #expect(text == """
            name        score
            text        float
            ──────────  ─────
            <b>Ann</b>    1.5
            Bo & Co      null
            3 rows × 2 columns (first 2 shown)
            """)
    }

    @Test("HTML escapes values and names, and ends with the shape")
    func html() throws {
        let html = TableRenderer().html(for: try sampleTable())
        #expect(html.contains("<th>name</th><th>score</th>"))
        #expect(html.contains("<td>&lt;b&gt;Ann&lt;/b&gt;</td>"))
        #expect(html.contains("<td>Bo &amp; Co</td>"))
        #expect(!html.contains("<b>Ann</b>"))
        #expect(html.contains("<td style=\"text-align:right\">12.25</td>"))
        #expect(html.contains(">null</span></td>"))
        #expect(html.hasSuffix("<p>3 rows × 2 columns</p>\n</div>"))
        let bundle = TableRenderer().bundle(for: try sampleTable())
        #expect(Set(bundle.data.keys) == ["text/plain", "text/html"])
    }
}

@Suite("Table rendering to a width")
struct TableWidthTests {
    private func wideTable() throws -> Table {
        try Table(columns: (0..<12).map { index in
            Column(name: "column_\(index)", values: .float([Double(index), 1.5, 100], missing: MissingMask()))
        } + [Column(name: "story", values: .text([String(repeating: "long words ", count: 10), "b", "c"], missing: MissingMask()))])
    }

    @Test("a width limit keeps the leading columns that fit, marks the rest with …, and says how many are left out")
    func leadingColumns() throws {
        let text = TableRenderer(maxWidth: 40).plainText(for: try wideTable())
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.dropLast().allSatisfy { $0.count <= 40 }, "\(lines.map(\.count))")  // the shape line may wrap
        // column_N is 8 wide; "  " between; "  …" at the end: four columns fit in 40 (4 × 8 + 3 × 2 + 3 = 41 is too many).
        #expect(lines[0] == "column_0  column_1  column_2  …")
        #expect(lines.last == "3 rows × 13 columns; 10 more columns do not fit the width")
        #expect(lines[3].hasSuffix("…"))
    }

    @Test("a cell wider than half the width is cut with …, and without a limit nothing changes")
    func longCells() throws {
        let table = try wideTable().selecting(["story", "column_0"])
        let lines = TableRenderer(maxWidth: 30).plainText(for: table).split(separator: "\n").map(String.init)
        #expect(lines[3].hasPrefix("long words lon…") && lines[3].count <= 30)  // cut at half the width: 14 + "…"
        #expect(lines.last == "3 rows × 2 columns")
        #expect(TableRenderer().plainText(for: table).contains(String(repeating: "long words ", count: 10).trimmingCharacters(in: .whitespaces)))
    }
}
