import SluiceData

/// A chart, described once and drawn three ways: SVG that takes the notebook theme's colours,
/// a Vega-Lite specification that JupyterLab renders interactively, and text for terminals.
public struct Chart: Sendable, Equatable {
    /// The marks and the data they show.
    public enum Marks: Sendable, Equatable {
        /// A dot per (x, y), one colour per series.
        case points([ChartSeries])
        /// A line through each series' points in the order of x; `step` holds each value until the next
        /// (a quantity that steps, such as a best-so-far).
        case lines([ChartSeries], step: Bool)
        /// One bar per category: upright when the x axis is a band of the categories, lying down (the
        /// first at the top) when the y axis is.
        case bars([ChartBar])
        /// Counts in equal-width bins, one colour per series, bars overlaid.
        case histogram([ChartBins])
        /// A box per category: quartiles, whiskers at the furthest values within 1.5 IQR, outliers.
        case boxes([ChartBox])
        /// A value per (row, column) cell, coloured on one scale and written in the cell: viridis over the
        /// values' range, or, with a `diverging` range (correlations: -1...1), blue below its middle and
        /// red above it.
        case heatmap(rows: [String], columns: [String], values: [[Double?]], diverging: ClosedRange<Double>? = nil)
    }

    public var title: String
    public var x: ChartAxis
    public var y: ChartAxis
    public var marks: Marks
    /// Marks drawn over the first on the same axes: a best-so-far line over trials' dots.
    public var overlays: [Marks]
    /// What was done to draw a large table faithfully ("5,000 of 53,940 rows, an even sample"), shown
    /// under the chart.
    public var note: String?

    public init(title: String, x: ChartAxis, y: ChartAxis, marks: Marks, overlays: [Marks] = [], note: String? = nil) {
        self.title = title
        self.x = x
        self.y = y
        self.marks = marks
        self.overlays = overlays
        self.note = note
    }

    /// Whether bars lie along the x axis, their categories down the y axis.
    var barsLieDown: Bool { if case .band = y.scale { true } else { false } }

    /// Every layer of marks, the first first.
    var layers: [Marks] { [marks] + overlays }

    /// The names of the series of each layer, and whether each is a reference line; the series take
    /// the palette's colours in this order (a reference line grey).
    var seriesNames: [[(name: String, isReference: Bool)]] {
        layers.map { marks in
            switch marks {
            case .points(let series), .lines(let series, _): series.map { ($0.name, $0.isReference) }
            case .histogram(let bins): bins.map { ($0.name, false) }
            case .bars, .boxes, .heatmap: []
            }
        }
    }

    /// Where each layer's colours start in the palette. A layer that draws again a series an earlier one drew (the
    /// points over a line) takes that series' colour.
    var colorOffsets: [Int] {
        var offsets: [Int] = [], total = 0, first: [String: Int] = [:]
        for names in seriesNames {
            if let name = names.first?.name, let earlier = first[name] {
                offsets.append(earlier)
                continue
            }
            offsets.append(total)
            for (index, series) in names.enumerated() where first[series.name] == nil { first[series.name] = total + index }
            total += names.count
        }
        return offsets
    }

    /// The legend's entries: each named series' name and colour.
    var legend: [(name: String, color: String)] {
        // A series drawn in two layers (a line and its points) is one entry, in its first layer's colour.
        var seen = Set<String>(), entries: [(name: String, color: String)] = []
        for (layer, offset) in zip(seriesNames, colorOffsets) {
            for (index, series) in layer.enumerated() where !series.name.isEmpty && seen.insert(series.name).inserted {
                entries.append((series.name, series.isReference ? ChartSeries.referenceColor : ChartPalette.color(offset + index)))
            }
        }
        return entries
    }
}

/// An axis: its title and how values map onto it.
public struct ChartAxis: Sendable, Equatable {
    public enum Scale: Sendable, Equatable {
        /// Numbers from low to high.
        case linear(ClosedRange<Double>)
        /// Datetimes (microseconds since 1970) from low to high.
        case time(ClosedRange<Double>)
        /// Categories, one band each, in this order.
        case band([String])
    }

    public var title: String
    public var scale: Scale
    /// Whether the values are counts or numbers of things (trials, rounds): ticks fall on whole numbers.
    public var wholeNumbers: Bool

    public init(title: String, scale: Scale, wholeNumbers: Bool = false) {
        self.title = title
        self.scale = scale
        self.wholeNumbers = wholeNumbers
    }
}

/// Points of one colour: a series of a scatter or line chart.
public struct ChartSeries: Sendable, Equatable {
    /// The legend's name for it; empty for a chart of one series.
    public var name: String
    public var points: [ChartPoint]
    /// A line to read the data against (chance, y = x, zero), drawn grey and dashed.
    public var isReference: Bool

