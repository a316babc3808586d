import SluiceData

/// Renders `describe`: one row per column with its counts, statistics and a
/// histogram (numbers) or its most frequent values (everything else).
public struct ProfileRenderer: Sendable {
    /// The width the text rendering fits (a terminal's); nil for no limit.
    public var maxWidth: Int?

    public init(maxWidth: Int? = nil) {
        self.maxWidth = maxWidth
    }

    /// Both renderings.
    public func bundle(for profiles: [ColumnProfile], rowCount: Int) -> MimeBundle {
        MimeBundle(plainText: plainText(for: profiles, rowCount: rowCount), html: html(for: profiles, rowCount: rowCount))
    }

    static let statisticHeaders = ["mean", "std", "min", "25%", "50%", "75%", "max"]
    private static let headers = ["column", "kind", "count", "missing", "distinct"] + statisticHeaders + ["distribution"]
    /// The columns a narrow terminal goes without, the first first.
    private static let droppedWhenNarrow = ["25%", "75%", "50%", "distinct", "std", "min", "max", "missing"]
    /// The fewest characters of a distribution worth showing.
    private static let shortestDistribution = 12

    /// The mean and spread are measurements; the minimum, quartiles and maximum are values of the data.
    /// Datetimes show as ISO 8601, their spread as a duration.
    private func statistics(_ profile: ColumnProfile) -> [String] {
        guard let numeric = profile.numeric else { return Array(repeating: "", count: Self.statisticHeaders.count) }
        let values = [numeric.minimum, numeric.firstQuartile, numeric.median, numeric.thirdQuartile, numeric.maximum]
        guard profile.kind == .datetime else {
            return [formatMeasure(numeric.mean), numeric.standardDeviation.map(formatMeasure) ?? ""] + values.map(formatStatistic)
        }
        return [formatInstant(numeric.mean), numeric.standardDeviation.map(formatDuration) ?? ""] + values.map(formatInstant)
    }

    /// A histogram's sparkline; over time, followed by the time it spans.
    private func distribution(_ profile: ColumnProfile) -> String {
        if let numeric = profile.numeric {
            guard profile.kind == .datetime else { return sparkline(numeric.histogram) }
            return sparkline(numeric.histogram) + " over " + formatDuration(numeric.maximum - numeric.minimum)
        }
        return profile.topValues.map { "\($0.value) \(formatCount($0.count))" }.joined(separator: " · ")
    }

    /// An aligned text table, numbers right-aligned, with a sparkline or top values last. Within
    /// ``maxWidth``, the top values are cut (at a value where they can be) and, when that is not
    /// enough, the least telling statistics are left out and named below the table.
    public func plainText(for profiles: [ColumnProfile], rowCount: Int) -> String {
        var headers = Self.headers
        var rows = profiles.map { profile in
            [profile.name, profile.kind.rawValue, formatCount(profile.count), formatCount(profile.missing),
             formatCount(profile.distinct)] + statistics(profile) + [distribution(profile)]
        }
        var notes: [String] = []
        if let maxWidth {
            func widthBeforeDistribution() -> Int {
                (0..<headers.count - 1).map { column in ([headers] + rows).map { $0[column].count }.max() ?? 0 }
                    .reduce(0) { $0 + $1 + 2 }
            }
            var dropped: [String] = []
            for name in Self.droppedWhenNarrow where widthBeforeDistribution() + Self.shortestDistribution > maxWidth {
                guard let column = headers.firstIndex(of: name) else { continue }
                headers.remove(at: column)
                rows = rows.map { row in var row = row; row.remove(at: column); return row }
                dropped.append(name)
            }
            let room = max(4, maxWidth - widthBeforeDistribution())
            rows = rows.map { row in row.dropLast() + [Self.cut(row[row.count - 1], to: room)] }
            if !dropped.isEmpty {
                notes.append(TextFolding.fold("(\(dropped.joined(separator: ", ")) left out to fit \(maxWidth) columns)", width: maxWidth))
            }
        }
        let numberColumns = 2..<(headers.count - 1)
        let lines = TextGrid(rows: [headers] + rows, rightAligned: { numberColumns.contains($0) }, padsLastColumn: false).lines
        return (lines + ["\(formatCount(rowCount)) rows × \(formatCount(profiles.count)) columns"] + notes).joined(separator: "\n")
    }

    /// `text` in at most `width` characters: cut after the last whole ` · `-separated value that fits, or at
    /// a character, and ended with `…`.
    static func cut(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        let kept = String(text.prefix(width - 1))
        if let boundary = kept.range(of: " · ", options: .backwards) {
            return String(kept[..<boundary.lowerBound]) + " …"
        }
        return kept + "…"
    }

    /// An HTML table with an SVG histogram or top-values chart per column.
    public func html(for profiles: [ColumnProfile], rowCount: Int) -> String {
        var html = "<div class=\"sluice-describe\">\n<table>\n<thead><tr>"
        for header in ["column", "kind", "count", "missing", "distinct"] + Self.statisticHeaders + ["distribution"] {
            html += "<th>\(escapeHTML(header))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for profile in profiles {
            html += "<tr><th style=\"text-align:left\">\(escapeHTML(profile.name))</th>"
            html += "<td style=\"opacity:0.65\">\(profile.kind.rawValue)</td>"
            for cell in [formatCount(profile.count), formatCount(profile.missing), formatCount(profile.distinct)] + statistics(profile) {
                html += "<td style=\"text-align:right\">\(escapeHTML(cell))</td>"
            }
            let chart = profile.numeric.map { SVGCharts.histogram($0.histogram, label: profile.kind == .datetime ? formatInstant : formatStatistic) }
                ?? SVGCharts.topValues(profile.topValues, total: profile.count)
            html += "<td>\(chart)</td></tr>\n"
        }
        html += "</tbody>\n</table>\n<p>\(formatCount(rowCount)) rows × \(formatCount(profiles.count)) columns</p>\n</div>"
        return html
    }
}
