import SluiceData

/// Renders `describe`: one row per column with its counts, statistics and a
/// histogram (numbers) or its most frequent values (everything else).
public struct ProfileRenderer: Sendable {
    public init() {}

    /// Both renderings.
    public func bundle(for profiles: [ColumnProfile], rowCount: Int) -> MimeBundle {
        MimeBundle(plainText: plainText(for: profiles, rowCount: rowCount), html: html(for: profiles, rowCount: rowCount))
    }

    static let statisticHeaders = ["mean", "std", "min", "25%", "50%", "75%", "max"]

    private func statistics(_ profile: ColumnProfile) -> [String] {
        guard let numeric = profile.numeric else { return Array(repeating: "", count: Self.statisticHeaders.count) }
        return [numeric.mean, numeric.standardDeviation, numeric.minimum, numeric.firstQuartile, numeric.median,
                numeric.thirdQuartile, numeric.maximum].map { $0.map(formatStatistic) ?? "" }
    }

    private func distribution(_ profile: ColumnProfile) -> String {
        if let numeric = profile.numeric { return sparkline(numeric.histogram) }
        return profile.topValues.map { "\($0.value) \(formatCount($0.count))" }.joined(separator: " · ")
    }

    /// An aligned text table, numbers right-aligned, with a sparkline or top values last.
    public func plainText(for profiles: [ColumnProfile], rowCount: Int) -> String {
        let headers = ["column", "kind", "count", "missing", "distinct"] + Self.statisticHeaders + ["distribution"]
        var rows = [headers]
        for profile in profiles {
            rows.append([profile.name, profile.kind.rawValue, formatCount(profile.count), formatCount(profile.missing),
                         formatCount(profile.distinct)] + statistics(profile) + [distribution(profile)])
        }
        let widths = headers.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                let rightAligned = column >= 2 && column < headers.count - 1
                return rightAligned ? padding + cell : (column == headers.count - 1 ? cell : cell + padding)
            }.joined(separator: "  ")
        }
        return (lines + ["\(formatCount(rowCount)) rows × \(formatCount(profiles.count)) columns"]).joined(separator: "\n")
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
            html += "<td style=\"color:#777\">\(profile.kind.rawValue)</td>"
            for cell in [formatCount(profile.count), formatCount(profile.missing), formatCount(profile.distinct)] + statistics(profile) {
                html += "<td style=\"text-align:right\">\(escapeHTML(cell))</td>"
            }
            let chart = profile.numeric.map { SVGCharts.histogram($0.histogram) }
                ?? SVGCharts.topValues(profile.topValues, total: profile.count)
            html += "<td>\(chart)</td></tr>\n"
        }
        html += "</tbody>\n</table>\n<p>\(formatCount(rowCount)) rows × \(formatCount(profiles.count)) columns</p>\n</div>"
        return html
    }
}
