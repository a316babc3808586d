import Foundation
import SluiceData
import SluiceDisplay
import Testing
@testable import SluiceLang

@Suite("plot")
struct PlotTests {
    private let csv = "carat,price,cut,when\n0.3,400,Ideal,2024-01-01\n0.5,900,Good,2024-02-01\n1.1,5000,Ideal,2024-03-01\n,300,Fair,2024-04-01\n"

    private func session() throws -> Session {
        let session = try GoldenTables.session(with: ["d.csv": csv])
        try session.run("let d = load \"d.csv\"", sourceName: "load", sink: RecordingSink())
        return session
    }

    private func chart(_ session: Session, _ source: String) throws -> Chart? {
        guard case .chart(let chart)? = try session.run(source, sourceName: "cell", sink: RecordingSink()) else { return nil }
        return chart
    }

    @Test("each kind of chart is a value with the table's data, shown as text, SVG and Vega-Lite")
    func kinds() throws {
        let session = try session()
        let scatter = try #require(try chart(session, "d | plot scatter carat price color cut"))
        guard case .points(let series) = scatter.marks else { Issue.record("not points"); return }
        #expect(series.map(\.name) == ["Good", "Ideal"] && series.map(\.points.count) == [1, 2])
        #expect(scatter.note == "1 row with missing values left out")
        let line = try #require(try chart(session, "d | plot line when price"))
        #expect(line.x.scale == .time(Double(19723) * 86_400e6 ... Double(19814) * 86_400e6))
        let bars = try #require(try chart(session, "d | count by cut | plot bar cut n"))
        #expect(bars.marks == .bars([ChartBar(category: "Ideal", value: 2), ChartBar(category: "Fair", value: 1), ChartBar(category: "Good", value: 1)]))
        let histogram = try #require(try chart(session, "d | plot histogram price bins 4"))
        guard case .histogram(let bins) = histogram.marks else { Issue.record("not a histogram"); return }
        #expect(bins[0].counts == [3, 0, 0, 1])
        let boxes = try #require(try chart(session, "d | plot box price by cut"))
        guard case .boxes(let drawn) = boxes.marks else { Issue.record("not boxes"); return }
        #expect(drawn.map(\.category) == ["Fair", "Good", "Ideal"] && drawn[2].median == 2700)
        let heatmap = try #require(try chart(session, "d | crosstab cut by when | plot heatmap"))
        guard case .heatmap(let rows, let columns, _, _) = heatmap.marks else { Issue.record("not a heat map"); return }
        #expect(rows == ["Fair", "Good", "Ideal"] && columns.count == 4)
        let shown = Value.chart(scatter).displayBundles()[0]
        #expect(shown.data["image/svg+xml"]?.hasPrefix("<svg") == true)
        #expect(shown.data["application/vnd.vegalite.v5+json"]?.contains("\"$schema\"") == true)
        #expect(shown.plainText.hasPrefix("price against carat"))
    }

    @Test("a chart is saved as SVG or as a web page; another kind of file is an error that says which")
    func saving() throws {
        let session = try session()
        let sink = RecordingSink()
        try session.run("let p = d | plot scatter carat price\nsave p to \"out/p.svg\"\nsave p to \"out/p.html\"", sourceName: "cell", sink: sink)
        let svg = try String(contentsOfFile: session.workingDirectory + "/out/p.svg", encoding: .utf8)
        let html = try String(contentsOfFile: session.workingDirectory + "/out/p.html", encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(html.contains("<svg") && html.contains("vegaEmbed(\"#chart\", {"))
        #expect(sink.written.map(\.0) == ["saved the chart \"price against carat\" to out/p.svg\n", "saved the chart \"price against carat\" to out/p.html\n"])
        let error = #expect(throws: SluiceError.self) { try session.run("save p to \"p.png\"", sourceName: "cell", sink: RecordingSink()) }
        #expect(error?.summary == "a chart is saved as .svg or .html")
    }

    @Test("unknown kinds, columns of the wrong kind and impossible bins are errors that name them")
    func errors() throws {
        let session = try session()
        #expect(Parser.parse("d | plot pie cut").diagnostics.first?.message == "expected the kind of chart after `plot`")
        #expect(Parser.parse("d | plot box price cut").diagnostics.first?.message == "expected `by` and the column of the boxes")
        let kind = #expect(throws: SluiceError.self) { try session.run("d | plot scatter cut price", sourceName: "cell", sink: RecordingSink()) }
        #expect(kind?.summary == "`cut` is text; this axis needs numbers or datetimes")
        let unknown = #expect(throws: SluiceError.self) { try session.run("d | plot scatter carat prise", sourceName: "cell", sink: RecordingSink()) }
        #expect(unknown?.summary == "unknown column `prise`")
        let bins = #expect(throws: SluiceError.self) { try session.run("d | plot histogram price bins 0", sourceName: "cell", sink: RecordingSink()) }
        #expect(bins?.summary == "`bins` must be from 1 to 500")
        let heatmap = #expect(throws: SluiceError.self) { try session.run("d | select [cut, when] | plot heatmap", sourceName: "cell", sink: RecordingSink()) }
        #expect(heatmap?.summary == "`when` is datetime; a heat map's columns after the first must be numbers")
    }
}
