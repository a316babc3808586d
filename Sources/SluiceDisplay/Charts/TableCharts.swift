import SluiceData

/// Charts of a table's columns, for `plot`. A large table is drawn faithfully without thousands of
/// marks, and the chart says how: a scatter plot draws a random sample of 5,000 points, a line chart
/// the lowest and highest value in each of 1,000 slices of x, a histogram bins, a box plot summarises.
public enum TableCharts {
    /// The most points a scatter plot draws.
    public static let pointLimit = 5_000
    /// The most series (values of a `color` column) and categories a chart shows.
    public static let seriesLimit = 10, categoryLimit = 60

    /// Why a chart cannot be drawn: a column that is missing or of a kind the chart cannot show.
    public struct Problem: Error, Equatable {
        public var message: String
        /// The column at fault, if one is.
        public var column: String?
    }

    // MARK: - Charts

    /// y against x, a colour per value of `color`.
    public static func scatter(_ table: Table, x: String, y: String, color: String?) throws(Problem) -> Chart {
        var (rows, notes) = try presentRows(table, [x, y] + (color.map { [$0] } ?? []))
        if rows.count > pointLimit {
            let total = rows.count
            var generator = SeededGenerator(seed: 0)
            rows = generator.permutation(of: rows.count).prefix(pointLimit).sorted().map { rows[$0] }
            notes.append("a random sample of \(formatCount(pointLimit)) of \(formatCount(total)) points")
        }
        let (xs, ys) = (try positions(table, x, axis: true), try positions(table, y, axis: true))
        let series = try groups(table, rows: rows, by: color).map { name, members in
            ChartSeries(name: name, points: members.map { ChartPoint(xs.values[$0], ys.values[$0]) })
        }
        return Chart(title: "\(y) against \(x)", x: axis(x, xs, rows), y: axis(y, ys, rows), marks: .points(series),
                     note: note(notes))
    }

    /// y over x, a line per value of `color`, each in the order of x.
    public static func line(_ table: Table, x: String, y: String, color: String?) throws(Problem) -> Chart {
        let (rows, notes) = try presentRows(table, [x, y] + (color.map { [$0] } ?? []))
        let (xs, ys) = (try positions(table, x, axis: true), try positions(table, y, axis: true))
        var thinned = false
        let series = try groups(table, rows: rows, by: color).map { name, members -> ChartSeries in
            var points = members.map { ChartPoint(xs.values[$0], ys.values[$0]) }.sorted { $0.x < $1.x }
            if points.count > 2 * 1_000 {
                points = envelope(points, slices: 1_000)
                thinned = true
            }
            return ChartSeries(name: name, points: points)
        }
        let all = notes + (thinned ? ["drawn through the lowest and highest value in each of 1,000 slices of \(x)"] : [])
        return Chart(title: "\(y) over \(x)", x: axis(x, xs, rows), y: axis(y, ys, rows), marks: .lines(series, step: false),
                     note: note(all))
    }

    /// A bar of y for each row's x (a category).
    public static func bar(_ table: Table, x: String, y: String) throws(Problem) -> Chart {
        var (rows, notes) = try presentRows(table, [x, y])
        let ys = try positions(table, y, axis: false)
        if rows.count > categoryLimit {
            notes.append("the first \(categoryLimit) of \(formatCount(rows.count)) rows")
            rows = Array(rows.prefix(categoryLimit))
        }
        let labels = column(table, x)
        let bars = rows.map { ChartBar(category: labels.formattedValue(at: $0) ?? "", value: ys.values[$0]) }
        let values = bars.map(\.value)
        return Chart(title: "\(y) by \(x)", x: ChartAxis(title: x, scale: .band(bars.map(\.category))),
                     y: ChartAxis(title: y, scale: .linear(min(0, values.min() ?? 0)...max(0, values.max() ?? 1))),
                     marks: .bars(bars), note: note(notes))
    }

