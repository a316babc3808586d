/// A titled list of named values, one a line: the layout of a model card and of a lineage.
struct KeyValueCard {
    var title: String
    var rows: [(name: String, value: String)]
    /// The `class` of the HTML `div`.
    var htmlClass: String

    /// The title, then each name padded to the longest, two spaces and its value (a value's further lines
    /// indented under the first).
    var textLines: [String] {
        let width = rows.map(\.name.count).max() ?? 0
        return [title] + rows.flatMap { row in
            row.value.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
                (index == 0 ? row.name : "").padding(toLength: width, withPad: " ", startingAt: 0) + "  " + line
            }
        }
    }

    /// The title in bold over a table of names and values, the `div` left open for more.
    var htmlOpening: String {
        var html = "<div class=\"\(htmlClass)\"><strong>\(escapeHTML(title))</strong>\n<table>"
        for (name, value) in rows {
            // Lines as they are: a statement keeps its indentation.
            html += "<tr><th style=\"text-align:left;vertical-align:top\">\(escapeHTML(name))</th>"
                + "<td style=\"text-align:left;white-space:pre-wrap\">\(escapeHTML(value))</td></tr>"
        }
        return html + "</table>"
    }
}
