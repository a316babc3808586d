import SluiceData

/// Renders a ``Table`` as its first rows plus a "N rows × M columns" line,
/// in plain text for terminals and HTML for notebooks.
public struct TableRenderer: Sendable {
    /// How many rows to show at most.
    public var maxRows: Int
    /// The widest line of the text rendering (a terminal's width), or nil for no limit: the
    /// leading columns that fit are shown, and a cell wider than half of it is cut with "…".
    public var maxWidth: Int?
    /// The text shown for a missing value.
    public static let missingText = "null"

    /// Creates a renderer that shows at most `maxRows` rows, in lines of at most `maxWidth` characters.
    public init(maxRows: Int = 10, maxWidth: Int? = nil) {
        self.maxRows = maxRows
        self.maxWidth = maxWidth
    }

    /// Both renderings of `table`.
    public func bundle(for table: Table) -> MimeBundle {
        MimeBundle(plainText: plainText(for: table), html: html(for: table))
    }

    /// The shape line: `7,043 rows × 20 columns`, noting when rows are cut.
    public func shapeLine(for table: Table) -> String {
        let rows = table.rowCount == 1 ? "1 row" : "\(formatCount(table.rowCount)) rows"
        let columns = table.columnCount == 1 ? "1 column" : "\(formatCount(table.columnCount)) columns"
        let shown = table.rowCount > maxRows ? " (first \(maxRows) shown)" : ""
        return "\(rows) × \(columns)\(shown)"
    }

    /// An aligned text table: names, kinds, a rule, the rows, the shape line.
    public func plainText(for table: Table) -> String {
        let shownRows = min(table.rowCount, maxRows)
        var grid: [[String]] = table.columns.map { column in
            [column.name, column.kind.rawValue] + Self.cellTexts(column, rows: shownRows).map { $0 ?? Self.missingText }
        }
        var columns = table.columns
        var hidden = 0
        if let maxWidth {
            let cellLimit = max(8, maxWidth / 2)
            grid = grid.map { cells in cells.map { $0.count > cellLimit ? String($0.prefix(cellLimit - 1)) + "…" : $0 } }
            // Keep the leading columns that fit beside a "…" column standing for the rest.
            var used = 0, kept = 0
            for cells in grid {
                let width = cells.map(\.count).max() ?? 0
                let needed = used + (kept > 0 ? 2 : 0) + width
                let reserve = kept + 1 < grid.count ? 3 : 0
                if needed + reserve > maxWidth, kept > 0 { break }
                used = needed
                kept += 1
            }
            hidden = grid.count - kept
            if hidden > 0 {
                grid = Array(grid.prefix(kept)) + [["…", ""] + Array(repeating: "…", count: shownRows)]
                columns = Array(columns.prefix(kept))
            }
        }
        let widths = grid.map { cells in cells.map(\.count).max() ?? 0 }
        for (index, column) in columns.enumerated() {
            let rightAligned = column.kind.isNumeric
            grid[index] = grid[index].enumerated().map { row, cell in
                pad(cell, to: widths[index], right: rightAligned && row >= 2)
            }
        }
        var lines: [String] = []
        for row in 0..<(shownRows + 2) {
            if row == 2 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
            lines.append(grid.map { $0[row] }.joined(separator: "  ").trailingSpacesRemoved())
        }
        let hiddenNote = hidden > 0 ? "; \(hidden) more column\(hidden == 1 ? "" : "s") do not fit the width" : ""
        lines.append(shapeLine(for: table) + hiddenNote)
        return lines.joined(separator: "\n")
    }

    /// An HTML table with a header of names and kinds, the rows, and the shape line.
    public func html(for table: Table) -> String {
        let shownRows = min(table.rowCount, maxRows)
        var html = "<div class=\"sluice-table\">\n<table>\n<thead>\n<tr><th></th>"
        for column in table.columns {
            html += "<th>\(escapeHTML(column.name))</th>"
        }
        html += "</tr>\n<tr><th></th>"
        for column in table.columns {
            html += "<th style=\"font-weight:normal;opacity:0.65;font-size:0.85em\">\(column.kind.rawValue)</th>"
        }
        html += "</tr>\n</thead>\n<tbody>\n"
        let texts = table.columns.map { Self.cellTexts($0, rows: shownRows) }
        for row in 0..<shownRows {
            html += "<tr><th>\(row)</th>"
            for (index, column) in table.columns.enumerated() {
                let align = column.kind.isNumeric ? " style=\"text-align:right\"" : ""
                if let value = texts[index][row] {
                    html += "<td\(align)>\(escapeHTML(value))</td>"
                } else {
                    html += "<td\(align)><span style=\"opacity:0.5;font-style:italic\">\(Self.missingText)</span></td>"
                }
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n<p>\(escapeHTML(shapeLine(for: table)))</p>\n</div>"
        return html
    }

    /// The texts of the first `rows` cells: floats to six significant digits, datetimes in ISO 8601 (dates
    /// alone when every one shown is a midnight), everything else as stored; nil where missing.
    static func cellTexts(_ column: Column, rows: Int) -> [String?] {
        switch column.values {
        case .float(let values, let missing):
            return (0..<rows).map { missing.isMissing($0) ? nil : formatCellFloat(values[$0]) }
        case .datetime(let values, let missing):
            let datesOnly = (0..<rows).allSatisfy { missing.isMissing($0) || DateTimeParser.isMidnight(values[$0]) }
            return (0..<rows).map { missing.isMissing($0) ? nil : DateTimeParser.format(values[$0], dateOnly: datesOnly) }
        default:
            return (0..<rows).map(column.formattedValue)
        }
    }

    private func pad(_ text: String, to width: Int, right: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}

extension String {
    fileprivate func trailingSpacesRemoved() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