    /// Counts of x in `bins` equal-width bins over its range, a series per value of `color` (overlaid).
    public static func histogram(_ table: Table, x: String, bins: Int, color: String?) throws(Problem) -> Chart {
        let (rows, notes) = try presentRows(table, [x] + (color.map { [$0] } ?? []))
        let xs = try positions(table, x, axis: true)
        let values = rows.map { xs.values[$0] }
        var low = values.min() ?? 0, high = values.max() ?? 1
        var width = high > low ? (high - low) / Double(bins) : 1
        let day = Double(DateTimeParser.microsecondsPerDay)
        if xs.isTime, width >= day {
            // Bins of whole days from a midnight, so that their edges are dates.
            low = (low / day).rounded(.down) * day
            width = ((high - low) / Double(bins) / day).rounded(.up) * day
            high = max(high, low + width * Double(bins) - 1)
        }
        let series = try groups(table, rows: rows, by: color).map { name, members -> ChartBins in
            var counts = [Int](repeating: 0, count: high > low ? bins : 1)
            for row in members { counts[min(counts.count - 1, Int((xs.values[row] - low) / width))] += 1 }
            return ChartBins(name: name, low: low, width: width, counts: counts)
        }
        let peak = series.flatMap(\.counts).max() ?? 1
        let scale: ChartAxis.Scale = xs.isTime ? .time(low...(low + width * Double(series.first?.counts.count ?? 1)))
            : .linear(low...(low + width * Double(series.first?.counts.count ?? 1)))
        return Chart(title: "\(x), \(bins) bins", x: ChartAxis(title: x, scale: scale),
                     y: ChartAxis(title: "rows", scale: .linear(0...Double(max(peak, 1)))), marks: .histogram(series), note: note(notes))
    }

    /// A box of y for each value of `by`, in ascending order of the values.
    public static func box(_ table: Table, y: String, by: String) throws(Problem) -> Chart {
        var (rows, notes) = try presentRows(table, [y, by])
        let ys = try positions(table, y, axis: false)
        let boxes = try groups(table, rows: rows, by: by, limit: categoryLimit).map { name, members in
            ChartBox(category: name, values: members.map { ys.values[$0] })
        }
        if let crowded = boxes.first(where: { $0.outlierCount > $0.outliers.count }) {
            notes.append("of the values beyond the whiskers, at most \(ChartBox.outlierLimit) a box are drawn (\(crowded.category) has \(formatCount(crowded.outlierCount)))")
        }
        let low = boxes.map(\.extent.lowerBound).min() ?? 0, high = boxes.map(\.extent.upperBound).max() ?? 1
        return Chart(title: "\(y) by \(by)", x: ChartAxis(title: by, scale: .band(boxes.map(\.category))),
                     y: ChartAxis(title: y, scale: .linear(low...high)), marks: .boxes(boxes), note: note(notes))
    }

    /// The table as a heat map: its first column names the rows, its other (numeric) columns are the
    /// columns, as `crosstab` makes them.
    public static func heatmap(_ table: Table) throws(Problem) -> Chart {
        guard let labels = table.columns.first, table.columnCount >= 2 else {
            throw Problem(message: "a heat map needs a column of row names and at least one column of numbers, as crosstab makes")
        }
        let numeric = Array(table.columns.dropFirst())
        for column in numeric where !column.kind.isNumeric && column.kind != .boolean {
            throw Problem(message: "`\(column.name)` is \(column.kind.rawValue); a heat map's columns after the first must be numbers", column: column.name)
        }
        var notes: [String] = []
        let rowCount = min(table.rowCount, categoryLimit), columnCount = min(numeric.count, categoryLimit)
        if rowCount < table.rowCount { notes.append("the first \(categoryLimit) of \(formatCount(table.rowCount)) rows") }
        if columnCount < numeric.count { notes.append("the first \(categoryLimit) of \(formatCount(numeric.count)) columns") }
        let rows = (0..<rowCount).map { labels.formattedValue(at: $0) ?? "null" }
        let columns = numeric.prefix(columnCount).map(\.name)
        let values = (0..<rowCount).map { row in numeric.prefix(columnCount).map { column -> Double? in
            switch column.values {
            case _ where column.isMissing(row): nil
            case .integer(let values, _): Double(values[row])
            case .float(let values, _): values[row]
            case .boolean(let values, _): values[row] ? 1 : 0
            default: nil
            }
        } }
        return Chart(title: numeric.count == 1 ? "\(numeric[0].name) by \(labels.name)" : labels.name,
                     x: ChartAxis(title: "", scale: .band(columns)), y: ChartAxis(title: labels.name, scale: .band(rows)),
                     marks: .heatmap(rows: rows, columns: columns, values: values), note: note(notes))
    }

