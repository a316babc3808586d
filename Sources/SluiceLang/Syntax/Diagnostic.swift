import SluiceDisplay

/// One problem in a program, with the span it concerns and, where possible, a fix.
public struct Diagnostic: Error, Sendable, Equatable {
    /// The family of problem; front ends show it as the error's name.
    public enum Category: String, Sendable {
        /// The text is not well-formed.
        case syntax = "SyntaxError"
        /// A name, column, parameter or option is unknown.
        case name = "NameError"
        /// A value has the wrong type or range.
        case type = "TypeError"
        /// Running the statement failed (a missing file, a malformed CSV, …).
        case runtime = "RuntimeError"
        /// The user interrupted the work.
        case interrupted = "Interrupted"
    }

    public var category: Category
    /// The one-line message: `unknown name `chrn``.
    public var message: String
    public var span: SourceSpan
    /// A short note under the caret.
    public var label: String?
    /// A suggested fix.
    public var help: String?

    public init(_ category: Category, _ message: String, span: SourceSpan, label: String? = nil, help: String? = nil) {
        self.category = category
        self.message = message
        self.span = span
        self.label = label
        self.help = help
    }

    /// Renders the diagnostic for a person:
    ///
    ///     error: unknown name `chrn`
    ///      --> cell 3, line 2:10
    ///       |
    ///     2 | chrn | take 5
    ///       | ^^^^ not bound
    ///       = help: did you mean `churn`?
    ///
    /// With `colored`, ANSI colours mark it as compilers do: `error` and the carets red, the
    /// gutter blue, `help` green, the message bold. With `width` (a terminal's), the message, a label
    /// that does not fit beside its carets and the help fold at word boundaries to fit it.
    public func rendered(source: String, sourceName: String, colored: Bool = false, width: Int? = nil) -> String {
        func paint(_ text: String, _ code: String) -> String { colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        func fold(_ text: String, _ room: Int) -> [String] {
            guard let width else { return [text] }
            return TextFolding.fold(text, width: max(20, width - room)).components(separatedBy: "\n")
        }
        let lines = source.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        let lineNumber = span.start.line
        let gutter = String(repeating: " ", count: String(lineNumber).count)
        let bar = paint("|", "1;34")
        var text = paint("error", "1;31") + fold(": \(message)", 5).map { paint($0, "1") }.joined(separator: "\n")
            + "\n\(gutter)" + paint("-->", "1;34") + " \(sourceName), line \(lineNumber):\(span.start.column)"
        if lineNumber >= 1, lineNumber <= lines.count {
            var sourceLine = String(lines[lineNumber - 1]).replacingOccurrences(of: "\r", with: "")
            let lineLength = sourceLine.count
            var caretStart = min(span.start.column, lineLength + 1)
            let caretEnd = span.end.line == span.start.line ? span.end.column : lineLength + 1
            var caretCount = max(1, min(caretEnd, lineLength + 1) - caretStart)
            // A line wider than the terminal shows a window around the span, cut ends marked `…`.
            if let width, lineLength + 1 > width - gutter.count - 3 {
                let room = max(20, width - gutter.count - 4)
                let start = max(0, min(caretStart - 1 - room / 3, lineLength + 1 - room))
                var window = Array(sourceLine.dropFirst(start).prefix(room))
                if start > 0 { window[0] = "…" }
                if start + room < lineLength { window[window.count - 1] = "…" }
                sourceLine = String(window)
                caretStart -= start
                caretCount = max(1, min(caretCount, room + 1 - caretStart))
            }
            let carets = String(repeating: "^", count: caretCount)
            let margin = "\(gutter) \(bar) "
            text += "\n\(gutter) \(bar)\n" + paint("\(lineNumber) |", "1;34") + " \(sourceLine)\n" + margin
                + String(repeating: " ", count: caretStart - 1)
            let besideCarets = gutter.count + 3 + caretStart - 1 + caretCount + 1 + (label?.count ?? 0)
            if let label, let width, besideCarets > width {
                // The label goes under the carets (or under the margin when too little room is left there), folded.
                let room = width - gutter.count - 3
                let indent = room - (caretStart - 1) >= min(label.count, 20) ? caretStart - 1 : 0
                text += paint(carets, "1;31")
                for line in TextFolding.fold(label, width: room - indent).components(separatedBy: "\n") {
                    text += "\n" + margin + String(repeating: " ", count: indent) + paint(line, "1;31")
                }
            } else {
                text += paint(carets + (label.map { " \($0)" } ?? ""), "1;31")
            }
        }
        if let help {
            let folded = fold("help: \(help)", gutter.count + 3)
            text += "\n\(gutter) " + paint("=", "1;34") + " " + paint("help", "1;32") + folded[0].dropFirst(4)
            for line in folded.dropFirst() { text += "\n\(gutter)   " + line }
        }
        return text
    }
}

/// The diagnostics of a cell or script that could not run, in source order.
public struct SluiceError: Error, Sendable {
    public var diagnostics: [Diagnostic]
    /// The text the diagnostics point into.
    public var source: String
    /// How the source is named in messages: `cell 3`, `churn.sluice`.
    public var sourceName: String

    /// The first diagnostic's category, as an error name (`SyntaxError`).
    public var name: String { diagnostics.first?.category.rawValue ?? "Error" }

    /// The first diagnostic's message, with a count of the others.
    public var summary: String {
        guard let first = diagnostics.first else { return "error" }
        let others = diagnostics.count - 1
        return others == 0 ? first.message : "\(first.message) (and \(others) more error\(others == 1 ? "" : "s"))"
    }

    /// Every diagnostic, rendered, separated by blank lines.
    public var rendered: String { rendered(colored: false) }

    /// Every diagnostic, rendered (with ANSI colours when `colored`, folded to `width` when given),
    /// separated by blank lines.
    public func rendered(colored: Bool, width: Int? = nil) -> String {
        diagnostics.map { $0.rendered(source: source, sourceName: sourceName, colored: colored, width: width) }
            .joined(separator: "\n\n")
    }
}
