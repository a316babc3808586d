/// Folds text to a width at word boundaries, as a terminal would not: a line longer than the width
/// breaks at its last space that fits, and the rest continues under the line's own indentation. A word
/// longer than the width stays whole on a line of its own.
public enum TextFolding {
    public static func fold(_ text: String, width: Int) -> String {
        guard width > 0 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { fold(line: String($0), width: width) }
            .joined(separator: "\n")
    }

    private static func fold(line: String, width: Int) -> String {
        guard line.count > width else { return line }
        let indent = String(line.prefix { $0 == " " })
        var lines: [String] = []
        var current = ""
        // Continuation lines go under the text, two further spaces in when the line itself is indented.
        let continuation = indent + (indent.isEmpty ? "" : "  ")
        for word in line.dropFirst(indent.count).split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = indent + word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = continuation + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }
}