    // MARK: - Helpers

    private static func column(_ table: Table, _ name: String) -> Column { table.column(named: name)! }

    /// The rows where every one of `names` has a value, and a note of how many were left out.
    private static func presentRows(_ table: Table, _ names: [String]) throws(Problem) -> ([Int], [String]) {
        var columns: [Column] = []
        for name in names {
            guard let column = table.column(named: name) else {
                throw Problem(message: "unknown column `\(name)`", column: name)
            }
            columns.append(column)
        }
        let masks = columns.map(\.missingMask)
        let rows = (0..<table.rowCount).filter { row in !masks.contains { $0.isMissing(row) } }
        guard !rows.isEmpty else { throw Problem(message: "there is no row with a value in every one of \(names.map { "`\($0)`" }.joined(separator: ", "))") }
        let left = table.rowCount - rows.count
        return (rows, left == 0 ? [] : ["\(formatCount(left)) row\(left == 1 ? "" : "s") with missing values left out"])
    }

    /// A column's values as positions on an axis: numbers, booleans as 0 and 1, datetimes (on a time
    /// axis, when `axis` allows one).
    private static func positions(_ table: Table, _ name: String, axis: Bool) throws(Problem) -> (values: [Double], isTime: Bool) {
        let column = column(table, name)
        switch column.values {
        case .integer(let values, _): return (values.map(Double.init), false)
        case .float(let values, _): return (values, false)
        case .boolean(let values, _): return (values.map { $0 ? 1 : 0 }, false)
        case .datetime(let values, _) where axis: return (values.map(Double.init), true)
        default:
            throw Problem(message: "`\(name)` is \(column.kind.rawValue); this axis needs numbers\(axis ? " or datetimes" : "")", column: name)
        }
    }

    private static func axis(_ name: String, _ positions: (values: [Double], isTime: Bool), _ rows: [Int]) -> ChartAxis {
        let values = rows.map { positions.values[$0] }
        let range = (values.min() ?? 0)...(values.max() ?? 1)
        return ChartAxis(title: name, scale: positions.isTime ? .time(range) : .linear(range))
    }

    /// The rows by the value of `column` (ascending, as `group by`), or all of them as one unnamed group.
    private static func groups(_ table: Table, rows: [Int], by name: String?, limit: Int = seriesLimit) throws(Problem) -> [(String, [Int])] {
        guard let name else { return [("", rows)] }
        let column = column(table, name)
        guard let grouping = try? Table(columns: [column.gathering(rows)]).grouping(by: [name]) else { return [("", rows)] }
        guard grouping.count <= limit else {
            throw Problem(message: "`\(name)` has \(formatCount(grouping.count)) values; a chart tells at most \(limit) apart", column: name)
        }
        return grouping.rows().enumerated().map { group, members in
            (column.formattedValue(at: rows[grouping.firstRows[group]]) ?? "null", members.map { rows[$0] })
        }
    }

    /// The points' lowest and highest y in each of `slices` equal slices of x, in x order.
    private static func envelope(_ points: [ChartPoint], slices: Int) -> [ChartPoint] {
        let low = points.first!.x, high = points.last!.x
        guard high > low else { return [points.min { $0.y < $1.y }!, points.max { $0.y < $1.y }!] }
        var kept: [ChartPoint] = []
        var start = 0
        for slice in 0..<slices {
            let end = slice == slices - 1 ? points.count : points[start...].firstIndex { $0.x >= low + (high - low) * Double(slice + 1) / Double(slices) } ?? points.count
            guard end > start else { continue }
            let part = points[start..<end]
            let lowest = part.indices.min { points[$0].y < points[$1].y }!, highest = part.indices.max { points[$0].y < points[$1].y }!
            for index in [lowest, highest].sorted() where kept.last != points[index] { kept.append(points[index]) }
            start = end
        }
        return kept
    }

    private static func note(_ notes: [String]) -> String? {
        notes.isEmpty ? nil : notes.joined(separator: "; ")
    }
}