    public init(name: String, points: [ChartPoint], isReference: Bool = false) {
        self.name = name
        self.points = points
        self.isReference = isReference
    }

    /// A reference line's grey, which reads on light and dark grounds.
    static let referenceColor = "#888888"
}

/// A point of a chart, in the axes' units.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A category's bar.
public struct ChartBar: Sendable, Equatable {
    public var category: String
    public var value: Double
    /// Past a limit (drift beyond its threshold): drawn red.
    public var emphasized: Bool

    public init(category: String, value: Double, emphasized: Bool = false) {
        self.category = category
        self.value = value
        self.emphasized = emphasized
    }

    /// The red of emphasized bars, which reads on light and dark grounds.
    static let emphasisColor = "#d62728"
}

/// A series of a histogram: counts in bins of equal width from `low`.
public struct ChartBins: Sendable, Equatable {
    public var name: String
    public var low: Double
    public var width: Double
    public var counts: [Int]

    public init(name: String, low: Double, width: Double, counts: [Int]) {
        self.name = name
        self.low = low
        self.width = width
        self.counts = counts
    }
}

/// A category's box: quartiles (linear interpolation, as numpy), whiskers at the furthest values
/// within 1.5 IQR of the box, and the values beyond them (at most ``outlierLimit`` of them, spread
/// evenly over their ranks, the extremes always among them).
public struct ChartBox: Sendable, Equatable {
    public var category: String
    public var lowerWhisker: Double
    public var firstQuartile: Double
    public var median: Double
    public var thirdQuartile: Double
    public var upperWhisker: Double
    public var outliers: [Double]
    /// How many values lie beyond the whiskers (more than `outliers` holds when there were too many to draw).
    public var outlierCount: Int
    /// How many values the box summarises.
    public var count: Int

    /// The most outliers a box draws.
    public static let outlierLimit = 100

    /// The lowest and highest value drawn: whiskers and outliers.
    var extent: ClosedRange<Double> {
        min(lowerWhisker, outliers.first ?? lowerWhisker)...max(upperWhisker, outliers.last ?? upperWhisker)
    }

    /// The box of `values` (at least one), as matplotlib's `boxplot` draws it.
    public init(category: String, values: [Double]) {
        let sorted = values.sorted()
        self.category = category
        let q1 = quantile(sorted, 0.25), q3 = quantile(sorted, 0.75)
        let reach = 1.5 * (q3 - q1)
        let inside = sorted.filter { $0 >= q1 - reach && $0 <= q3 + reach }
        let low = inside.first ?? q1, high = inside.last ?? q3
        firstQuartile = q1
        median = quantile(sorted, 0.5)
        thirdQuartile = q3
        lowerWhisker = low
        upperWhisker = high
        let beyond = sorted.filter { $0 < low || $0 > high }
        outlierCount = beyond.count
        outliers = beyond.count <= Self.outlierLimit ? beyond
            : (0..<Self.outlierLimit).map { beyond[$0 * (beyond.count - 1) / (Self.outlierLimit - 1)] }
        count = sorted.count
    }
}

/// The colours of series, matplotlib's default cycle (tab10), which reads on light and dark grounds.
enum ChartPalette {
    static let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                         "#bcbd22", "#17becf"]

    static func color(_ index: Int) -> String { colors[index % colors.count] }
}

extension Chart {
    /// The chart as SVG in the notebook theme's colours.
    public var svg: String { ChartSVG(self).svg }

    /// The chart's Vega-Lite v5 specification, data inline.
    public var vegaLite: String { ChartVegaLite.specification(self) }

    /// The chart in text, for terminals.
    public var text: String { ChartText.render(self) }

    /// Text, SVG (for nbconvert, GitHub and anything without Vega) and Vega-Lite, which JupyterLab
    /// prefers and draws interactively.
    public var bundle: MimeBundle {
        MimeBundle(plainText: text).adding("image/svg+xml", svg).adding(ChartVegaLite.mimeType, vegaLite)
    }

    /// A web page of the chart: interactive through Vega-Embed when its scripts load (from the jsDelivr
    /// CDN), the SVG otherwise (offline, or with scripts blocked).
    public var html: String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(escapeHTML(title))</title>
        <script src="https://cdn.jsdelivr.net/npm/vega@5"></script>
        <script src="https://cdn.jsdelivr.net/npm/vega-lite@5"></script>
        <script src="https://cdn.jsdelivr.net/npm/vega-embed@6"></script>
        </head><body>
        <div id="chart">\(svg)</div>
        <script>
        if (window.vegaEmbed) { vegaEmbed("#chart", \(vegaLite.replacingOccurrences(of: "</", with: "<\\/")), { actions: false }); }
        </script>
        </body></html>

        """
    }
}
