/// Rows of cells as aligned text: each column as wide as its widest cell, two spaces between,
/// text columns padded on the right and number columns on the left. The last column may be left
/// unpadded (a bar or a list that ends the line).
struct TextGrid {
    var rows: [[String]]
    /// Whether a column's cells line up on the right (numbers).
    var rightAligned: (Int) -> Bool
    var padsLastColumn = true

    /// The aligned lines, trailing spaces removed.
    var lines: [String] {
        let columnCount = rows.map(\.count).max() ?? 0
        let widths = (0..<columnCount).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if column == row.count - 1, !padsLastColumn { return cell }
                return rightAligned(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
