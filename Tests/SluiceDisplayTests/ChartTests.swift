import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SluiceData
import SluiceML
import Testing
@testable import SluiceDisplay

/// The elements of an SVG document, read with an XML parser: a chart that is not well-formed fails here.
private final class SVGElements: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var inText = false

    init(_ svg: String) throws {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse() else { throw CocoaError(.coderReadCorrupt) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        if name == "text" {
            inText = true
            texts.append("")
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { texts[texts.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { inText = false }
    }

    func count(_ name: String) -> Int { elements.filter { $0.name == name }.count }
}

@Suite("Charts")
struct ChartTests {
    private func table(_ csv: String) throws -> Table {
        try CSVReader.read(bytes: Array(csv.utf8), source: "t.csv").table
    }

    @Test("ticks are round: steps of 1, 2 or 5 times a power of ten, the range widened to them, thousands separated")
    func linearTicks() {
        let prices = ChartTicks.linear(326...18823)
        #expect(prices.ticks == [0, 5000, 10000, 15000, 20000])
        #expect(prices.ticks.map { ChartTicks.label($0, step: prices.step) } == ["0", "5,000", "10,000", "15,000", "20,000"])
        let carats = ChartTicks.linear(0.21...4.5)
        #expect(carats.ticks == [0, 1, 2, 3, 4, 5])
        let small = ChartTicks.linear(0.12...0.31)
        #expect(small.ticks.map { ChartTicks.label($0, step: small.step) } == ["0.10", "0.15", "0.20", "0.25", "0.30", "0.35"])
        #expect(ChartTicks.linear(7...7).ticks.contains(7))
    }

    @Test("time ticks fall on whole years, months or days, labelled as precisely as the unit")
    func timeTicks() {
        let day = Double(DateTimeParser.microsecondsPerDay)
        let years = ChartTicks.time(Double(DateTimeParser.days(year: 2012, month: 1, day: 1)!) * day ... Double(DateTimeParser.days(year: 2015, month: 12, day: 31)!) * day)
        #expect(years.map(\.label) == ["2012", "2013", "2014", "2015"])
        let months = ChartTicks.time(Double(DateTimeParser.days(year: 2024, month: 1, day: 15)!) * day ... Double(DateTimeParser.days(year: 2024, month: 6, day: 2)!) * day)
        #expect(months.map(\.label) == ["2024-02", "2024-03", "2024-04", "2024-05", "2024-06"])
        let hours = ChartTicks.time(0 ... 10 * 3_600e6)
        #expect(hours.map(\.label) == ["01-01 00:00", "01-01 03:00", "01-01 06:00", "01-01 09:00"])
    }

    @Test("a scatter plot is well-formed SVG in the theme's colours: a dot per point, round ticks, titles, a legend per colour")
    func scatterSVG() throws {
        let chart = try TableCharts.scatter(try table("x,y,g\n1,10,a\n2,20,b\n3,15,a\n4,,b\n"), x: "x", y: "y", color: "g")
        #expect(chart.note == "1 row with missing values left out")
        let svg = try SVGElements(chart.svg)
        #expect(svg.count("circle") == 3)
        #expect(svg.elements[0].attributes["style"]?.contains("color: var(--jp-ui-font-color1") == true)
        #expect(svg.elements[0].attributes["fill"] == "currentColor")
        // Text takes the theme's colour: no text is given a fixed one.
        #expect(svg.elements.filter { $0.name == "text" }.allSatisfy { $0.attributes["fill"] == nil })
        #expect(svg.texts.contains("y against x") && svg.texts.contains("x") && svg.texts.contains("y"))
        #expect(svg.texts.contains("10") && svg.texts.contains("20") && !svg.texts.contains("12.5"))
        #expect(svg.texts.contains("a") && svg.texts.contains("b"))
        #expect(svg.texts.contains("1 row with missing values left out"))
    }

    @Test("more than 5,000 points are drawn as a random sample of 5,000, and the chart says so")
    func sampling() throws {
        let csv = "x,y\n" + (0..<12_000).map { "\($0),\($0 % 7)" }.joined(separator: "\n") + "\n"
        let chart = try TableCharts.scatter(try table(csv), x: "x", y: "y", color: nil)
        guard case .points(let series) = chart.marks else { Issue.record("not points"); return }
        #expect(series[0].points.count == 5_000)
        #expect(Set(series[0].points.map(\.x)).count == 5_000)
        #expect(chart.note == "a random sample of 5,000 of 12,000 points")
        #expect(try SVGElements(chart.svg).count("title") == 1)  // the chart's own: no tooltip per point
    }

    @Test("a histogram counts every row in equal bins; a box plot has numpy's quartiles and matplotlib's whiskers")
    func histogramAndBoxes() throws {
        let values = [1.0, 2, 2, 3, 3, 3, 4, 4, 5, 40]
        let csv = "v,g\n" + values.map { "\($0),\($0 < 3 ? "low" : "high")" }.joined(separator: "\n") + "\n"
        let histogram = try TableCharts.histogram(try table(csv), x: "v", bins: 13, color: nil)
        guard case .histogram(let bins) = histogram.marks else { Issue.record("not a histogram"); return }
        #expect(bins[0].counts.reduce(0, +) == 10 && bins[0].counts.count == 13 && bins[0].low == 1 && bins[0].width == 3)
        #expect(bins[0].counts.first == 6 && bins[0].counts.last == 1)
        let box = ChartBox(category: "all", values: values)
        // numpy.percentile(values, [25, 50, 75]) = 2.25, 3.0, 4.0; whiskers within 1.5 IQR: 1 and 5; 40 an outlier.
        #expect(box.firstQuartile == 2.25 && box.median == 3 && box.thirdQuartile == 4)
        #expect(box.lowerWhisker == 1 && box.upperWhisker == 5 && box.outliers == [40])
        // Too many values beyond the whiskers to draw: 100 of them, spread over their ranks, the extremes kept.
        let crowded = ChartBox(category: "c", values: Array(repeating: 0, count: 2000) + (1...500).map { Double(1000 + $0) })
        #expect(crowded.outlierCount == 500 && crowded.outliers.count == 100)
        #expect(crowded.outliers.first == 1001 && crowded.outliers.last == 1500 && crowded.extent == 0...1500)
        let boxes = try TableCharts.box(try table(csv), y: "v", by: "g")
        guard case .boxes(let drawn) = boxes.marks else { Issue.record("not boxes"); return }
        #expect(drawn.map(\.category) == ["high", "low"])
        #expect(try SVGElements(boxes.svg).count("rect") == 2)
    }

    @Test("the Vega-Lite specification holds the data and encodes the axes as the SVG does")
    func vegaLite() throws {
        let chart = try TableCharts.bar(try table("cut,n\nIdeal,21551\nFair,1610\n"), x: "cut", y: "n")
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(chart.vegaLite.utf8)) as? [String: Any])
        #expect(spec["$schema"] as? String == "https://vega.github.io/schema/vega-lite/v5.json")
        #expect(spec["mark"] as? String == "bar")
        let values = (spec["data"] as? [String: Any])?["values"] as? [[String: Any]]
        #expect(values?.count == 2 && values?.first?["x"] as? String == "Ideal")
        let x = (spec["encoding"] as? [String: Any])?["x"] as? [String: Any]
        #expect(x?["sort"] as? [String] == ["Ideal", "Fair"] && x?["type"] as? String == "nominal")
        #expect(chart.bundle.data.keys.sorted() == ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"])
    }

    @Test("a crosstab draws as a heat map with its counts written in the cells, in text of the right contrast")
    func heatmap() throws {
        let chart = try TableCharts.heatmap(try table("species,Biscoe,Dream\nAdelie,44,56\nGentoo,124,0\n"))
        let svg = try SVGElements(chart.svg)
        #expect(svg.count("rect") == 4)
        #expect(["44", "56", "124", "0"].allSatisfy(svg.texts.contains))
        // Text on the darkest cell (0) is white, on the lightest (124) black.
        let cellTexts = svg.elements.filter { $0.name == "text" && $0.attributes["fill"] != nil }
        #expect(cellTexts.count == 4)
        #expect(chart.text.contains("Gentoo") && chart.text.contains("124"))
    }

    @Test("columns a chart cannot draw are errors that name them")
    func problems() throws {
        let t = try table("name,v\na,1\nb,2\n")
        #expect(throws: TableCharts.Problem(message: "`name` is text; this axis needs numbers or datetimes", column: "name")) {
            try TableCharts.scatter(t, x: "name", y: "v", color: nil)
        }
        #expect(throws: TableCharts.Problem(message: "unknown column `w`", column: "w")) { try TableCharts.line(t, x: "v", y: "w", color: nil) }
    }

    @Test("the evaluation, tuning and describe charts take the theme's colour too: no text or axis in a fixed dark colour")
    func olderChartsFollowTheTheme() throws {
        let column = Column(name: "v", values: .float([1, 2, 2, 3, 9], missing: MissingMask()))
        let svgs = [
            EvaluationCharts.curves([("ROC", [(0, 0), (0.2, 0.7), (1, 1)])], title: "ROC curve", x: "false positive rate", y: "true positive rate", chance: true).svg,
            EvaluationCharts.actualAgainstPredicted([("", [(1, 2), (2, 3)])]).svg,
            EvaluationCharts.confusion([[5, 1], [2, 7]], labels: ["no", "yes"]).svg,
            SVGCharts.histogram(column.profile().numeric!.histogram),
            SVGCharts.topValues([ValueCount(value: "a", count: 3)], total: 5),
        ] + TrainingCharts.curves(try JSONDecoder().decode([EvaluationRecord].self, from: Data(
                #"[{"round": 1, "training": 0.6, "validation": 0.7}, {"round": 2, "training": 0.5, "validation": 0.65}]"#.utf8)),
                metric: "auc", loss: "logloss").map(\.svg)
        for svg in svgs {
            let parsed = try SVGElements(svg)
            #expect(parsed.elements[0].attributes["style"]?.contains("var(--jp-ui-font-color1") == true, "\(svg.prefix(120))")
            let fixedDark = parsed.elements.filter { element in
                ["fill", "stroke"].contains { ["#000", "#222", "#333", "#444", "#999"].contains(element.attributes[$0] ?? "") }
                    // A heat map's cell text takes black or white by its cell's colour.
                    && !(element.name == "text" && parsed.elements.contains { $0.name == "rect" && $0.attributes["fill"]?.hasPrefix("#") == true })
            }
            #expect(fixedDark.isEmpty, "\(fixedDark.map { $0.name }) in \(svg.prefix(120))")
        }
    }

    @Test("an ROC curve has round ticks on both axes, a legend and the chance diagonal grey and dashed; the confusion matrix writes its counts")
    func evaluationCharts() throws {
        let roc = try SVGElements(EvaluationCharts.curves([("ROC (AUC 0.85)", [(0, 0), (0.1, 0.6), (0.4, 0.9), (1, 1)])], title: "ROC curve",
                                                          x: "false positive rate", y: "true positive rate", chance: true).svg)
        #expect(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"].allSatisfy(roc.texts.contains))
        #expect(roc.texts.contains("ROC (AUC 0.85)") && roc.texts.contains("chance"))
        let dashed = roc.elements.filter { $0.name == "path" && $0.attributes["stroke-dasharray"] != nil }
        #expect(dashed.count == 1 && dashed[0].attributes["stroke"] == "currentColor")
        let confusion = try SVGElements(EvaluationCharts.confusion([[937, 98], [191, 183]], labels: ["No", "Yes"]).svg)
        #expect(["937", "98", "191", "183", "predicted", "actual"].allSatisfy(confusion.texts.contains))
    }

    @Test("the training curves: the loss and the validation metric each on its own axes, by whole rounds")
    func trainingCurves() throws {
        let log = try JSONDecoder().decode([EvaluationRecord].self, from: Data(
            #"[{"round": 1, "training": 0.6, "validation": 0.7}, {"round": 2, "training": 0.5, "validation": 0.65}, {"round": 3, "training": 0.45, "validation": 0.66}]"#.utf8))
        let charts = TrainingCharts.curves(log, metric: "auc", loss: "logloss")
        #expect(charts.map(\.title) == ["training logloss", "validation auc"])
        let svg = try SVGElements(charts[0].svg)
        #expect(["1", "2", "3", "round"].allSatisfy(svg.texts.contains) && !svg.texts.contains("1.5"))
        #expect(TrainingCharts.curves(log.map { var r = $0; r.validation = nil; return r }, metric: "auc", loss: "logloss").count == 1)
    }

    @Test("importance lies down: a bar per feature from zero, the largest at the top, its name on the y axis; Vega-Lite puts the names on y")
    func lyingBars() throws {
        let chart = ImportanceCharts.shares([("contract", 0.6), ("tenure", 0.3), ("charges", 0.1)], title: "Importance", axis: "share (%)")
        let svg = try SVGElements(chart.svg)
        let bars = svg.elements.filter { $0.name == "rect" && $0.attributes["height"] != "10" }
        #expect(bars.count == 3)
        let widths = bars.compactMap { Double($0.attributes["width"] ?? "") }, tops = bars.compactMap { Double($0.attributes["y"] ?? "") }
        #expect(abs(widths[0] / widths[1] - 2) < 1e-6 && abs(widths[0] / widths[2] - 6) < 1e-6)
        #expect(tops[0] < tops[1] && tops[1] < tops[2])
        #expect(Set(bars.map { $0.attributes["x"] }).count == 1)
        #expect(["contract", "tenure", "charges", "share (%)"].allSatisfy(svg.texts.contains))
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(chart.vegaLite.utf8)) as? [String: Any])
        let y = (spec["encoding"] as? [String: Any])?["y"] as? [String: Any]
        #expect(y?["type"] as? String == "nominal" && y?["sort"] as? [String] == ["contract", "tenure", "charges"])
        let values = (spec["data"] as? [String: Any])?["values"] as? [[String: Any]]
        #expect(values?.first?["y"] as? String == "contract" && values?.first?["x"] as? Double == 60)
        #expect(chart.text.contains("contract │") && chart.text.contains(" 60"))
    }

    @Test("an emphasized bar (drift past its threshold) is red in SVG and Vega-Lite; the others keep the palette")
    func emphasizedBars() throws {
        let chart = Chart(title: "Drift", x: ChartAxis(title: "L∞ distance", scale: .linear(0...0.5)), y: ChartAxis(title: "", scale: .band(["a", "b"])),
                          marks: .bars([ChartBar(category: "a", value: 0.4, emphasized: true), ChartBar(category: "b", value: 0.05)]))
        let bars = try SVGElements(chart.svg).elements.filter { $0.name == "rect" }
        #expect(bars.map { $0.attributes["fill"] } == ["#d62728", nil])
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(chart.vegaLite.utf8)) as? [String: Any])
        let color = (spec["encoding"] as? [String: Any])?["color"] as? [String: Any]
        #expect((color?["condition"] as? [String: Any])?["value"] as? String == "#d62728" && color?["value"] as? String == "#1f77b4")
        // Measured against the chart's range (which holds the threshold), not fitted to the bars.
        let x = (spec["encoding"] as? [String: Any])?["x"] as? [String: Any]
        #expect((x?["scale"] as? [String: Any])?["domain"] as? [Double] == [0, 0.5])
    }

    @Test("a line drawn again as points is one series: one colour and one legend entry, and the zoom is bound once")
    func lineWithItsPoints() throws {
        let auc = ChartSeries(name: "auc", points: [ChartPoint(0, 0.8), ChartPoint(1, 0.7)])
        let reference = ChartSeries(name: "held out", points: [ChartPoint(0, 0.83), ChartPoint(1, 0.83)], isReference: true)
        let chart = Chart(title: "auc over time", x: ChartAxis(title: "window", scale: .linear(0...1)), y: ChartAxis(title: "auc", scale: .linear(0.6...0.9)),
                          marks: .lines([auc], step: false), overlays: [.points([auc]), .lines([reference], step: false)])
        #expect(chart.legend.map(\.name) == ["auc", "held out"])
        #expect(chart.legend.map(\.color) == [ChartPalette.color(0), ChartSeries.referenceColor])
        #expect(chart.colorOffsets == [0, 0, 1])
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(chart.vegaLite.utf8)) as? [String: Any])
        let layers = try #require(spec["layer"] as? [[String: Any]])
        #expect(layers.filter { $0["params"] != nil }.count == 1)
        // The points' group is in the line's colour.
        let groups = try SVGElements(chart.svg).elements.filter { $0.name == "g" && $0.attributes["fill-opacity"] == "0.7" }
        #expect(groups.map { $0.attributes["fill"] } == [ChartPalette.color(0)])
    }
}
