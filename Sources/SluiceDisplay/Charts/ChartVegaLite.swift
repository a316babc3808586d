import Foundation

/// A ``Chart`` as a Vega-Lite v5 specification with its data inline: JupyterLab draws it itself,
/// with tooltips, zoom and pan on scatter and line charts, in the theme's colours.
enum ChartVegaLite {
    static let mimeType = "application/vnd.vegalite.v5+json"

    static func specification(_ chart: Chart) -> String {
        var spec: [String: Any] = [
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "width": ChartSVG.plotWidth, "height": ChartSVG.plotHeight(chart),
        ]
        if !chart.title.isEmpty {
            spec["title"] = chart.note.map { ["text": chart.title, "subtitle": $0] as [String: Any] } ?? chart.title
        }
        let layers = zip(chart.layers, chart.colorOffsets).enumerated().map {
            self.layers($0.element.0, of: chart, colorOffset: $0.element.1, first: $0.offset == 0)
        }
        if layers.count == 1, layers[0].specs.count == 1 {
            spec["data"] = ["values": layers[0].values]
            spec.merge(layers[0].specs[0]) { $1 }
        } else {
            // Each layer with its data (a layer that brings its own keeps it).
            spec["layer"] = layers.flatMap { layer in
                layer.specs.map { $0["data"] == nil ? $0.merging(["data": ["values": layer.values]]) { $1 } : $0 }
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func axisType(_ axis: ChartAxis) -> String {
        switch axis.scale {
        case .linear: "quantitative"
        case .time: "temporal"
        case .band: "nominal"
        }
    }

    /// A value in Vega-Lite's units: milliseconds for time.
    private static func value(_ number: Double, _ axis: ChartAxis) -> Double {
        if case .time = axis.scale { return number / 1000 }
        return number
    }

    /// A field on an axis; `fixed` keeps a linear axis to the chart's range (bars measured against a
    /// threshold the range includes) where Vega-Lite would fit it to the data.
    private static func channel(_ field: String, _ axis: ChartAxis, zero: Bool = false, fixed: Bool = false) -> [String: Any] {
        var encoding: [String: Any] = ["field": field, "type": axisType(axis), "title": axis.title]
        switch axis.scale {
        case .time:
            encoding["scale"] = ["type": "utc"]
            // No ticks between whole seconds (Vega-Lite would label them ".500").
            encoding["axis"] = ["tickMinStep": 1000]
        case .band(let categories): encoding["sort"] = categories
        case .linear:
            // The SVG's domain: the range widened to round ticks.
            let domain = ChartSVG.ticks(axis).0
            encoding["scale"] = fixed ? ["domain": [domain.lowerBound, domain.upperBound]] : ["zero": zero]
        }
        return encoding
    }

    private static func layers(_ marks: Chart.Marks, of chart: Chart, colorOffset: Int, first: Bool)
        -> (values: [[String: Any]], specs: [[String: Any]]) {
        let (x, y) = (chart.x, chart.y)
        // One colour scale over every layer's series, in the legend's order, as the SVG colours them.
        let legend = chart.legend
        let color: [String: Any] = ["field": "series", "type": "nominal", "title": "",
                                    "scale": ["domain": legend.map(\.name), "range": legend.map(\.color)]]
        let ownColor = ChartPalette.color(colorOffset)
        switch marks {
        case .points(let series), .lines(let series, _):
            let values = series.flatMap { line in
                line.points.map { ["x": value($0.x, x), "y": value($0.y, y), "series": line.name] as [String: Any] }
            }
            var mark: [String: Any] = ["type": "point", "filled": true, "opacity": 0.7, "size": 24]
            if case .lines(_, let step) = marks { mark = ["type": "line", "interpolate": step ? "step-after" : "linear"] }
            var encoding: [String: Any] = ["x": channel("x", x), "y": channel("y", y),
                                           "tooltip": [channel("x", x), channel("y", y)]]
            if legend.isEmpty || series.allSatisfy(\.name.isEmpty) { mark["color"] = ownColor } else { encoding["color"] = color }
            // Reference lines (chance, y = x) dashed, each series its own line.
            encoding["detail"] = ["field": "series"]
            let references = series.filter(\.isReference).map(\.name)
            var main: [String: Any] = ["mark": mark, "encoding": encoding]
            // Zoom and pan, once per chart: on its first layer.
            if first { main["params"] = [["name": "zoom", "select": "interval", "bind": "scales"]] }
            if !references.isEmpty { main["transform"] = [["filter": ["not": ["field": "series", "oneOf": references]]]] }
            var specs = [main]
            if !references.isEmpty {
                specs.append(["mark": ["type": "line", "strokeDash": [4, 3], "color": ChartSeries.referenceColor],
                              "encoding": ["x": channel("x", x), "y": channel("y", y), "detail": ["field": "series"]],
                              "transform": [["filter": ["field": "series", "oneOf": Array(references)]]]])
            }
            return (values, specs)
        case .bars(let bars):
            let (category, amount) = chart.barsLieDown ? ("y", "x") : ("x", "y")
            let values = bars.map { [category: $0.category, amount: $0.value, "emphasized": $0.emphasized] as [String: Any] }
            let encoding: [String: Any] = ["x": channel("x", x, zero: true, fixed: true), "y": channel("y", y, zero: true, fixed: true),
                                           "color": ["condition": ["test": "datum.emphasized", "value": ChartBar.emphasisColor],
                                                     "value": ChartPalette.color(0)],
                                           "tooltip": [channel("x", x), channel("y", y)]]
            return (values, [["mark": "bar", "encoding": encoding]])
        case .histogram(let series):
            let values = series.flatMap { bins in
                bins.counts.enumerated().map { bin, count in
                    let low = bins.low + Double(bin) * bins.width
                    return ["low": value(low, x), "high": value(low + bins.width, x), "count": count, "series": bins.name] as [String: Any]
                }
            }
            var encoding: [String: Any] = [
                "x": channel("low", x).merging(["bin": ["binned": true]]) { $1 }, "x2": ["field": "high"],
                "y": ["field": "count", "type": "quantitative", "title": y.title, "stack": NSNull()],
                "tooltip": [channel("low", x), ["field": "high"], ["field": "count", "type": "quantitative"]],
            ]
            var mark: [String: Any] = ["type": "bar", "opacity": series.count > 1 ? 0.55 : 0.9]
            if legend.isEmpty { mark["color"] = ownColor } else { encoding["color"] = color }
            return (values, [["mark": mark, "encoding": encoding]])
        case .boxes(let boxes):
            let values = boxes.map {
                ["x": $0.category, "low": $0.lowerWhisker, "q1": $0.firstQuartile, "median": $0.median, "q3": $0.thirdQuartile,
                 "high": $0.upperWhisker, "count": $0.count] as [String: Any]
            }
            let category = channel("x", x)
            let number = { (field: String) -> [String: Any] in ["field": field, "type": "quantitative", "title": y.title, "scale": ["zero": false]] }
            let tooltip: [[String: Any]] = ["low", "q1", "median", "q3", "high", "count"].map { ["field": $0, "type": "quantitative"] }
            let outliers = boxes.flatMap { box in box.outliers.map { ["x": box.category, "value": $0] as [String: Any] } }
            return (values, [
                // Grey reads on the light and the dark theme's ground.
                ["mark": ["type": "rule", "color": "#888888"], "encoding": ["x": category, "y": number("low"), "y2": ["field": "high"]]],
                ["data": ["values": outliers], "mark": ["type": "point", "color": "#888888", "size": 12],
                 "encoding": ["x": category, "y": number("value")]],
                ["mark": ["type": "bar", "size": 28, "opacity": 0.5, "color": ChartPalette.color(0)],
                 "encoding": ["x": category, "y": number("q1"), "y2": ["field": "q3"], "tooltip": [category] + tooltip]],
                ["mark": ["type": "tick", "size": 28, "color": ChartPalette.color(1), "thickness": 2],
                 "encoding": ["x": category, "y": number("median")]],
            ])
        case .heatmap(let rows, let columns, let cells, let diverging):
            var values: [[String: Any]] = []
            for (row, line) in cells.enumerated() {
                for (column, cell) in line.enumerated() {
                    if let cell { values.append(["row": rows[row], "column": columns[column], "value": cell]) }
                }
            }
            let encoding: [String: Any] = [
                "x": ["field": "column", "type": "nominal", "title": x.title, "sort": columns],
                "y": ["field": "row", "type": "nominal", "title": y.title, "sort": rows],
            ]
            return (values, [
                ["mark": "rect", "encoding": encoding.merging([
                    "color": ["field": "value", "type": "quantitative", "title": "",
                              "scale": diverging.map { ["scheme": "redblue", "reverse": true, "domain": [$0.lowerBound, $0.upperBound]] as [String: Any] }
                                ?? ["scheme": "viridis"]],
                    "tooltip": [["field": "row"], ["field": "column"], ["field": "value", "type": "quantitative"]],
                ]) { $1 }],
                // Dark text on viridis' light end, light text on its dark end.
                ["mark": "text", "encoding": encoding.merging([
                    "text": ["field": "value", "type": "quantitative"],
                    "color": diverging.map { range -> [String: Any] in
                        // Dark text on the pale middle, light text on the deep ends.
                        let reach = (range.upperBound - range.lowerBound) * 0.3
                        let middle = (range.lowerBound + range.upperBound) / 2
                        return ["condition": ["test": "abs(datum.value - \(middle)) < \(reach)", "value": "#000000"], "value": "#ffffff"]
                    } ?? ["condition": ["test": "datum.value > \(midpoint(cells))", "value": "#000000"], "value": "#ffffff"],
                ]) { $1 }],
            ])
        }
    }

    /// The middle of the cells' range, where viridis turns light.
    private static func midpoint(_ cells: [[Double?]]) -> Double {
        let present = cells.flatMap { $0 }.compactMap { $0 }
        return ((present.min() ?? 0) + (present.max() ?? 0)) / 2
    }
}
